"""fostlog digest: each owner's open actions, checked against the register read
independently here; nothing about anyone else; overdue first, oldest first; plain text
and Markdown."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt  # installed with rich
from typer.testing import CliRunner

from conftest import DATA, MiniRepo
from fostlog.cli import app
from fostlog.core.models import Action
from fostlog.core.repository import Repository
from fostlog.files.load import load_repository
from fostlog.render.outline import Document, Paragraph, Row, cells_table
from fostlog.render.text_docs import render_text

ENV = {"FOSTLOG_TODAY": "2025-10-01", "NO_COLOR": "1", "FOSTLOG_DATA": str(DATA)}
ITEM = re.compile(r"^- (?:\*\*)?(?:No\. |Action )(\S+?):", re.MULTILINE)
runner = CliRunner()


def run(*args: str) -> Any:
    return runner.invoke(app, list(args), env=ENV)


@pytest.fixture(scope="module")
def repo() -> Repository:
    loaded, _ = load_repository(DATA)
    return loaded


# The register read without fostlog's query code.
def open_on(action: Action, day: date) -> bool:
    if action.raised_precision == "month":
        raised = action.raised.replace(day=1) <= day
    else:
        raised = action.raised <= day
    reports = [o for o in action.history if o.as_of <= day]
    return raised and (not reports or reports[-1].status in ("open", "in_progress"))


def listed(text: str) -> list[str]:
    return ITEM.findall(text)


def test_re_on_26_january_2022_lists_exactly_rebeccas_open_actions(repo: Repository) -> None:
    day = date(2022, 1, 26)
    result = run("digest", "--owner", "RE", "--as-of", "2022-01-26")
    assert result.exit_code == 0, result.output
    expected = {a.id for a in repo.actions
                if "rebecca-eligon" in a.owners and open_on(a, day)}
    assert expected  # the check means something
    assert sorted(listed(result.stdout)) == sorted(expected)
    assert result.stdout.startswith("Rebecca Eligon (RE): open actions on 26 January 2022\n")


def test_nothing_about_anyone_else(repo: Repository) -> None:
    text = run("digest", "--owner", "RE", "--as-of", "2022-01-26").stdout
    others = {repo.person_name(p) for a in repo.actions for p in a.owners} - {"Rebecca Eligon"}
    flat = " ".join(text.split())
    for name in others:
        assert name not in flat, name
    assert "for Rebecca Eligon (RE)" in flat


def test_overdue_first_then_oldest_first(repo: Repository) -> None:
    text = run("digest", "--owner", "All", "--as-of", "2025-09-17").stdout
    assert listed(text) == ["4", "7", "2"]  # 4 and 7 overdue (raised Oct 2021, Jan 2022)
    assert text.index("Overdue\n-------") < text.index("Not yet due, or no due date")
    assert "Due: April 2022, overdue (\"Discuss at April meeting\")" in " ".join(text.split())


def test_every_owner_with_open_actions_gets_a_note(repo: Repository) -> None:
    day = date(2022, 1, 26)
    result = run("digest", "--as-of", "2022-01-26", "--format", "markdown")
    assert result.exit_code == 0, result.output
    notes = re.split(r"^## ", result.stdout, flags=re.MULTILINE)[1:]
    by_owner = {note.split("\n", 1)[0]: note for note in notes}
    people = {p for a in repo.actions if open_on(a, day) for p in a.owners}
    for person in people:
        name = repo.person_name(person)
        heading = next(h for h in by_owner if h.startswith(name))
        expected = {a.id for a in repo.actions if person in a.owners and open_on(a, day)}
        assert set(listed(by_owner[heading])) == expected, name
    assert "All" in by_owner and "Reading" in by_owner
    # Every open action that has an owner is in someone's note.
    owned = {a.id for a in repo.actions if open_on(a, day)
             and (a.owners or a.owner_authorities or a.whole_group or a.unresolved_owners)}
    assert {i for note in notes for i in listed(note)} == owned


def test_markdown_reads_as_a_list() -> None:
    text = run("digest", "--owner", "RE", "--as-of", "2022-01-26", "--format", "markdown").stdout
    html = MarkdownIt("commonmark").render(text)
    assert html.count("<li>") == 4 and "<strong>No. 10:</strong>" in html


def test_an_owner_with_nothing_open() -> None:
    result = run("digest", "--owner", "Kent", "--as-of", "2022-01-26")
    assert result.exit_code == 0, result.output
    assert "Nothing on the action log" in result.stdout and "open for Kent" in result.stdout


def test_unknown_owner_and_bad_date() -> None:
    result = run("digest", "--owner", "Rebeca Eligon")
    assert result.exit_code == 2 and "Did you mean Rebecca Eligon?" in result.stderr
    result = run("digest", "--as-of", "26/01/2022")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_out_writes_the_note(tmp_path: Path) -> None:
    out = tmp_path / "re.txt"
    result = run("digest", "--owner", "RE", "--as-of", "2022-01-26", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and out.read_text(encoding="utf-8").startswith("Rebecca Eligon")


def test_help_has_examples() -> None:
    result = run("digest", "--help")
    assert result.exit_code == 0 and "Examples:" in result.stdout
    assert "fostlog digest --owner RE" in result.stdout


# --- plain text is safe to paste ------------------------------------------------------------


def test_control_characters_never_reach_the_terminal(mini: MiniRepo) -> None:
    mini.edit("actions.yaml", "text: MC to share out of hours policy",
              "text: " + json.dumps("MC to share \x1b[2J\x1b[31m policy\x07"))
    assert [d for d in mini.lint() if d.is_error] == []
    result = runner.invoke(app, ["digest", "--owner", "MC", "--as-of", "2025-08-01",
                                 "--data", str(mini.root)], env=ENV)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "MC to share \ufffd[2J\ufffd[31m policy\ufffd" in result.stdout


def test_text_lines_are_wrapped_and_tables_become_entries() -> None:
    doc = Document("T", "T", (Paragraph("word " * 40),
                              cells_table(("No.", "Action"), (Row(("1", "Do it")),))))
    text = render_text(doc)
    assert max(len(line) for line in text.splitlines()) <= 78
    assert "- No.: 1; Action: Do it\n" in text
