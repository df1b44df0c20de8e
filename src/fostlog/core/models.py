"""Pydantic models of each file kind in the data repository. No I/O here.

The shapes follow ../shared/data-model.md, with these changes and why:

- Organisations say which LAs they act for (`acts_for`), once, on the organisation:
  the rule "AfC attending counts as Windsor and Maidenhead being represented" then
  lives in one place.
- An action's owners are split by what they refer to (people, LAs, the whole group,
  initials nobody could resolve), and `responsible` keeps the log's wording, so a
  query can filter by person or LA without re-parsing "JM SS CS JC".
- The meeting that raised an action is `raised` + `meeting`, not an observation:
  a status history holds what logs and later meetings *said* about an action.
- `raised_precision` is there because the logs give only a month ("Oct 2021").
- Benchmark printed percentages are keyed by ratio, so each can be checked against
  the ratio computed from the counts.

Every record keeps where it was read from (`origin`, set by the loader), so checks can
point at a file and line.
"""

# No `from __future__ import annotations`: pydantic would then evaluate every annotation
# from its text when each class is made, a third of this module's import time. So a
# field is never named like a type it or a later field uses (dates are `Day`).
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    Strict,
)
from pydantic_core import PydanticCustomError

from fostlog.core.vocabulary import ACTION_ID_PATTERN, Status

# Re-exported: the models' status vocabulary and action-id pattern live in vocabulary.py.
__all__ = ["ACTION_ID_PATTERN", "Status"]

Slug = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
        description="A lower-case id such as west-sussex or rebecca-eligon",
    ),
]


def _action_id_as_text(value: Any) -> Any:
    # YAML reads `id: 47` as an int; ids are compared as text everywhere.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


# An action number of thousands of digits is no action number (and too long to sort).
MAX_ACTION_ID_CHARS = 20

ActionId = Annotated[
    str,
    BeforeValidator(_action_id_as_text),
    Field(
        pattern=ACTION_ID_PATTERN.pattern,
        max_length=MAX_ACTION_ID_CHARS,
        description=(
            "The number in the action log (47), or for an 'Action:' line that never got a "
            "number, the meeting date and its place among them (2021-07-19/2)"
        ),
    ),
]


def _not_a_number(value: Any) -> Any:
    # pydantic would read a number as seconds since 1970: date: 1643155200 is no date.
    if isinstance(value, (int, float)):
        raise PydanticCustomError("date_type", "Input should be a valid date")
    return value


Day = Annotated[date, BeforeValidator(_not_a_number)]

MAX_COUNT = 10**9  # more than any count the group keeps; a bound keeps arithmetic finite
# A count: a whole number written in decimal, never negative. Strict: pydantic would
# otherwise take true as 1 and the text '255' as 255.
Count = Annotated[int, Strict(), Field(ge=0, le=MAX_COUNT)]
# A difference of counts (places approved minus their parts), which may be negative.
# DfE's three-digit LA number (Kent 886), the key that stays when an LA is reorganised.
DfeNumber = Annotated[int, Strict(), Field(ge=100, le=999)]
CountDifference = Annotated[int, Strict(), Field(ge=-MAX_COUNT, le=MAX_COUNT)]


class Origin(BaseModel):
    """Where a record was read from: the file and the key path inside it."""

    # defer_build: a schema is built at the first validation, which a question answered
    # from the cache never makes (it unpickles records); building every one on import
    # was most of the models' start-up time.
    model_config = ConfigDict(frozen=True, defer_build=True)
    file: str
    path: tuple[str | int, ...] = ()


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)  # as Origin's
    _origin: Origin | None = PrivateAttr(default=None)

    @property
    def origin(self) -> Origin | None:
        return self._origin

    def set_origin(self, origin: Origin) -> None:
        self._origin = origin


# --- authorities.yaml -------------------------------------------------------------


class OrganisationKind(StrEnum):
    childrens_company = "childrens_company"
    improvement_programme = "improvement_programme"
    government = "government"
    other = "other"


class GssCode(Record):
    """One of an LA's ONS GSS codes, with the dates DfE's list of LAs gives it."""

    code: str = Field(pattern=r"^[EWSN]\d{8}$", description="The GSS code, e.g. E10000016")
    since: Day | None = Field(
        default=None,
        description="date_of_operation in DfE's list (2009-01-01 is where that list starts, "
        "not when the LA began)",
    )
    until: Day | None = Field(
        default=None, description="date_of_termination in DfE's list; null while it is live"
    )


class Authority(Record):
    id: Slug
    name: str
    aliases: list[str] = []
    dfe_number: int | None = Field(
        default=None, ge=100, le=999, strict=True,
        description="DfE's three-digit LA number (old_la_code), e.g. 886 for Kent: the key "
        "that stays when an LA is reorganised and its GSS code changes",
    )
    gss_codes: list[GssCode] = Field(
        default=[], description="Its GSS codes (new_la_code) over time, oldest first"
    )
    region: str | None = Field(
        default=None, pattern=r"^E12\d{6}$",
        description="The GSS code of its region (parent_geography_code); South East is "
        "E12000008",
    )
    ofsted_urn: str | None = Field(
        default=None, pattern=r"^[A-Z]*\d+$",
        description="The Ofsted unique reference number of its fostering service, as "
        "Ofsted's fostering data gives it (SC062007 for Kent); not an LA code",
    )
    note: str | None = None


class Organisation(Record):
    id: Slug
    name: str
    kind: OrganisationKind
    aliases: list[str] = []
    acts_for: list[Slug] = Field(
        default=[],
        description="LAs this organisation represents: its attendance counts as theirs",
    )
    note: str | None = None


class AuthoritiesFile(Record):
    authorities: list[Authority]
    organisations: list[Organisation] = []


# --- people.yaml ------------------------------------------------------------------


class Person(Record):
    id: Slug
    name: str
    aliases: list[str] = Field(default=[], description="Other spellings used in the minutes")
    initials: list[str] = Field(default=[], description="Initials the minutes and logs use")
    authority: Slug | None = None
    organisation: Slug | None = None
    role: str | None = None
    note: str | None = None


class UnresolvedInitials(Record):
    initials: str
    seen_in: str = Field(description="Where the initials appear, e.g. 'action 47'")
    note: str | None = None


class PeopleFile(Record):
    people: list[Person]
    unresolved_initials: list[UnresolvedInitials] = []


# --- meetings/YYYY-MM-DD.yaml ---------------------------------------------------


class AttendanceKnown(StrEnum):
    full = "full"  # the attendee list is complete and every attendee's LA is known
    partial = "partial"  # some of who came (or did not) is known, not all
    none = "none"  # nothing is known of who came


class Attendee(Record):
    person: Slug | None = None
    authority: Slug | None = None
    organisation: Slug | None = None
    role: str | None = None
    as_written: str | None = Field(default=None, description="The entry as the minutes print it")
    inferred: str | None = Field(
        default=None,
        description="Set when these minutes do not state the LA or organisation given here: "
        "where it was taken from (e.g. 'LA from the 2021 and 2022 minutes')",
    )
    note: str | None = None


class Figure(Record):
    """A number the minutes give in an item, as they state it."""

    label: str = Field(description="What is counted, in the minutes' words")
    value: Count | None = Field(default=None, description="The number; null if not a count")
    as_written: str = Field(description="The figure as the minutes print it")
    authority: Slug | None = Field(default=None, description="The LA it is about, if one")


class Item(Record):
    title: str
    notes: str | None = None
    figures: list[Figure] = Field(default=[], description="Figures the item's notes give")


class NextMeeting(Record):
    """The next meeting as these minutes announce it."""

    date: Day | None = Field(default=None,
                                       description="The day announced, if a day is given")
    month: str | None = Field(
        default=None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
        description="The month, YYYY-MM, when only a month is announced",
    )
    time: str | None = Field(default=None, description="As written, e.g. 11-12.30")
    start: str | None = Field(default=None, pattern=r"^([01]\d|2[0-3]):[0-5]\d$",
                              description="Start time read from `time`, HH:MM")
    end: str | None = Field(default=None, pattern=r"^([01]\d|2[0-3]):[0-5]\d$",
                            description="End time read from `time`, HH:MM")
    venue: str | None = None
    focus: str | None = Field(default=None,
                              description="What the minutes say the meeting will take")
    as_written: str = Field(description="The announcement as the minutes print it")


class Meeting(Record):
    date: Day
    source: str | None = Field(description="The minutes this file was transcribed from")
    title: str | None = None
    time: str | None = None
    venue: str | None = None
    chair: Attendee | None = None
    attendance: AttendanceKnown
    attendees: list[Attendee] | None = Field(
        description="Who attended; null where the minutes give no list"
    )
    not_represented: list[Slug] | None = Field(
        description="LAs with nobody at the meeting; null where not known"
    )
    not_represented_inferred: str | None = Field(
        default=None,
        description="Set when the minutes have no 'not represented' line and the list above "
        "was worked out: how (e.g. 'LAs not in the attendee list')",
    )
    apologies: list[Attendee] | None = Field(description="Apologies; null where not recorded")
    items: list[Item] = []
    actions_raised: list[ActionId] = []
    actions_mentioned: list[ActionId] = Field(
        default=[], description="Actions raised earlier that this meeting discussed"
    )
    next_meeting: NextMeeting | None = Field(
        default=None, description="The next meeting as these minutes announce it"
    )
    note: str | None = None


# --- actions.yaml -----------------------------------------------------------------


class DatePrecision(StrEnum):
    day = "day"
    month = "month"


class Observation(Record):
    as_of: Day
    as_of_precision: DatePrecision = Field(
        default=DatePrecision.day,
        description="month: the report gives only its month (`as_of` is then the 1st)",
    )
    status: Status
    recorded: str | None = Field(default=None, description="The status wording as written")
    ambiguous: bool = Field(
        default=False,
        description="The wording can be read as more than one status (Ongoing/complete): "
        "`status` is the reading chosen, explained in `note`",
    )
    source: str | None = Field(default=None, description="The minutes the observation is from")
    meeting: Day | None = Field(default=None, description="The meeting that made it, if any")
    note: str | None = None


class Due(Record):
    """When an action is due, as the minutes or log say it."""

    date: Day | None = Field(
        default=None, description="The day it is due by (for a month: the month's last day)"
    )
    precision: DatePrecision = DatePrecision.day
    next_meeting: bool = Field(default=False, description="Due at the next meeting")
    as_written: str = Field(description="The words that give the due date")


class Wording(Record):
    """Another wording of an action, dated: the "Action:" line it started as, or an
    earlier log's text, where it differs from the action's `text` (the latest log's)."""

    as_of: Day
    text: str
    source: str | None = Field(default=None, description="The minutes the wording is from")
    meeting: Day | None = Field(default=None, description="The meeting it was written at")
    note: str | None = None


class NamedRole(StrEnum):
    requested_by = "requested_by"  # who asked for the action
    receives = "receives"  # who receives what the action produces (replies, documents)
    contact = "contact"  # whom the owners are to contact or meet
    source = "source"  # where what is to be shared comes from


class NamedPerson(Record):
    """Someone an action names who is not one of its owners."""

    role: NamedRole
    as_written: str = Field(description="The name or initials as the action writes them")
    person: Slug | None = Field(default=None, description="Their id in people.yaml, if known")
    note: str | None = None


class Action(Record):
    id: ActionId
    text: str
    responsible: str | None = Field(
        default=None, description="The Responsible column (or owner) as written"
    )
    owners: list[Slug] = Field(default=[], description="People (ids in people.yaml)")
    owner_authorities: list[Slug] = Field(default=[], description="LAs that own the action")
    whole_group: bool = Field(default=False, description="Owned by 'All'")
    unresolved_owners: list[str] = Field(
        default=[], description="Initials nobody could resolve with confidence"
    )
    raised: Day
    raised_precision: DatePrecision = DatePrecision.day
    issued_as_written: str | None = Field(
        default=None, description="The Date issued column as written"
    )
    meeting: Day | None = Field(default=None, description="The meeting that raised it, if known")
    history: list[Observation] = []
    due: Due | None = Field(default=None, description="When it is due, where the minutes say")
    wordings: list[Wording] = Field(
        default=[], description="Other wordings of the action, dated (`text` is the latest)"
    )
    named: list[NamedPerson] = Field(
        default=[], description="People the action names beyond its owners"
    )
    note: str | None = None

    @property
    def latest(self) -> Observation | None:
        return self.history[-1] if self.history else None


class ActionsFile(Record):
    actions: list[Action]


# --- benchmarks/YYYY-YY.yaml -----------------------------------------------------


class Confidence(StrEnum):
    certain = "certain"
    high = "high"
    medium = "medium"
    low = "low"
    unknown = "unknown"


class Better(StrEnum):
    higher = "higher"
    lower = "lower"  # type: ignore[assignment]  # shadows str.lower; only the value is used


KEY_PATTERN = r"^[a-z][a-z0-9_]*$"

# The benchmark table's own columns: a stage or ratio of one of these names would
# overwrite it in CSV and JSON (a stage named authority blanked every LA's name).
TABLE_COLUMNS = frozenset({"authority", "rank", "rank_all", "band", "quartile_25",
                           "quartile_50", "quartile_75", "unknown", "flags"})


def _not_a_table_column(value: str) -> str:
    if value in TABLE_COLUMNS:
        raise PydanticCustomError("table_column", "is a column of the benchmark table")
    return value


ColumnKey = Annotated[str, AfterValidator(_not_a_table_column)]


class Stage(Record):
    key: ColumnKey = Field(pattern=KEY_PATTERN, description="e.g. enquiries, initial_visits")
    label: str
    column: str | None = Field(default=None, description="The column in the printed table")
    confidence: Confidence
    note: str | None = None


class Ratio(Record):
    key: ColumnKey = Field(pattern=KEY_PATTERN, description="e.g. conversion")
    label: str
    numerator: str
    denominator: str
    better: Better = Better.higher
    note: str | None = None


class UnknownReason(StrEnum):
    """Why a published figure is null (unknown, never zero)."""

    suppressed = "suppressed"  # `..` in Ofsted's tables: suppressed or not available
    not_returned = "not_returned"  # the LA gave no figure
    blank = "blank"  # the cell is empty, with no mark saying why


class AreaLevel(StrEnum):
    england = "england"
    region = "region"
    subregion = "subregion"  # Inner London, Outer London
    la = "la"
    la_group = "la_group"  # a service reporting for several LAs (London Tri-borough)


class BenchmarkRow(Record):
    authority: Slug
    as_written: str | None = Field(default=None, description="The row as the minutes print it")
    counts: dict[str, Count | None] = Field(description="Stage key -> count; null for a blank cell")
    printed: dict[str, Count | None] = Field(
        default={}, description="Ratio key -> percentage as printed; null where not printed"
    )
    unknown: dict[str, UnknownReason] = Field(
        default={}, description="Stage key -> why its count is null, where the source says"
    )
    note: str | None = None


class BenchmarkArea(Record):
    """The region's or England's row as a source publishes it: shown beside the LAs,
    never added into their totals."""

    level: AreaLevel
    name: str = Field(description="The area as the source writes it")
    code: str | None = Field(default=None, description="Its GSS code, e.g. E12000008")
    dfe_number: DfeNumber | None = Field(
        default=None, description="An LA's three-digit DfE number (DfE's list of LAs, by "
        "its name at the year's end): how statistical neighbours find it"
    )
    counts: dict[str, Count | None] = Field(description="Stage key -> count; null if unknown")
    unknown: dict[str, UnknownReason] = Field(
        default={}, description="Stage key -> why its count is null"
    )
    note: str | None = None


YEAR_PATTERN = r"^\d{4}-\d{2}$"


SERIES_DESCRIPTION = (
    "Whose figures these are, e.g. ofsted (Ofsted's published data); left out for the "
    "group's own benchmarking. The file is named <series>-<year>.yaml"
)


def series_key(series: str | None, year: str) -> str:
    """A year of one series as files and commands name it: ofsted-2018-19, or 2020-21
    for the group's own."""
    return f"{series}-{year}" if series else year


class BenchmarkYear(Record):
    year: str = Field(pattern=YEAR_PATTERN, description="Financial year, e.g. 2020-21")
    series: str | None = Field(
        default=None, pattern=r"^[a-z][a-z0-9]*$", description=SERIES_DESCRIPTION
    )
    source: str | None = None
    meeting: Day | None = None
    note: str | None = None
    stages: list[Stage]
    ratios: list[Ratio]
    authorities: list[BenchmarkRow]
    comparators: list[BenchmarkArea] = Field(
        default=[], description="The region's and England's rows as the source publishes them"
    )
    others: list[BenchmarkArea] = Field(
        default=[], description="Every other LA in England as the source publishes it, "
        "where it does: for national ranks and bands and statistical neighbours, never "
        "added into the region's figures"
    )

    @property
    def key(self) -> str:
        """The year as its file and `fostlog benchmark` name it: 2020-21, ofsted-2018-19."""
        return series_key(self.series, self.year)


# --- meetings-without-minutes.yaml -----------------------------------------------


MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


class MeetingWithoutMinutes(Record):
    """A meeting the group held whose minutes nobody has: known from an action log's
    "Date issued" column or a mention in other minutes. Its attendance is unknown."""

    month: str = Field(pattern=MONTH_PATTERN, description="The month it was held, YYYY-MM")
    day: Day | None = Field(default=None, description="The day, where a source gives it")
    known_from: str = Field(description="How the meeting is known, e.g. 'action log 2025'")
    inferred: bool = Field(
        description="true: worked out (from actions issued that month); false: a source "
        "states that the meeting took place"
    )
    note: str | None = None

    @property
    def key(self) -> str:
        """The meeting as the coordinator would write it: 2023-07, or 2023-07-12."""
        return self.day.isoformat() if self.day else self.month


class MeetingsWithoutMinutesFile(Record):
    meetings: list[MeetingWithoutMinutes]


# --- capacity/<series>-YYYY-YY.yaml ------------------------------------------------------


class CapacityMeasure(StrEnum):
    """The figures a capacity file can hold; a source declares which it has."""

    approved = "approved"  # approved foster places
    filled = "filled"
    vacant = "vacant"
    not_available = "not_available"
    respite = "respite"  # places for respite (short breaks), where a source counts them
    emergency = "emergency"  # places for emergencies, where a source counts them
    households = "households"  # approved fostering households
    emergency_households = "emergency_households"  # households whose main offer is emergency
    short_break_households = "short_break_households"  # ... whose main offer is short breaks


# The places that make up places approved (Ofsted: a place is filled, vacant or not available).
PLACE_PARTS = (CapacityMeasure.filled, CapacityMeasure.vacant, CapacityMeasure.not_available)


class CapacityMeasureSource(Record):
    """One figure a source has, with the source's own wording of it."""

    key: CapacityMeasure
    label: str = Field(description="The row as the source labels it")
    note: str | None = None


class CapacityArea(Record):
    """One area's figures: an LA, the region, England."""

    level: AreaLevel
    name: str = Field(description="The area as the source writes it")
    authority: Slug | None = Field(
        default=None, description="The LA's id in authorities.yaml, for the region's LAs"
    )
    code: str | None = Field(default=None, description="A region's GSS code, e.g. E12000008")
    region: str | None = Field(
        default=None, description="The GSS code of the region an LA's column is under"
    )
    urn: str | None = Field(default=None, description="The Ofsted URN the source gives")
    dfe_number: DfeNumber | None = Field(
        default=None, description="An LA's three-digit DfE number (DfE's list of LAs, by "
        "its name at the year's end): how statistical neighbours find it"
    )
    values: dict[CapacityMeasure, Count | None] = Field(
        description="Measure -> figure; null when unknown (its reason under `unknown`)"
    )
    unknown: dict[CapacityMeasure, UnknownReason] = Field(
        default={}, description="Measure -> why its figure is null"
    )
    parts_gap: CountDifference | None = Field(
        default=None,
        description="Places approved minus places filled, vacant and not available, where "
        "the source's figures differ by more than its rounding explains: the source's, "
        "recorded so that nobody takes it for a typo",
    )
    note: str | None = None

    def gap_beyond_rounding(self, rounding: int | None) -> int | None:
        """Places approved minus the places filled, vacant and not available, when that is
        more than rounding each of the four figures to the nearest `rounding` explains;
        None when it is not, or a figure is unknown."""
        approved = self.values.get(CapacityMeasure.approved)
        parts = [self.values.get(part) for part in PLACE_PARTS]
        if approved is None or any(part is None for part in parts):
            return None
        gap = approved - sum(part or 0 for part in parts)
        # Each figure can be off by up to half the rounding unit.
        slack = (rounding or 0) * (len(parts) + 1) / 2
        return gap if abs(gap) > slack else None


class CapacityYear(Record):
    """Fostering capacity at one date, from one source: places approved, filled, vacant and
    not available, per LA and for the region and England."""

    series: str = Field(pattern=r"^[a-z][a-z0-9]*$", description=SERIES_DESCRIPTION)
    year: str = Field(pattern=YEAR_PATTERN, description="Financial year, e.g. 2018-19")
    as_at: Day | None = Field(default=None, description="The date the figures describe")
    source: str = Field(description="The publication and file the figures come from")
    rounding: int | None = Field(
        default=None, ge=1, le=MAX_COUNT, strict=True,
        description="Every figure is rounded to the nearest N (Ofsted: 5), so parts need "
        "not add up to their total; null: exact counts",
    )
    note: str | None = None
    measures: list[CapacityMeasureSource]
    areas: list[CapacityArea]

    @property
    def key(self) -> str:
        """The year as its file and `fostlog capacity` name it: ofsted-2018-19."""
        return series_key(self.series, self.year)



# --- neighbours/sn-YYYY-MM.yaml ----------------------------------------------------------


class Closeness(StrEnum):
    """How close DfE says a statistical neighbour is (its SNP column), as one spelling."""

    extremely_close = "extremely close"
    very_close = "very close"
    close = "close"
    somewhat_close = "somewhat close"
    not_close = "not close"


class Neighbour(Record):
    dfe_number: DfeNumber
    closeness: Closeness | None = Field(default=None, description="DfE's SNP column")


class NeighbourGroup(Record):
    """One LA and its statistical neighbours, closest first (SN1 to SN10)."""

    dfe_number: DfeNumber
    name: str = Field(description="The LA as DfE's workbook names it")
    region: str | None = Field(default=None, description="The region as the workbook names it")
    neighbours: list[Neighbour] = Field(default=[], max_length=10, description="Closest "
                                        "first; none where DfE gives the LA none")
    note: str | None = None


class NeighbourSet(Record):
    """DfE's statistical neighbours (the ten LAs most like each LA), one published set,
    imported from its workbook unchanged."""

    month: str = Field(pattern=MONTH_PATTERN, description="When DfE published the set, YYYY-MM")
    source: str = Field(description="The publication and file the set comes from")
    file: str = Field(description="The workbook's file name as imported")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="The workbook's SHA-256")
    note: str | None = None
    groups: list[NeighbourGroup]

    @property
    def key(self) -> str:
        """The set as its file and commands name it: sn-2025-05."""
        return f"sn-{self.month}"
