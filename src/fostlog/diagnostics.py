"""Problems found in the data, as values: collected, sorted, and reported all at once."""

from __future__ import annotations

import json
from collections.abc import Iterable
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


def format_text(diagnostics: list[Diagnostic]) -> str:
    lines = []
    for d in diagnostics:
        lines.append(f"{d.file}:{d.line}:{d.column}: {d.severity}[{d.rule}] {d.message}")
        if d.hint:
            lines.append(f"    hint: {d.hint}")
    return "\n".join(lines) + ("\n" if lines else "")


def format_json(diagnostics: list[Diagnostic]) -> str:
    return json.dumps([asdict(d) for d in diagnostics], indent=2) + "\n"


def _escape_github(value: str, *, property_value: bool = False) -> str:
    # GitHub's workflow-command encoding: %, CR and LF always; ':' and ',' in properties.
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(diagnostics: list[Diagnostic]) -> str:
    lines = []
    for d in diagnostics:
        level = "error" if d.is_error else "warning"
        props = ",".join(
            [
                f"file={_escape_github(d.file, property_value=True)}",
                f"line={d.line}",
                f"col={d.column}",
                f"title={_escape_github(d.rule, property_value=True)}",
            ]
        )
        text = d.message + (f" Hint: {d.hint}" if d.hint else "")
        lines.append(f"::{level} {props}::{_escape_github(text)}")
    return "\n".join(lines) + ("\n" if lines else "")


def summary(diagnostics: list[Diagnostic], files_checked: int) -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    plural = "" if files_checked == 1 else "s"
    if not diagnostics:
        return f"{files_checked} file{plural} checked: no problems found."
    return (
        f"{files_checked} file{plural} checked: "
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}."
    )
