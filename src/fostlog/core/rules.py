"""Every lint rule once: its id, severity, what it finds and, where it never varies, the fix.

A Rule is what a Diagnostic is an instance of. Whatever reports a problem (yamlsafe,
explain, load, checks, the Ofsted importer) names one of the constants here and builds
the Diagnostic with `rule.at(...)`, so a rule's severity is written down in one place and
its id, which users and CI rely on, never changes by a typo. `fostlog lint --list-rules`
prints RULES and the rule table of docs/rules.md is generated from them (`make readme-rules`),
so neither can drift.

This module depends on fostlog.core.diagnostics alone, so the readers can import it early.

Adding a rule: a constant below, named in RULES (whose order is the docs table's), a
function that reports it (for a cross-file rule, one in the checks/ module of its
subject, with a line in checks.REGISTRY), and a case in CASES in tests/test_lint_rules.py
showing a repository that breaks it. An importer's rule goes in IMPORT_RULES instead:
lint never reports it, so it has a test with its importer.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fostlog.core.diagnostics import Diagnostic, Severity


@dataclass(frozen=True)
class Rule:
    """One kind of problem lint reports, shown as severity[id]."""

    id: str
    severity: Severity
    summary: str  # one line: what the rule finds, as the rules page's table says it
    fix: str = ""  # the hint for a finding that gives none of its own

    def at(
        self, file: str, line: int, column: int, message: str, hint: str | None = None
    ) -> Diagnostic:
        """A finding of this rule at file:line:column; the hint defaults to the rule's fix."""
        return Diagnostic(
            file, line, column, self.severity, self.id, message,
            self.fix if hint is None else hint,
        )


# Problems of one kind listed per file (schema problems, or findings of one rule); more
# are counted, not listed. Lint's output stays readable when one mistake repeats.
MAX_LISTED = 100


def _error(id: str, summary: str, fix: str = "") -> Rule:
    return Rule(id, Severity.error, summary, fix)


def _warning(id: str, summary: str, fix: str = "") -> Rule:
    return Rule(id, Severity.warning, summary, fix)


_NO_ANCHORS = (
    "Write the value out in full where it is needed; anchors and aliases are refused "
    "because they can make a small file expand enormously."
)

# --- reading YAML (yamlsafe.py) ------------------------------------------------------------

YAML_SYNTAX = _error(
    "yaml-syntax",
    "YAML that cannot be read: indentation, punctuation, tabs, a control character, a key "
    "that is a list, a second document",
)
YAML_DUPLICATE_KEY = _error(
    "yaml-duplicate-key",
    "a key written twice in one mapping (PyYAML would silently keep the last)",
    "Delete one of the two, or merge what they say into one.",
)
YAML_ANCHOR = _error(
    "yaml-anchor",
    "a YAML anchor (`&name`): anchors and aliases make \"billion laughs\" bombs possible",
    _NO_ANCHORS,
)
YAML_ALIAS = _error(
    "yaml-alias", "a YAML alias (`*name`), refused as anchors are", _NO_ANCHORS
)
YAML_TAG = _error(
    "yaml-tag",
    "a YAML tag other than the standard ones (`!custom`, `!!python/object`)",
    "Remove the tag (the part starting with '!'); plain values are all that is needed.",
)
YAML_TOO_DEEP = _error(
    "yaml-too-deep",
    "values nested more than 64 levels deep",
    "No fostlog file needs more than a few levels; check the indentation.",
)

# --- files (yamlsafe.py, load.py, checks/files.py) -----------------------------------------

FILE_MISSING = _error("file-missing", "a required file, or the data folder itself, is absent")
FILE_EMPTY = _error(
    "file-empty",
    "a file with nothing in it, or only comments",
    "Fill it in (docs/data.md says what it holds) or delete it.",
)
FILE_TOO_LARGE = _error(
    "file-too-large",
    # The bounds are safefiles' (rules.py imports nothing of fostlog's beyond diagnostics:
    # tests/test_lint_rules.py checks the numbers here are theirs).
    "a file over 5 MB, or holding more values than any file of its kind needs (100,000; "
    "1,000,000 in actions.yaml), which is not read",
    "A data file this large is almost certainly not meant to be here; check what was saved.",
)
FILE_ENCODING = _error(
    "file-encoding",
    "a file that is not UTF-8 text",
    "Save the file as UTF-8 in your editor (e.g. 'Save with encoding: UTF-8').",
)
FILE_BINARY = _error(
    "file-binary",
    "a file that is not text at all (it contains NUL bytes)",
    "Only YAML text files belong here; move this file out of the data folder.",
)
FILE_UNREADABLE = _error(
    "file-unreadable",
    "a file or folder that is not read: no permission, a broken or looping link, a link "
    "out of the data folder, or not a regular file (a FIFO, a device)",
    "Put the YAML file itself here: fostlog reads regular files you may read, and follows "
    "a link only to a file inside the data folder.",
)
FILE_UNEXPECTED = _warning(
    "file-unexpected", "a file fostlog does not read, so nothing in it would be checked"
)

# --- each file against its model (explain.py) ----------------------------------------------

SCHEMA_UNKNOWN_KEY = _error(
    "schema-unknown-key", "a key the file does not use, often a misspelling (with a \"did "
    "you mean\")"
)
SCHEMA_MISSING_KEY = _error("schema-missing-key", "a key that must be there and is not")
SCHEMA_TYPE = _error(
    "schema-type", "a value of the wrong type: text for a number, a list for a mapping, ..."
)
SCHEMA_DATE = _error(
    "schema-date",
    "a date that is malformed or impossible (2022-02-30)",
    "Write dates as YYYY-MM-DD, e.g. 2022-01-26, and check the day exists.",
)
SCHEMA_VALUE = _error(
    "schema-value",
    "a value outside a closed list (a status, an attendance word) or not in the form "
    "expected (an id, a year)",
)
FILE_TOO_MANY_PROBLEMS = _error(
    "file-too-many-problems",
    f"a file so broken that only its first {MAX_LISTED} schema problems are listed (fix "
    "those and run again)",
    "Fix those (often one mistake repeated, such as the wrong indentation) and run lint "
    "again.",
)

# --- file names (checks/files.py; one per kind named after its content, see kinds.py) ------

MEETING_FILENAME = _error("meeting-filename", "a meeting file whose name is not its date")
BENCHMARK_FILENAME = _error("benchmark-filename", "a benchmarking file whose name is not its year")
CAPACITY_FILENAME = _error("capacity-filename",
                           "a capacity file whose name is not its source and year (ofsted-2018-19)")

NEIGHBOURS_FILENAME = _error("neighbours-filename",
                             "a statistical-neighbours file whose name is not sn- and the "
                             "month of its set (sn-2025-05)")

# The file-name rule of each kind (kinds.KINDS) with a `name_field`; its id is always
# f"{kind.name}-filename".
FILENAME_RULES: dict[str, Rule] = {"meeting": MEETING_FILENAME, "benchmark": BENCHMARK_FILENAME,
                                   "capacity": CAPACITY_FILENAME,
                                   "neighbours": NEIGHBOURS_FILENAME}

# --- references (checks/references.py) -----------------------------------------------------

UNKNOWN_PERSON = _error(
    "unknown-person",
    "a person who is not in people.yaml (with a \"did you mean\" from names and initials)",
)
UNKNOWN_AUTHORITY = _error(
    "unknown-authority",
    "an LA that is not in authorities.yaml (with a \"did you mean\" from its aliases)",
)
UNKNOWN_ORGANISATION = _error(
    "unknown-organisation",
    "an organisation that is not in authorities.yaml (with a \"did you mean\" from its "
    "aliases)",
)
UNKNOWN_ACTION = _error(
    "unknown-action",
    "an action number that is not in actions.yaml",
    "Check the number, or add the action to actions.yaml.",
)
UNKNOWN_MEETING = _error("unknown-meeting", "a meeting date with no file in meetings/")
UNKNOWN_STAGE = _error(
    "unknown-stage", "a benchmark stage that is not one of that year's stages"
)
UNKNOWN_RATIO = _error(
    "unknown-ratio", "a printed percentage for a ratio that is not one of that year's ratios"
)

# --- duplicates (checks/actions.py; kinds.RecordList.duplicate_rule names one of these) -----

DUPLICATE_ACTION = _error(
    "duplicate-action",
    "an action number used twice in actions.yaml",
    "Each action appears once: add what this entry says to the first one's history, or "
    "give this action the next free number.",
)
DUPLICATE_ID = _error(
    "duplicate-id",
    "an id used twice in a registry (LAs, organisations, people)",
    "Give each entry its own id, or merge the two entries.",
)

# --- meetings and actions (checks/meetings.py, checks/actions.py) ---------------------------

PRESENT_AND_ABSENT = _error(
    "present-and-absent", "an LA or person both present and recorded absent at one meeting"
)
ATTENDANCE_UNACCOUNTED = _warning(
    "attendance-unaccounted",
    "at a meeting with a full attendee list, an LA neither present, not represented nor "
    "sending apologies",
    "Add them to not_represented (or apologies), or set attendance to partial.",
)
ATTENDANCE_FULL_WITHOUT_LIST = _error(
    "attendance-full-without-list",
    "a meeting whose attendance is `full` but which has no attendee list",
    "List the attendees, or set attendance to partial or none.",
)
HISTORY_ORDER = _error(
    "history-order",
    "an action's status history out of date order",
    "Keep each action's history in date order, oldest first.",
)
OBSERVATION_BEFORE_RAISED = _error(
    "observation-before-raised",
    "a status observation dated before the action was raised",
    "Check both dates against the minutes.",
)
ACTION_MEETING_LINK = _warning(
    "action-meeting-link", "an action and the meeting that raised it disagree"
)

# --- what the minutes know: meetings without minutes, inferences, due dates ----------------

MEETING_HAS_MINUTES = _warning(
    "meeting-has-minutes",
    "a meeting listed in meetings-without-minutes.yaml that has a meeting file on the same "
    "day or, for a month-only entry, in the same month",
    "If it is the same meeting, remove it from meetings-without-minutes.yaml; if the group "
    "met twice, give the entry its day.",
)
INFERRED_WITHOUT_LIST = _error(
    "inferred-without-list",
    "not_represented_inferred says how a not-represented list was worked out, but there "
    "is no list",
    "Give the list under not_represented, or remove not_represented_inferred.",
)
STATUS_AMBIGUOUS = _warning(
    "status-ambiguous",
    "a recorded status wording that names two statuses (Ongoing/complete) but is not "
    "marked ambiguous",
    "Keep the wording, choose the reading in `status`, set ambiguous: true and say why in "
    "`note`.",
)
DUE_DATE = _error(
    "due-date",
    "a due date that says nothing (no date and not 'next meeting'), or one to the month "
    "whose date is not the month's last day",
    "Give the date (for a month, its last day with precision: month), or next_meeting: "
    "true.",
)
DUE_BEFORE_RAISED = _warning(
    "due-before-raised",
    "an action due before it was raised",
    "Check both dates against the minutes.",
)

# --- benchmarks (checks/benchmarks.py) -----------------------------------------------------

BENCHMARK_ARITHMETIC = _error(
    "benchmark-arithmetic",
    "a printed percentage that disagrees with the counts beyond rounding (a 0% printed "
    "over a blank cell is the spreadsheet's artefact, not a disagreement)",
    "Check the counts and the percentage against the minutes.",
)
RATIO_OVER_100 = _warning(
    "ratio-over-100",
    "a ratio above 100%",
    "If the minutes print it so, it is real data: leave it, with a comment.",
)
BENCHMARK_UNVERIFIABLE = _warning(
    "benchmark-unverifiable",
    "a printed percentage over an unknown count, which cannot be checked",
    "Fill in the missing count if the minutes give it.",
)

# --- LA codes (checks/references.py) and capacity (checks/capacity.py), and later rules ----

AUTHORITY_CODES = _error(
    "authority-codes",
    "an LA whose DfE number, GSS codes (with their dates), region or name disagree with "
    "DfE's list of LAs shipped with fostlog (reference/las.csv)",
    "Copy the codes from src/fostlog/reference/las.csv, or correct the dfe_number.",
)
REFERENCE_MISSING = _warning(
    "reference-missing",
    "a reference list fostlog checks against (DfE's list of LAs) is not installed with it, "
    "so what it would check was not checked",
    "Reinstall fostlog from its repository, with its reference/ files.",
)
UNKNOWN_MEASURE = _error(
    "unknown-measure",
    "a capacity figure for a measure its file's `measures` does not list",
)
UNKNOWN_REASON = _error(
    "unknown-reason",
    "a figure and its reason disagree: a null capacity figure with no reason under "
    "`unknown`, or a reason beside a known figure or count",
    "Give each null figure its reason (suppressed, not_returned, blank) under `unknown`, "
    "and only those.",
)
CAPACITY_PARTS_GAP = _warning(
    "capacity-parts-gap",
    "places filled, vacant and not available that differ from places approved by more "
    "than the source's rounding explains, where parts_gap does not record that gap (a "
    "recorded gap is the source's and is not reported)",
    "If the source publishes it so, record the gap as parts_gap; otherwise check the "
    "figures.",
)
DUPLICATE_MEETING = _error(
    "duplicate-meeting",
    "two meeting files for one date",
    "Keep one file per meeting: merge the two, or correct the date of one.",
)
DUPLICATE_ROW = _error(
    "duplicate-row",
    "an LA with two rows in one benchmarking year (its ranks would be wrong)",
    "Keep one row per LA: the figures the minutes print for it.",
)
EMPTY_ATTENDEE = _error(
    "empty-attendee",
    "a chair, attendee or apology that names nobody (no person, LA, organisation or "
    "wording)",
    "Give the person, LA or organisation, or the entry as the minutes print it "
    "(as_written); or delete the empty entry.",
)
TOO_MANY_FINDINGS = _warning(
    "too-many-findings",
    f"a file with more than {MAX_LISTED} findings of one rule: the rest are counted, not "
    "listed",
    "Fix those listed (often one mistake repeated) and run lint again.",
)
FINDINGS_SKIPPED = _warning(
    "findings-skipped",
    "findings elsewhere (an unknown meeting, action, person or LA) that a file which could "
    "not be read would have defined: counted on one line, not reported as if it were "
    "missing",
    "Fix the file's own error, above this line, and run lint again.",
)
DUPLICATE_AREA = _error(
    "duplicate-area",
    "an LA or area listed twice in one capacity file",
    "Keep one row per area: the source's figures for it.",
)

# --- statistical neighbours (checks/neighbours.py; the importer reports them too) ----------

NEIGHBOURS_UNKNOWN_NUMBER = _error(
    "neighbours-unknown-number",
    "an LA or statistical neighbour whose DfE number is not in DfE's list of LAs shipped "
    "with fostlog (reference/las.csv)",
    "Import the set again from DfE's workbook (fostlog import neighbours), or correct the "
    "number to the one src/fostlog/reference/las.csv gives the LA.",
)
NEIGHBOURS_SELF = _error(
    "neighbours-self",
    "an LA listed among its own statistical neighbours",
    "Import the set again from DfE's workbook; an LA is never its own neighbour.",
)
NEIGHBOURS_TWICE = _error(
    "neighbours-twice",
    "a statistical neighbour listed twice in one LA's group",
    "Import the set again from DfE's workbook; each neighbour is listed once.",
)
NEIGHBOURS_DUPLICATE_GROUP = _error(
    "neighbours-duplicate-group",
    "an LA with two groups in one set of statistical neighbours",
    "Keep one group per LA: import the set again from DfE's workbook.",
)

# --- fostlog itself (checks.run_checks) ----------------------------------------------------

CHECK_FAILED = _error(
    "check-failed",
    "a check that crashed: a bug in fostlog, not in the data (the other checks still run)",
    "This is a bug in fostlog, not in your data: please report this message. Run again "
    "with FOSTLOG_DEBUG=1 set to see the traceback.",
)

# --- what an import of minutes can let slip through (checks/import_slips.py) ---------------

PERSON_IS_A_PLACE = _error(
    "person-is-a-place",
    "a person whose name or alias is an LA, an LA's alias, an organisation, or words the "
    "minutes use about LAs (\"LAs not represented\")",
    "Delete the person and record the LA where the minutes put it (not_represented, or an "
    "apology or attendee with authority: and no person:).",
)
APOLOGIES_AND_NOT_REPRESENTED = _error(
    "apologies-and-not-represented",
    "an LA both sending apologies and recorded as not represented at one meeting",
    "Keep the LA in the one list the minutes put it in.",
)
ACTION_RAISED_TWICE = _error(
    "action-raised-twice",
    "two actions raised at one meeting with the same text (an 'Action:' line and the log's "
    "numbered row of it are one action)",
    "Keep the numbered action; move the other's observations to it and delete it (and its "
    "id from the meeting's actions_raised).",
)

# --- importing Ofsted's file (importers/ofsted.py): `fostlog import ofsted`, never lint -----
# Reported on the CSV being imported (FILE:ROW:COLUMN), so they are not lint's rules: they
# are kept out of RULES and listed in docs/rules.md's own table (IMPORT_README_START).

OFSTED_ENCODING = _error(
    "ofsted-encoding",
    "an Ofsted file not in the encoding of its year's layout as Ofsted publishes it "
    "(2018-19's Windows-1252 saved again as UTF-8 by a spreadsheet, say)",
    "Import the file as downloaded from Ofsted.",
)
OFSTED_LAYOUT = _error(
    "ofsted-layout",
    "a file in none of the layouts the importer knows (LAYOUTS: 2018-19's Topic, "
    "Sub-topic, Data under the area names; 2017-18's one label column): not CSV, another "
    "header, a row with figures and no label",
    "Check the file; the importer reads the CSV exactly as Ofsted publishes it.",
)
OFSTED_LABEL = _error(
    "ofsted-label",
    "a row label its block in the year's table of labels (LAYOUTS) does not have, or a "
    "figure given by two rows: never guessed at",
    "Add the label to its block in the layout's table in src/fostlog/importers/ofsted.py, "
    "with the field it holds (or none, if fostlog does not import it).",
)
OFSTED_MISSING_ROW = _error(
    "ofsted-missing-row",
    "a figure the import needs (places approved, filled, vacant, not available; "
    "enquiries, applications, approvals) with no row in the file",
    "Restore the row, or add its new label to the layout's table in "
    "src/fostlog/importers/ofsted.py.",
)
OFSTED_VALUE = _error(
    "ofsted-value",
    "a cell that is not a figure: a number (thousands separators allowed) or `..` for "
    "one suppressed",
    "Import the file as published; a damaged cell cannot be guessed at.",
)
OFSTED_ODD_VALUE = _warning(
    "ofsted-odd-value",
    "a figure Ofsted would not publish: an empty cell (kept as unknown) or a number not "
    "rounded to the nearest 5",
    "Check the cell against Ofsted's published file.",
)
OFSTED_AREA = _error(
    "ofsted-area",
    "an area column under the region that is no LA of authorities.yaml by name, alias or "
    "URN, an LA of authorities.yaml with no column, or a name and URN of two LAs",
    "Add the name Ofsted uses as an alias (or its URN as ofsted_urn) of its LA in "
    "authorities.yaml.",
)
OFSTED_URN_CHANGED = _warning(
    "ofsted-urn-changed",
    "an LA found by name whose URN in the file is not its ofsted_urn in authorities.yaml: "
    "its fostering service may have changed hands",
    "Check the LA's ofsted_urn in authorities.yaml against Ofsted's register.",
)
OFSTED_LOST_CHARACTERS = _warning(
    "ofsted-lost-characters",
    "a cell or label holding U+FFFD, the replacement character: the copy lost the "
    "characters there (2017-18's curly quotes); kept as it is, never guessed",
    "Nothing to do for the figures, which are whole; for the labels as Ofsted wrote them, "
    "import a copy that kept its characters.",
)
OFSTED_DFE_NUMBER = _warning(
    "ofsted-dfe-number",
    "an LA column with no DfE number: no LA of authorities.yaml, and no LA of DfE's list "
    "operating at the year's end by that name (or its DFE_SPELLINGS entry); never guessed",
    "Add Ofsted's spelling and DfE's name to DFE_SPELLINGS in "
    "src/fostlog/importers/ofsted.py.",
)
OFSTED_YEAR = _error(
    "ofsted-year",
    "a --year that is not a financial year written YYYY-YY, or not the years the file's "
    "name gives",
    "Give the year the file is for, or check that this is the right file.",
)

# --- importing DfE's statistical neighbours (importers/neighbours.py), never lint ----------
# Reported on the workbook (FILE:ROW:COLUMN); the importer also reports the lint rules
# neighbours-unknown-number, neighbours-self and neighbours-twice, at the workbook's cell.

NEIGHBOURS_WORKBOOK = _error(
    "neighbours-workbook",
    "a file that is not an Excel workbook (.xlsx) fostlog can open: a CSV or an old .xls "
    "renamed, a damaged file, or one that unpacks to more than any such workbook",
    "Import the workbook as downloaded from DfE (sn_may_2025.xlsx, say).",
)
NEIGHBOURS_LAYOUT = _error(
    "neighbours-layout",
    "a workbook without DfE's sheet 'LA SN Groups' and its header (LA num, LA Name, ..., "
    "SN1, SNP, ..., SN10, SNP), with more rows or columns than it has, or a row with "
    "neighbours and no LA",
    "Check the file; the importer reads DfE's statistical neighbours workbook as published.",
)
NEIGHBOURS_VALUE = _error(
    "neighbours-value",
    "a cell that is not what its column holds: an LA number that is not a whole number, "
    "LA num and LA number that differ, a row with no LA name, a cell too long",
    "Import the workbook as published; a damaged cell cannot be guessed at.",
)
NEIGHBOURS_CLOSENESS = _error(
    "neighbours-closeness",
    "an SNP cell that is not one of DfE's closeness words (extremely close, very close, "
    "close, somewhat close, not close, in any capitals), or a closeness with no neighbour",
    "Import the workbook as published; a damaged cell cannot be guessed at.",
)
NEIGHBOURS_REPEATED_ROW = _warning(
    "neighbours-repeated-row",
    "an LA's row given again, the same in every cell: kept once",
    "Nothing to do: the repeat adds nothing.",
)
NEIGHBOURS_CONFLICT = _error(
    "neighbours-conflict",
    "an LA given two rows that differ: which is DfE's group cannot be told",
    "Check the workbook against DfE's published file.",
)
NEIGHBOURS_MONTH = _error(
    "neighbours-month",
    "a set whose month is not known: neither the file's name (sn_may_2025) nor --month "
    "gives it, --month is not YYYY-MM, or the two disagree",
    "Give the month DfE published the set as --month YYYY-MM, or check that this is the "
    "right file.",
)

IMPORT_RULES: tuple[Rule, ...] = (
    OFSTED_ENCODING, OFSTED_LAYOUT, OFSTED_LABEL, OFSTED_MISSING_ROW, OFSTED_VALUE,
    OFSTED_ODD_VALUE, OFSTED_AREA, OFSTED_URN_CHANGED, OFSTED_YEAR, OFSTED_LOST_CHARACTERS,
    OFSTED_DFE_NUMBER,
    NEIGHBOURS_WORKBOOK, NEIGHBOURS_LAYOUT, NEIGHBOURS_VALUE, NEIGHBOURS_CLOSENESS,
    NEIGHBOURS_REPEATED_ROW, NEIGHBOURS_CONFLICT, NEIGHBOURS_MONTH,
)

# Every rule lint reports, in the order of docs/rules.md's table and `--list-rules`.
RULES: tuple[Rule, ...] = (
    YAML_SYNTAX, YAML_DUPLICATE_KEY, YAML_ANCHOR, YAML_ALIAS, YAML_TAG, YAML_TOO_DEEP,
    FILE_MISSING, FILE_EMPTY, FILE_TOO_LARGE, FILE_ENCODING, FILE_BINARY, FILE_UNREADABLE,
    FILE_UNEXPECTED,
    SCHEMA_UNKNOWN_KEY, SCHEMA_MISSING_KEY, SCHEMA_TYPE, SCHEMA_DATE, SCHEMA_VALUE,
    FILE_TOO_MANY_PROBLEMS,
    MEETING_FILENAME, BENCHMARK_FILENAME, CAPACITY_FILENAME, NEIGHBOURS_FILENAME,
    UNKNOWN_PERSON, UNKNOWN_AUTHORITY, UNKNOWN_ORGANISATION, UNKNOWN_ACTION, UNKNOWN_MEETING,
    UNKNOWN_STAGE, UNKNOWN_RATIO,
    DUPLICATE_ACTION, DUPLICATE_ID,
    PRESENT_AND_ABSENT, ATTENDANCE_UNACCOUNTED, ATTENDANCE_FULL_WITHOUT_LIST, HISTORY_ORDER,
    OBSERVATION_BEFORE_RAISED, ACTION_MEETING_LINK,
    MEETING_HAS_MINUTES, INFERRED_WITHOUT_LIST, STATUS_AMBIGUOUS, DUE_DATE, DUE_BEFORE_RAISED,
    BENCHMARK_ARITHMETIC, RATIO_OVER_100, BENCHMARK_UNVERIFIABLE,
    AUTHORITY_CODES, REFERENCE_MISSING, UNKNOWN_MEASURE, UNKNOWN_REASON, CAPACITY_PARTS_GAP,
    DUPLICATE_MEETING, DUPLICATE_ROW, EMPTY_ATTENDEE, TOO_MANY_FINDINGS, FINDINGS_SKIPPED,
    DUPLICATE_AREA,
    NEIGHBOURS_UNKNOWN_NUMBER, NEIGHBOURS_SELF, NEIGHBOURS_TWICE, NEIGHBOURS_DUPLICATE_GROUP,
    CHECK_FAILED,
    PERSON_IS_A_PLACE, APOLOGIES_AND_NOT_REPRESENTED, ACTION_RAISED_TWICE,
)
BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


# --- the rule list as text, JSON and Markdown (fostlog lint --list-rules) ----------------


class RulesTextFormatter:
    """One rule a line (id, severity, summary), its fix indented below: for people."""

    def format(self, content: Sequence[Rule]) -> str:
        width = max((len(rule.id) for rule in content), default=0)
        lines = []
        for rule in content:
            lines.append(f"{rule.id:<{width}}  {rule.severity:<7}  {rule.summary}")
            if rule.fix:
                lines.append(f"    fix: {rule.fix}")
        return "\n".join(lines) + ("\n" if lines else "")


class RulesJsonFormatter:
    """A list of objects with the stable keys id, severity and summary: for tools."""

    def format(self, content: Sequence[Rule]) -> str:
        rows = [
            {"id": rule.id, "severity": str(rule.severity), "summary": rule.summary}
            for rule in content
        ]
        return json.dumps(rows, indent=2) + "\n"


class RulesMarkdownFormatter:
    """A Markdown table of the rules: docs/rules.md's rule table."""

    def format(self, content: Sequence[Rule]) -> str:
        lines = ["| rule | severity | what it finds |", "|---|---|---|"]
        for rule in content:
            summary = rule.summary.replace("|", "\\|")
            lines.append(f"| `{rule.id}` | {rule.severity} | {summary} |")
        return "\n".join(lines) + "\n"


# --- the rule tables of the documentation's page of rules (RULES_PAGE) ----------------------

# The page whose tables `make readme-rules` writes (it was the README's until the reference
# moved to docs/, issue 22): the lint rules, then the import rules.
RULES_PAGE = "docs/rules.md"

README_START = ("<!-- rules:start: generated by `make readme-rules`; edit "
                "src/fostlog/core/rules.py -->")
README_END = "<!-- rules:end -->"
IMPORT_README_START = ("<!-- import-rules:start: generated by `make readme-rules`; edit "
                       "src/fostlog/core/rules.py -->")
IMPORT_README_END = "<!-- import-rules:end -->"


def _with_table(readme: str, start_marker: str, end_marker: str,
                table_rules: Sequence[Rule]) -> str:
    start, end = readme.find(start_marker), readme.find(end_marker)
    if start < 0 or end < start:
        raise ValueError(f"the page has no '{start_marker}' ... '{end_marker}' section")
    table = RulesMarkdownFormatter().format(table_rules)
    # A blank line ends the table before the end marker, whatever the Markdown reader.
    return readme[: start + len(start_marker)] + "\n" + table + "\n" + readme[end:]


def readme_with_rules(readme: str) -> str:
    """The page's text (RULES_PAGE) with the rule table between its markers made from
    RULES, and the import rules' table between its own markers where the page has them."""
    readme = _with_table(readme, README_START, README_END, RULES)
    if IMPORT_README_START in readme:
        readme = _with_table(readme, IMPORT_README_START, IMPORT_README_END, IMPORT_RULES)
    return readme


def main(argv: Sequence[str]) -> int:
    """python -m fostlog.core.rules --readme [PAGE]: rewrite the rule tables of PAGE
    (RULES_PAGE by default)."""
    if not argv or argv[0] != "--readme" or len(argv) > 2:
        sys.stderr.write(f"usage: python -m fostlog.core.rules --readme [{RULES_PAGE}]\n")
        return 2
    path = Path(argv[1] if len(argv) > 1 else RULES_PAGE)
    before = path.read_text(encoding="utf-8")
    after = readme_with_rules(before)
    if after != before:
        from fostlog.files.safewrite import write_atomic

        write_atomic(path, after)
    sys.stderr.write(f"{path}: rule table {'updated' if after != before else 'up to date'}.\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
