"""Outside documents (Ofsted's published files, later the minutes) -> proposed data files.

An importer is pure: the bytes of a document and the loaded Repository in, records and
problems out. It never reads or writes a file; the command line does that (preview by
default, an atomic write with --write).
"""

from __future__ import annotations

from fostlog.core.diagnostics import Diagnostic
from fostlog.core.rules import Rule


class Problems:
    """The problems found in one document, each a finding of one of rules.IMPORT_RULES at
    its line (or row) and column; `errors` counts those that stop the import."""

    def __init__(self, file: str):
        self.file = file
        self.found: list[Diagnostic] = []
        self.errors = 0

    def report(self, rule: Rule, line: int, column: int, message: str,
               hint: str | None = None) -> None:
        self.found.append(rule.at(self.file, line, column, message, hint))
        self.errors += self.found[-1].is_error
