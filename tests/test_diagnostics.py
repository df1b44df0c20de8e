"""diagnostics: problems as values, sorted once, and one formatter per output format, each
fed the same in-memory diagnostics (as pip-audit tests its formats)."""

from __future__ import annotations

import json
import re

import pytest

from fostlog.core import rules
from fostlog.core.diagnostics import (
    Diagnostic,
    GithubFormatter,
    JsonFormatter,
    MarkdownFormatter,
    Severity,
    TextFormatter,
    format_text,
    has_errors,
    sort_diagnostics,
    summary,
)

ERROR = rules.UNKNOWN_PERSON.at(
    "data/meetings/2025-07-07.yaml", 9, 13, "'holly-clunes' is not a person in people.yaml.",
    "Did you mean 'holly-clune'? Add the person to people.yaml, or use their id from it.",
)
WARNING = rules.RATIO_OVER_100.at(
    "data/benchmarks/2020-21.yaml", 116, 7,
    "kent: visit_to_stage_c is 302% (stage_c exceeds initial_visits).",
)
NO_HINT = Diagnostic("data/actions.yaml", 2, 1, Severity.error, "yaml-syntax", "Bad.")
# Everything GitHub's workflow commands and a Markdown table must escape.
AWKWARD = Diagnostic("data/odd, name:1.yaml", 3, 2, Severity.error, "schema-value",
                     "50% of\r\nthis | that", "use a|b")
DIAGNOSTICS = [ERROR, WARNING, NO_HINT]


def test_a_diagnostic_from_a_rule_takes_its_id_and_severity() -> None:
    assert (ERROR.rule, ERROR.severity, ERROR.is_error) == ("unknown-person", Severity.error,
                                                            True)
    assert (WARNING.rule, WARNING.is_error) == ("ratio-over-100", False)
    assert WARNING.hint == rules.RATIO_OVER_100.fix


def test_sorting_is_by_place_and_drops_repeats() -> None:
    assert sort_diagnostics([ERROR, NO_HINT, WARNING, ERROR]) == [NO_HINT, WARNING, ERROR]


def test_has_errors() -> None:
    assert has_errors(DIAGNOSTICS)
    assert not has_errors([WARNING])
    assert not has_errors([])


def test_text() -> None:
    assert TextFormatter().format(DIAGNOSTICS) == (
        "data/meetings/2025-07-07.yaml:9:13: error[unknown-person] 'holly-clunes' is not a "
        "person in people.yaml.\n"
        "    hint: Did you mean 'holly-clune'? Add the person to people.yaml, or use their id "
        "from it.\n"
        "data/benchmarks/2020-21.yaml:116:7: warning[ratio-over-100] kent: visit_to_stage_c is "
        "302% (stage_c exceeds initial_visits).\n"
        "    hint: If the minutes print it so, it is real data: leave it, with a comment.\n"
        "data/actions.yaml:2:1: error[yaml-syntax] Bad.\n"
    )
    assert format_text(DIAGNOSTICS) == TextFormatter().format(DIAGNOSTICS)


def test_json_keeps_the_field_names_and_the_rule_id() -> None:
    found = json.loads(JsonFormatter().format(DIAGNOSTICS))
    assert found[0] == {
        "file": "data/meetings/2025-07-07.yaml", "line": 9, "column": 13, "severity": "error",
        "rule": "unknown-person", "message": ERROR.message, "hint": ERROR.hint,
    }
    assert [d["rule"] for d in found] == ["unknown-person", "ratio-over-100", "yaml-syntax"]
    assert found[2]["hint"] == ""


def test_github_annotations() -> None:
    lines = GithubFormatter().format(DIAGNOSTICS).splitlines()
    assert lines[0] == (
        "::error file=data/meetings/2025-07-07.yaml,line=9,col=13,title=unknown-person::"
        f"{ERROR.message} Hint: {ERROR.hint}"
    )
    assert lines[1].startswith("::warning file=data/benchmarks/2020-21.yaml,line=116,col=7,")
    assert lines[2] == "::error file=data/actions.yaml,line=2,col=1,title=yaml-syntax::Bad."


def test_github_escapes_what_would_end_a_property_or_the_message() -> None:
    [line] = GithubFormatter().format([AWKWARD]).splitlines()
    assert line == (
        "::error file=data/odd%2C name%3A1.yaml,line=3,col=2,title=schema-value::"
        "50%25 of%0Athis | that Hint: use a|b"
    )


def test_markdown_table_escapes_pipes_and_line_breaks() -> None:
    text = MarkdownFormatter().format([ERROR, AWKWARD])
    lines = text.splitlines()
    assert lines[:2] == ["| where | severity | rule | problem | hint |", "|---|---|---|---|---|"]
    assert lines[2].startswith("| data/meetings/2025-07-07.yaml:9:13 | error | `unknown-person` |")
    assert lines[3] == (
        "| data/odd, name:1.yaml:3:2 | error | `schema-value` | 50% of this \\| that | "
        "use a\\|b |"
    )
    for line in lines[2:]:  # five cells a row, whatever the text held
        assert len(re.split(r"(?<!\\)\|", line)) == 7


@pytest.mark.parametrize("formatter", [TextFormatter(), GithubFormatter()])
def test_nothing_to_report_is_no_output(formatter: TextFormatter | GithubFormatter) -> None:
    assert formatter.format([]) == ""


def test_nothing_to_report_in_json_and_markdown() -> None:
    assert json.loads(JsonFormatter().format([])) == []
    assert MarkdownFormatter().format([]) == "No problems found.\n"


@pytest.mark.parametrize(("found", "files", "expected"), [
    ([], 1, "1 file checked: no problems found."),
    ([], 9, "9 files checked: no problems found."),
    ([WARNING], 9, "9 files checked: 0 errors, 1 warning."),
    ([ERROR, WARNING, WARNING], 9, "9 files checked: 1 error, 2 warnings."),
    ([ERROR, NO_HINT], 1, "1 file checked: 2 errors, 0 warnings."),
])
def test_summary(found: list[Diagnostic], files: int, expected: str) -> None:
    assert summary(found, files) == expected
