"""Property tests: lint holds up against any damage to the real data files.

Each case starts from one file in data/, damages it (deletes a key, changes a type,
duplicates an entry, swaps two dates, inserts unicode or control characters, truncates it
at a byte) and runs `fostlog lint` on the repository. Whatever the damage, lint must not
raise, every diagnostic must name a file and a line that exists in it, and the exit code
must be 1 exactly when an error was reported. A repository that is still valid must
survive load -> write -> load unchanged.

The number of cases comes from HYPOTHESIS_PROFILE: 'ci' (the default, bounded for
`make test`) or 'long' (`make fuzz`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import DATA, MINI
from fostlog.cli import app
from fostlog.core.kinds import file_contents, records_of, repository_attributes
from fostlog.files.load import load_repository

PROFILES = {
    "ci": settings(max_examples=120, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow]),
    "long": settings(max_examples=5000, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow]),
}
SETTINGS = PROFILES[os.environ.get("HYPOTHESIS_PROFILE", "ci")]

REAL_FILES = sorted(str(p.relative_to(DATA)) for p in DATA.rglob("*.yaml"))

NASTY_TEXT = ["\x00", "\x07", "\x1b[31m", "\t", "\r", "\r\n", "\u2028", "\u0085", "\ufeff",
              "\u202e", "\U0001f600", "é", "ß", "'", '"', ":", ": ", "- ", "#", "&a", "*a",
              "!!python/object:os.system", "{", "[", "]", "%", "@", "`", "|", ">", "---",
              "...", "\\", "null", "~", "2021-02-30", "0x1F", "1e400", "yes", "no"]


# --- damage ------------------------------------------------------------------------------


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*prefix, index))
    return found


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    _at(value, path[:-1])[path[-1]] = new
    return value


OTHER_TYPES = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(),
                        st.text(max_size=20), st.dates(), st.just([]), st.just({}),
                        st.lists(st.integers(), max_size=3),
                        st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes, str]:
    """(file, its damaged bytes, what was done) for one real data file."""
    name = draw(st.sampled_from(REAL_FILES))
    raw = (DATA / name).read_bytes()
    kind = draw(st.sampled_from(["delete-key", "change-type", "duplicate-entry",
                                 "swap-dates", "insert-text", "truncate"]))
    if kind == "truncate":
        return name, raw[: draw(st.integers(0, len(raw)))], kind
    if kind == "insert-text":
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(raw)))
            piece = draw(st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=4)))
            raw = raw[:at] + piece.encode("utf-8", "surrogatepass") + raw[at:]
        return name, raw, kind
    data = yaml.safe_load(raw)
    paths = _paths(data)
    if kind == "delete-key":
        keyed = [p for p in paths if p and isinstance(_at(data, p[:-1]), dict)]
        if keyed:
            path = draw(st.sampled_from(keyed))
            del _at(data, path[:-1])[path[-1]]
    elif kind == "change-type":
        data = _replace(data, draw(st.sampled_from(paths)), draw(OTHER_TYPES))
    elif kind == "duplicate-entry":
        listed = [p for p in paths if p and isinstance(_at(data, p[:-1]), list)]
        if listed:
            path = draw(st.sampled_from(listed))
            _at(data, path[:-1]).insert(path[-1], _at(data, path))
    elif kind == "swap-dates":
        dated = [p for p in paths if isinstance(_at(data, p), date)]
        if len(dated) >= 2:
            first, second = draw(st.permutations(dated))[:2]
            a, b = _at(data, first), _at(data, second)
            data = _replace(_replace(data, first, b), second, a)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return name, text.encode("utf-8"), kind


# --- the properties ----------------------------------------------------------------------


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") + 1


def lint_cli(root: Path) -> tuple[int, list[dict[str, Any]]]:
    result = CliRunner().invoke(app, ["lint", str(root), "--format", "json"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, json.loads(result.stdout)


def check_lint_properties(root: Path) -> list[dict[str, Any]]:
    code, diagnostics = lint_cli(root)
    for d in diagnostics:
        path = Path(d["file"])
        assert path.is_relative_to(root) or not path.is_absolute(), d
        if path.is_file():
            assert 1 <= d["line"] <= _lines(path), d
        assert d["column"] >= 1 and d["message"] and d["rule"], d
    errors = [d for d in diagnostics if d["severity"] == "error"]
    assert code == (1 if errors else 0), (code, errors)
    return diagnostics


def _dump_repository(source: Path, target: Path) -> None:
    """Write what was loaded from `source` as a fresh repository in `target`, kind by kind
    (kinds.file_contents), so a new file kind is round-tripped without a change here."""
    repo, _ = load_repository(source)
    target.mkdir()
    for name, value in file_contents(repo).items():
        path = target / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(yaml.safe_dump(value, sort_keys=False, allow_unicode=True),
                        encoding="utf-8")


def _models(root: Path) -> dict[str, Any]:
    repo, _ = load_repository(root)
    return {attribute: [r.model_dump() for r in records_of(repo, attribute)]
            for attribute in repository_attributes()}


def check_round_trip(root: Path, scratch: Path) -> None:
    if scratch.exists():
        shutil.rmtree(scratch)
    _dump_repository(root, scratch)
    assert _models(scratch) == _models(root)


def test_lint_survives_damage_to_any_real_file(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    ran: Counter[str] = Counter()

    @SETTINGS
    @given(damaged())
    def case(damage: tuple[str, bytes, str]) -> None:
        name, raw, kind = damage
        original = (root / name).read_bytes()
        (root / name).write_bytes(raw)
        try:
            diagnostics = check_lint_properties(root)
            if not any(d["severity"] == "error" for d in diagnostics):
                check_round_trip(root, tmp_path / "round-trip")
                ran["still valid, round-tripped"] += 1
        finally:
            (root / name).write_bytes(original)
        ran[kind] += 1

    case()
    with capsys.disabled():
        total = sum(n for k, n in ran.items() if not k.startswith("still"))
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(ran.items()))
        print(f"\n  damaged-file cases run: {total} ({kinds})")


@pytest.mark.parametrize("source", [DATA, MINI], ids=["data", "mini"])
def test_valid_repository_round_trips(tmp_path: Path, source: Path) -> None:
    assert not [d for d in load_repository(source)[1] if d.is_error]
    check_round_trip(source, tmp_path / "copy")


def test_generated_corpus_round_trips(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import generate

    generate.generate(tmp_path / "corpus", meetings=40, actions=80, years=2, seed=5)
    check_round_trip(tmp_path / "corpus", tmp_path / "copy")


# --- issue 17: numbers written any way, and files that are not files ---------------------

BENCHMARK = "benchmarks/2020-21.yaml"  # in tests/fixtures/mini: Kent's enquiries on line 9

_DIGITS = st.text("0123456789", min_size=1, max_size=12)
COUNT_TEXT = st.one_of(
    _DIGITS,  # decimal, and octal-looking with a leading zero
    st.builds(lambda sign, digits: sign + digits, st.sampled_from(["-", "+"]), _DIGITS),
    st.builds(lambda prefix, digits: prefix + digits,
              st.sampled_from(["0x", "0o", "0b", "0X"]), st.text("0123456789abcdef", min_size=1,
                                                                  max_size=8)),
    st.lists(st.integers(0, 99).map(str), min_size=2, max_size=5).map(":".join),  # 4:15
    st.builds(lambda a, b: f"{a}_{b}", _DIGITS, _DIGITS),
    st.builds(lambda a, b: f"{a}.{b}", _DIGITS, _DIGITS),
    st.sampled_from(["yes", "no", "on", "off", "y", "true", "false", "True", "~", ".inf",
                     "1e5", "1" + "0" * 400, "9" * 5000, "1" + ":59" * 20_000]),
    _DIGITS.map(lambda digits: f"'{digits}'"),
    _DIGITS.map(lambda digits: f'"{digits}"'),
)


@SETTINGS
@given(written=COUNT_TEXT)
def test_a_count_is_a_decimal_number_or_an_error_naming_what_was_written(
        tmp_path_factory: pytest.TempPathFactory, written: str) -> None:
    from fostlog.files.load import load_and_check

    root = tmp_path_factory.mktemp("count") / "data"
    shutil.copytree(MINI, root)
    path = root / BENCHMARK
    path.write_text(path.read_text(encoding="utf-8").replace(
        "enquiries: 40,", f"enquiries: {written},"), encoding="utf-8")
    found = [d for d in load_and_check(root)[1] if d.file == str(path) and d.line == 9]
    decimal = re.fullmatch(r"[-+]?(0|[1-9][0-9]*)", written)
    # ~ is null: blank. int() of 4,300 digits or more raises, so the length is asked first.
    if (decimal and len(written) <= 11 and 0 <= int(written) <= 10**9) or written == "~":
        assert not [d for d in found if d.rule.startswith("schema")], found
        return
    schema = [d for d in found if d.rule in ("schema-type", "schema-value")]
    assert schema, (written, found)
    shown = written.strip("'\"").lower()
    message = schema[0].message
    assert shown[:20] in message.lower() or "digits" in message or "the number" in message, (
        message)
    assert len(message) < 300


NOT_A_FILE = ["fifo", "link-out", "link-to-fifo", "link-to-stdin", "folder", "dangling"]


@SETTINGS
@given(what=st.sampled_from(NOT_A_FILE),
       where=st.sampled_from(["meetings/2025-08-01.yaml", "benchmarks/2021-22.yaml",
                              "people.yaml", "actions.yaml"]))
def test_what_is_not_a_regular_file_inside_is_refused_and_never_opened(
        tmp_path_factory: pytest.TempPathFactory, what: str, where: str) -> None:
    from fostlog.files.load import load_and_check

    base = tmp_path_factory.mktemp("special")
    root = base / "data"
    shutil.copytree(MINI, root)
    path = root / where
    path.unlink(missing_ok=True)
    (base / "outside.yaml").write_text("secret: hunter2\n", encoding="utf-8")
    if what == "fifo":
        os.mkfifo(path)
    elif what == "link-out":
        path.symlink_to(base / "outside.yaml")
    elif what == "link-to-fifo":
        os.mkfifo(root / ".pipe")
        path.symlink_to(root / ".pipe")
    elif what == "link-to-stdin":
        path.symlink_to("/dev/stdin")
    elif what == "folder":
        path.mkdir()
    else:
        path.symlink_to(root / "nowhere.yaml")
    for _ in range(2):  # the second run with the cache the first one left
        found = [d for d in load_and_check(root)[1] if d.file == str(path)
                 and d.rule != "findings-skipped"]  # what it would define, counted
        assert [d.rule for d in found] == ["file-unreadable"], found
        assert "hunter2" not in found[0].message


# --- output escaping: any text, every format (issue 17) ----------------------------------

HOSTILE_PIECES = st.one_of(
    st.sampled_from(["\x1b", "\x1b[2J", "\x9b", "\x00", "\x07", "\x7f", "\t", "\x0b", "\x0c",
                     "\r", "\n", "\r\n", "\n\n", "\x85", "\u2028", "\u2029", "\u202e",
                     "\u2066", "\ud800", "#", "~~~", "```", "<", "<script>", ">", "[", "](",
                     ")", "!", "|", "*", "_", "-", "---", "=", "+", "@", "&", "&lt;", "    ",
                     " ", "1.", "2)", "\\", "\uff1d", "0", "-3"]),
    st.characters(codec="utf-8"),
)


@SETTINGS
@given(text=st.lists(HOSTILE_PIECES, max_size=24).map("".join))
def test_any_text_is_inert_in_every_output_format(text: str) -> None:
    import csv
    import io

    import html5lib
    from markdown_it import MarkdownIt

    from fostlog.core.diagnostics import (
        Diagnostic,
        GithubFormatter,
        MarkdownFormatter,
        Severity,
        TextFormatter,
    )
    from fostlog.render import outline
    from fostlog.render.html_docs import render_html
    from fostlog.render.markdown_docs import render_markdown
    from fostlog.render.output import Format, render
    from fostlog.render.tables import Column, Record, Table
    from fostlog.render.text_docs import render_text

    def written(content: Any, output_format: Format, **options: Any) -> str:
        text = render(content, output_format, **options)
        assert isinstance(text, str)
        return text

    acting = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                        "\ud800-\udfff]")
    rich_style = re.compile("\x1b\\[[0-9;]*m")  # rich's own bold and dim
    columns = [Column("text", text or "Text", lambda r: r[0], wrap=20),
               Column("count", "Count", lambda r: r[1], numeric=True)]
    table = Table([(text, -3), (text, 7)], columns, title=text, note=text)
    record = Record((text, 1), columns, title=text, part=table)

    def markdown_tokens(markdown: str) -> list[Any]:
        found = []
        for token in MarkdownIt("commonmark").enable("table").parse(markdown):
            found += [token, *(token.children or [])]
        return found

    def inert_markdown(markdown: str, headings: int, rows: int) -> None:
        found = markdown_tokens(markdown)
        kinds = {t.type for t in found}
        assert not kinds & {"fence", "code_block", "html_block", "html_inline", "image"}
        assert sum(t.type == "heading_open" for t in found) == headings
        assert sum(t.type == "tr_open" for t in found) == rows
        assert not acting.search(markdown)

    # CSV: the rows read back as written, no text cell a formula, numbers numbers
    rows = list(csv.reader(io.StringIO(written(table, Format.csv))))
    assert len(rows) == 3 and all(len(row) == 2 for row in rows)
    assert [row[1] for row in rows[1:]] == ["-3", "7"]
    for cell in (rows[0][0], rows[1][0]):
        assert not cell.lstrip().startswith(("=", "+", "-", "@", "\uff1d")) or (
            re.fullmatch(r"[+-]?\d+", cell))
    # JSON: every character kept, none raw that could act
    for content in (table, record):
        answer = written(content, Format.json)
        assert not acting.search(answer)
    assert json.loads(written(table, Format.json))[0]["text"] == text
    # Markdown: a query's table and record, and a document with the text in every block
    inert_markdown(written(table, Format.markdown), 0, 3)
    inert_markdown(written(record, Format.markdown), 0, 3)
    document = outline.Document(text, text, (
        outline.Heading(2, text), outline.Paragraph(text),
        outline.Paragraph(text, outline.ParagraphStyle.source), outline.Facts(((text, text),)),
        outline.BulletList((outline.ListItem(text, lead=text),)),
        outline.cells_table((text, text), (outline.Row((text, text)),)),
        outline.LinkList((outline.Link(text, "a.html", note=text),)),
        outline.Figure("<svg></svg>", alt=text, caption=text)))
    inert_markdown(render_markdown(document), 2, 2)
    # HTML: no element or attribute from the text, no control character
    page = render_html(document)
    assert not acting.search(page)
    for element in html5lib.parse(page).iter():
        assert not str(element.tag).endswith(("script", "img"))
        assert not any(name.startswith("on") for name in element.attrib)
    # a terminal: plain and rich tables, the mail text, a lint report
    for content in (table, record):
        assert not acting.search(written(content, Format.table, width=60))
        drawn = written(content, Format.table, width=60, terminal=True)
        assert not acting.search(rich_style.sub("", drawn))
    assert not acting.search(render_text(document))
    problem = Diagnostic(text, 1, 1, Severity.error, "schema-value", text, text)
    report = TextFormatter().format([problem])
    assert not acting.search(report)
    assert len(report.split("\n")) == (3 if text else 2)  # the line, the hint, the end
    inert_markdown(MarkdownFormatter().format([problem]), 0, 2)
    assert report and not acting.search(GithubFormatter().format([problem]).rstrip("\n"))
