"""Problems found in the data, as values: collected, sorted, and reported all at once.

A Diagnostic is one finding of a rule (see rules.py: a rule's id is `Diagnostic.rule`). Each
output format is a formatter (render.output.Formatter) that turns diagnostics into text;
the command line chooses one and writes the text. A file name, a key or a value quoted in
a message comes from the data, so each format escapes it (core/escape.py): in the text
report no control character reaches the terminal and nothing can forge a line of its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where it is, what is wrong, and what to do about it."""

    file: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.error


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics))


class TextFormatter:
    """FILE:LINE:COL: severity[rule] message, with the hint indented below: for people.
    With a `width` (a terminal's), each is wrapped to it between words, its further
    lines indented under it; without one (piped, in CI) each stays one line, for grep."""

    def __init__(self, width: int | None = None):
        self.width = width

    def _lines(self, text: str, first: str, rest: str) -> list[str]:
        if self.width is None or len(first) + len(text) <= self.width:
            return [first + text]
        import textwrap

        return textwrap.wrap(text, max(self.width, 40), initial_indent=first,
                             subsequent_indent=rest, break_long_words=False,
                             break_on_hyphens=False) or [first]

    def format(self, content: Sequence[Diagnostic]) -> str:
        from fostlog.core.escape import terminal_line

        lines = []
        for d in content:
            lines += self._lines(f"{terminal_line(d.file)}:{d.line}:{d.column}: "
                                 f"{d.severity}[{terminal_line(d.rule)}] "
                                 f"{terminal_line(d.message)}", "", " " * 4)
            if d.hint:
                lines += self._lines(terminal_line(d.hint), "    hint: ", " " * 10)
        return "\n".join(lines) + ("\n" if lines else "")


class JsonFormatter:
    """A list of objects with the Diagnostic's field names as keys: for tools."""

    def format(self, content: Sequence[Diagnostic]) -> str:
        # ASCII only: every character of the data is a \u escape, none can act.
        return json.dumps([asdict(d) for d in content], indent=2) + "\n"


class GithubFormatter:
    """GitHub Actions workflow commands: each problem an annotation on its file and line."""

    def format(self, content: Sequence[Diagnostic]) -> str:
        from fostlog.core.escape import github_command

        lines = []
        for d in content:
            level = "error" if d.is_error else "warning"
            props = (f"file={github_command(d.file, property_value=True)},line={d.line},"
                     f"col={d.column},title={github_command(d.rule, property_value=True)}")
            text = d.message + (f" Hint: {d.hint}" if d.hint else "")
            lines.append(f"::{level} {props}::{github_command(text)}")
        return "\n".join(lines) + ("\n" if lines else "")


class MarkdownFormatter:
    """A Markdown table of the problems, to paste into an issue or a pull request."""

    def format(self, content: Sequence[Diagnostic]) -> str:
        from fostlog.core.escape import markdown_line

        if not content:
            return "No problems found.\n"
        lines = ["| where | severity | rule | problem | hint |", "|---|---|---|---|---|"]
        for d in content:
            # A rule id is fostlog's own (letters and hyphens): a code span as it is.
            cells = [markdown_line(f"{d.file}:{d.line}:{d.column}"), str(d.severity),
                     f"`{d.rule}`", markdown_line(d.message), markdown_line(d.hint)]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"


def format_text(diagnostics: Sequence[Diagnostic]) -> str:
    """The text report, for callers that only ever print diagnostics for people."""
    return TextFormatter().format(diagnostics)


def summary(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    """One line for stderr: how many files were checked, and how many errors and warnings."""
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    plural = "" if files_checked == 1 else "s"
    if not diagnostics:
        return f"{files_checked} file{plural} checked: no problems found."
    return (f"{files_checked} file{plural} checked: {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}.")
