"""fostlog render: the action log and the minutes as Markdown (golden files) and as HTML
(checked with a real HTML5 parser for structure, self-containment and escaping)."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import html5lib
import pytest
from typer.testing import CliRunner

from conftest import DATA, MiniRepo
from fostlog.cli import app
from fostlog.core.escape import markdown_text
from fostlog.files.load import load_repository
from fostlog.queries.action_log import action_log

GOLDEN = Path(__file__).parent / "golden" / "render"
ENV = {"FOSTLOG_TODAY": "2025-10-01", "NO_COLOR": "1", "FOSTLOG_DATA": str(DATA)}
NS = "{http://www.w3.org/1999/xhtml}"
runner = CliRunner()

# The action log of the 7 July 2025 minutes, "updated 17 September" (004_e0affe79a15288f1.txt).
SEPTEMBER_2025 = {
    "49": "complete", "48": "complete", "47": "open", "46": "open", "45": "complete",
    "44": "complete", "43": "complete", "42": "No longer relevant", "41": "Complete",
    "40": "Complete", "39": "Complete", "38": "complete", "37": "complete", "36": "closed",
    "35": "complete", "34": "Closed", "33": "complete",
}


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, list(args), env={**ENV, **(env or {})})


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}: run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def markdown_rows(text: str) -> dict[str, list[str]]:
    """No. -> cells of each row of the Markdown action-log table."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) == 6 and cells[0] not in ("No.", "---"):
            rows[cells[0]] = cells
    return rows


def parse(text: str) -> Any:
    return html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=True)


# --- the action log ---------------------------------------------------------------------------


def test_september_2025_log_matches_the_minutes() -> None:
    result = run("render", "actions", "--as-of", "2025-09-17")
    assert result.exit_code == 0, result.output
    assert ("Action log: as of 17 September 2025, the latest report or meeting it holds."
            in result.stdout)
    rows = markdown_rows(result.stdout)
    for number, wording in SEPTEMBER_2025.items():
        status = rows[number][4]
        assert wording in status or status == wording, (number, status)
    assert rows["47"][4] == "open" and rows["42"][4] == 'dropped ("No longer relevant")'
    assert rows["49"][2:4] == ["MC", "July 2025"]
    order = list(rows)
    open_rows = [n for n in order if rows[n][4].startswith(("open", "in progress"))]
    assert order[: len(open_rows)] == open_rows, "open actions come first"
    assert order.index("47") < order.index("49")
    check_golden("actions-2025-09-17.md", result.stdout)


def test_log_as_of_january_2022_has_actions_1_to_10_only() -> None:
    result = run("render", "actions", "--as-of", "2022-01-20")
    assert result.exit_code == 0, result.output
    assert sorted(markdown_rows(result.stdout), key=int) == [str(n) for n in range(1, 11)]
    assert markdown_rows(result.stdout)["9"][4] == 'done ("Closed")'


def test_actions_closed_before_the_last_meeting_drop_off_unless_all() -> None:
    repo, _ = load_repository(DATA)
    log = action_log(repo, date(2025, 9, 17))
    ids = [row.id for row in log.rows]
    assert "9" not in ids  # closed in January 2022
    assert "10" in ids  # still open: nothing since says otherwise
    everything = action_log(repo, date(2025, 9, 17), every_action=True)
    assert "9" in [row.id for row in everything.rows]
    assert "2021-07-19/3" in log.unnumbered_open


def test_action_log_html_is_self_contained_and_shades_completed_rows() -> None:
    result = run("render", "actions", "--as-of", "2025-09-17", "--format", "html")
    assert result.exit_code == 0, result.output
    tree = parse(result.stdout)
    assert tree.find(f".//{NS}script") is None
    for element in tree.iter():
        assert not any(name.startswith("on") for name in element.attrib), element.tag
        for name in ("src", "href"):
            assert name not in element.attrib, (element.tag, name)
    assert tree.find(f".//{NS}link") is None
    style = tree.find(f".//{NS}style")
    assert style is not None and "@media print" in (style.text or "")
    assert "url(" not in (style.text or "") and "@import" not in (style.text or "")
    headers = [th.text for th in tree.iter(f"{NS}th")]
    assert headers == ["No.", "Action", "Responsible", "Date issued", "Status", "Update"]
    rows = {
        tr.find(f"{NS}td").text: tr.get("class")
        for tr in tree.iter(f"{NS}tr")
        if tr.find(f"{NS}td") is not None
    }
    assert rows["49"] == "complete" and rows["47"] == "open"
    text = "".join(tree.itertext())
    # The same preamble as the Markdown log: the words are the outline's, not the format's.
    assert ("Action log: as of 17 September 2025, the latest report or meeting it holds.\n"
            "Open actions first; completed actions after them.") in text


# --- the minutes -------------------------------------------------------------------------------


def test_meeting_2022_01_26_markdown() -> None:
    result = run("render", "meeting", "2022-01-26")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "**Chair:** Deborah Glassbrook" in text
    assert "- **Kent:** Mark Vening; Nicola Anthony" in text
    assert "- **West Berkshire:** Karl Davis; Keith Langley" in text
    section = text.split("## LAs not represented\n\n", 1)[1].split("\n", 1)[0]
    assert section == "Isle of Wight, Milton Keynes, Surrey"
    assert "## Action log as of the meeting" in text
    check_golden("meeting-2022-01-26.md", text)


def test_meeting_2022_01_26_html_lists_attendees_and_absent_las() -> None:
    result = run("render", "meeting", "2022-01-26", "--format", "html")
    assert result.exit_code == 0, result.output
    tree = parse(result.stdout)
    headings = [h.text for h in tree.iter(f"{NS}h2")]
    assert headings[:4] == ["Attendees", "LAs not represented", "Apologies", "Items"]
    attendees = ["".join(li.itertext()) for li in tree.iter(f"{NS}li")]
    assert "Slough: Jo Conlon; Yemi Ukwenu" in attendees
    assert len([a for a in attendees if not a.startswith("SESLIP")]) == 16
    paragraphs = ["".join(p.itertext()) for p in tree.iter(f"{NS}p")]
    assert "Isle of Wight, Milton Keynes, Surrey" in paragraphs
    assert tree.find(f".//{NS}script") is None


def test_mini_meeting_golden(mini: MiniRepo) -> None:
    result = run("render", "meeting", "2025-07-07", "--data", str(mini.root))
    assert result.exit_code == 0, result.output
    # AfC attending counts for Windsor and Maidenhead; SESLIP's chair represents no LA.
    assert "- **Windsor and Maidenhead:** Holly Clune (Achieving for Children)" in result.stdout
    check_golden("mini-meeting-2025-07-07.md", result.stdout)


# --- escaping ----------------------------------------------------------------------------------

SCRIPT = "<script>alert('x')</script>"
IMAGE = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile(mini: MiniRepo) -> MiniRepo:
    # json.dumps gives a double-quoted string that YAML reads back exactly.
    mini.edit("actions.yaml", "text: MC to share out of hours policy",
              "text: " + json.dumps(f"MC to share {SCRIPT} policy | {IMAGE}"))
    mini.edit("people.yaml", "name: Maria Cordrey", "name: " + json.dumps(f"{IMAGE} Maria"))
    mini.edit("meetings/2025-07-07.yaml", "- title: Out of hours",
              f"- title: {json.dumps(SCRIPT)}\n    notes: {json.dumps(IMAGE)}")
    assert [d for d in mini.lint() if d.is_error] == []
    return mini


@pytest.mark.parametrize("command", [["actions", "--as-of", "2025-09-17"],
                                     ["meeting", "2025-07-07"]])
def test_html_output_is_inert(hostile: MiniRepo, command: list[str]) -> None:
    result = run("render", *command, "--format", "html", "--data", str(hostile.root))
    assert result.exit_code == 0, result.output
    tree = parse(result.stdout)
    assert tree.find(f".//{NS}script") is None
    assert tree.find(f".//{NS}img") is None
    for element in tree.iter():
        assert not any(name.startswith("on") for name in element.attrib), element.tag
    text = "".join(tree.itertext())
    assert SCRIPT in text and IMAGE in text  # shown as text, not dropped


def test_markdown_escapes_table_breakers_and_html(hostile: MiniRepo) -> None:
    result = run("render", "actions", "--as-of", "2025-09-17", "--data", str(hostile.root))
    assert result.exit_code == 0, result.output
    row = markdown_rows(result.stdout)["1"]
    assert row[1].startswith("MC to share \\<script\\>")
    assert "\\|" in row[1]
    assert re.search(r"(?<!\\)<", result.stdout) is None  # every '<' is escaped


def test_escape_keeps_plain_text_readable() -> None:
    assert markdown_text("10.30-12 noon, £13k") == "10.30-12 noon, £13k"
    assert markdown_text("1. Minutes") == "1\\. Minutes"
    assert markdown_text("a|b") == "a\\|b"
    assert markdown_text("B&H, R&D") == "B&H, R&D"  # only an entity's '&' is escaped
    assert markdown_text("&amp;") == "\\&amp;"


# --- files and failures -------------------------------------------------------------------------


def test_out_writes_the_file_and_nothing_to_stdout(tmp_path: Path) -> None:
    out = tmp_path / "log.html"
    result = run("render", "actions", "--as-of", "2025-09-17", "--format", "html",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["log.html"]  # no temporary file left


def test_out_into_a_missing_folder_is_a_plain_error(tmp_path: Path) -> None:
    result = run("render", "actions", "--out", str(tmp_path / "nope" / "log.md"))
    assert result.exit_code == 1
    assert "could not be written" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_meeting_and_bad_date() -> None:
    result = run("render", "meeting", "2022-01-27")
    assert result.exit_code == 1
    assert "no meeting on 2022-01-27" in result.stderr and "2022-01-26" in result.stderr
    result = run("render", "meeting", "26/01/2022")
    assert result.exit_code == 2
    result = run("render", "actions", "--format", "pdf")
    assert result.exit_code == 2


def test_data_errors_stop_rendering(mini: MiniRepo) -> None:
    mini.edit("actions.yaml", "status: done", "status: finished")
    result = run("render", "actions", "--data", str(mini.root))
    assert result.exit_code == 1
    assert "actions.yaml:" in result.stderr and "finished" in result.stderr


def test_every_command_help_has_an_example() -> None:
    for command in (["render", "actions"], ["render", "meeting"], ["new", "meeting"],
                    ["schema"], ["actions", "update"], ["actions", "add"]):
        result = run(*command, "--help")
        assert result.exit_code == 0, command
        assert "Examples:" in result.stdout and "fostlog " in result.stdout, command


def test_worked_out_not_represented_follows_the_attendance_rule(mini: MiniRepo) -> None:
    # With a full list and no 'not represented' line, the minutes work the list out with
    # the same rule as `fostlog attendance`: an LA that sent apologies is not listed.
    from fostlog.queries.minutes import not_represented

    mini.edit("meetings/2025-07-07.yaml", "not_represented: [surrey]", "not_represented: null")
    repo = load_repository(mini.root)[0]
    assert not_represented(repo.meetings[0], repo) == (["Surrey"], True)
    mini.edit("meetings/2025-07-07.yaml", "apologies: null",
              "apologies:\n  - {authority: surrey}")
    repo = load_repository(mini.root)[0]
    assert not_represented(repo.meetings[0], repo) == ([], True)
