"""References: every person, LA, organisation, action, meeting, stage and ratio a record
names is known, and each LA's codes are those of DfE's list of LAs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from fostlog import domain, reference
from fostlog.checks.common import MAX_PER_RULE, at
from fostlog.core import rules
from fostlog.core.diagnostics import Diagnostic
from fostlog.core.models import Authority, BenchmarkYear, GssCode, Record
from fostlog.core.repository import Repository
from fostlog.core.rules import Rule

# A value some record names, and where: (the record, the key path inside it, the value).
Reference = tuple[Record, tuple[Any, ...], Any]


def _unknown(
    repo: Repository,
    rule: Rule,
    references: Iterable[Reference],
    known: Callable[[Any], bool],
    message: Callable[[Any], str],
    hint: Callable[[Any], str],
    meant: Callable[[Any], str | None] = lambda value: None,
    defined_in: Callable[[Any], str] | None = None,
) -> Iterator[Diagnostic]:
    """A finding of `rule` for each reference that is not `known`, its hint starting with
    "Did you mean ...?" when `meant` finds what was probably meant. Past MAX_PER_RULE in
    one file a finding is only a placeholder, for run_checks to count: a file of a million
    unknown references costs no million suggestions. Where the file that would define the
    value (`defined_in`) could not be read, the value is not reported as missing: a
    findings-skipped placeholder at that file, which run_checks counts on one line."""
    per_file: dict[str, int] = {}
    for record, path, value in references:
        if known(value):
            continue
        home = defined_in(value) if defined_in is not None else None
        if home is not None and home in repo.unread:
            yield rules.FINDINGS_SKIPPED.at(home, 0, 0, rule.id)
            continue
        file = repo.file_of(record)
        per_file[file] = per_file.get(file, 0) + 1
        if per_file[file] > MAX_PER_RULE:
            yield rule.at(file, 1, 1, "", "")
            continue
        close = meant(value)
        did_you_mean = f"Did you mean '{close}'? " if close else ""
        yield at(repo, rule, record, path, message(value), did_you_mean + hint(value))


def _attendee_references(repo: Repository, field: str) -> Iterator[Reference]:
    """Each `field` (person, authority, organisation) given for a meeting's chair,
    attendees and apologies."""
    for meeting in repo.meetings:
        if meeting.chair and getattr(meeting.chair, field):
            yield meeting, ("chair", field), getattr(meeting.chair, field)
        for key in ("attendees", "apologies"):
            for index, attendee in enumerate(getattr(meeting, key) or []):
                if getattr(attendee, field):
                    yield meeting, (key, index, field), getattr(attendee, field)


def _listed(records: Iterable[Record], key: str, field: str | None = None
            ) -> Iterator[Reference]:
    """Each value in each record's list `key` (or each item's `field`, where given)."""
    for record in records:
        for index, item in enumerate(getattr(record, key) or []):
            if field is None:
                yield record, (key, index), item
            elif getattr(item, field) is not None:
                yield record, (key, index, field), getattr(item, field)


def _person_references(repo: Repository) -> Iterator[Reference]:
    yield from _attendee_references(repo, "person")
    for action in repo.actions:
        yield from _listed([action], "owners")
        yield from _listed([action], "named", "person")


def _authority_references(repo: Repository) -> Iterator[Reference]:
    for person in repo.people.values():
        if person.authority:
            yield person, ("authority",), person.authority
    yield from _listed(repo.organisations.values(), "acts_for")
    yield from _attendee_references(repo, "authority")
    yield from _listed(repo.meetings, "not_represented")
    yield from _listed(repo.actions, "owner_authorities")
    yield from _listed(repo.benchmarks, "authorities", "authority")
    yield from _listed(repo.capacity, "areas", "authority")


def _organisation_references(repo: Repository) -> Iterator[Reference]:
    for person in repo.people.values():
        if person.organisation:
            yield person, ("organisation",), person.organisation
    yield from _attendee_references(repo, "organisation")


def _action_references(repo: Repository) -> Iterator[Reference]:
    for meeting in repo.meetings:
        for key in ("actions_raised", "actions_mentioned"):
            yield from _listed([meeting], key)


def _meeting_references(repo: Repository) -> Iterator[Reference]:
    for action in repo.actions:
        if action.meeting is not None:
            yield action, ("meeting",), action.meeting
        for index, observation in enumerate(action.history):
            if observation.meeting is not None:
                yield action, ("history", index, "meeting"), observation.meeting
        for index, wording in enumerate(action.wordings):
            if wording.meeting is not None:
                yield action, ("wordings", index, "meeting"), wording.meeting
    for year in repo.benchmarks:
        if year.meeting is not None:
            yield year, ("meeting",), year.meeting


def check_unknown_people(repo: Repository) -> Iterator[Diagnostic]:
    """Every person named (chair, attendee, apology, action owner) is an id in people.yaml."""

    def meant(value: str) -> str | None:
        found = domain.find_people(value, repo)
        return found[0] if found else domain.suggest(value, repo.people)

    return _unknown(
        repo, rules.UNKNOWN_PERSON, _person_references(repo), repo.people.__contains__,
        lambda value: f"'{value}' is not a person in people.yaml.",
        lambda value: "Add the person to people.yaml, or use their id from it.",
        meant, lambda value: repo.file_for("people.yaml"),
    )


def _unknown_place(repo: Repository, rule: Rule, references: Iterable[Reference],
                   registry: Mapping[str, Any], noun: str, plural: str,
                   find: Callable[[str, Repository], str | None]) -> Iterator[Diagnostic]:
    """An LA or organisation named that is not an id in authorities.yaml."""
    return _unknown(
        repo, rule, references, registry.__contains__,
        lambda value: f"'{value}' is not {noun} in authorities.yaml.",
        lambda value: f"{plural} are written by their id in authorities.yaml.",
        lambda value: find(value, repo) or domain.suggest(value, registry),
        lambda value: repo.file_for("authorities.yaml"))


def check_unknown_authorities(repo: Repository) -> Iterator[Diagnostic]:
    """Every LA named (a person's, one an organisation acts for, at a meeting, owning an
    action, a benchmarking row) is an id in authorities.yaml."""
    return _unknown_place(repo, rules.UNKNOWN_AUTHORITY, _authority_references(repo),
                          repo.authorities, "an LA", "LAs", domain.find_authority)


def check_unknown_organisations(repo: Repository) -> Iterator[Diagnostic]:
    """Every organisation named (a person's, at a meeting) is an id in authorities.yaml."""
    return _unknown_place(repo, rules.UNKNOWN_ORGANISATION, _organisation_references(repo),
                          repo.organisations, "an organisation", "Organisations",
                          domain.find_organisation)


def check_unknown_actions(repo: Repository) -> Iterator[Diagnostic]:
    """Every action a meeting raised or mentioned is in actions.yaml."""
    return _unknown(
        repo, rules.UNKNOWN_ACTION, _action_references(repo),
        lambda value: repo.action(value) is not None,
        lambda value: f"There is no action {value} in actions.yaml.",
        lambda value: "Check the number, or add the action to actions.yaml.",
        defined_in=lambda value: repo.file_for("actions.yaml"),
    )


def check_unknown_meetings(repo: Repository) -> Iterator[Diagnostic]:
    """Every meeting named by date (where an action was raised or reported on, where a
    benchmarking year was presented) has its file in meetings/."""
    return _unknown(
        repo, rules.UNKNOWN_MEETING, _meeting_references(repo),
        lambda value: repo.meeting(value) is not None,
        lambda value: f"There is no meeting file for {value.isoformat()} in meetings/.",
        lambda value: f"Check the date, or add meetings/{value.isoformat()}.yaml.",
        defined_in=lambda value: repo.file_for(f"meetings/{value.isoformat()}.yaml"),
    )


def _unknown_key(repo: Repository, rule: Rule, references: Iterable[Reference],
                 keys: Iterable[str], what: str) -> Iterator[Diagnostic]:
    """A finding of `rule` for each reference that is not one of a year's `keys` (its
    stages or its ratios: `what`)."""
    choices = sorted(keys)
    return _unknown(
        repo, rule, references, set(choices).__contains__,
        lambda value: f"'{value}' is not one of this year's {what}.",
        lambda value: f"Use one of: {', '.join(choices)}.",
        lambda value: domain.suggest(value, choices),
    )


def _stage_references(year: BenchmarkYear) -> Iterator[Reference]:
    for index, ratio in enumerate(year.ratios):
        for end in ("numerator", "denominator"):
            yield year, ("ratios", index, end), getattr(ratio, end)
    for index, row in enumerate(year.authorities):
        for key in row.counts:
            yield year, ("authorities", index, "counts", key), key
        for key in row.unknown:
            yield year, ("authorities", index, "unknown", key), key
    for index, area in enumerate(year.comparators):
        for part in ("counts", "unknown"):
            for key in getattr(area, part):
                yield year, ("comparators", index, part, key), key


def check_unknown_stages(repo: Repository) -> Iterator[Diagnostic]:
    """Every stage a benchmarking year uses (a ratio's numerator and denominator, the key
    of a count) is one of that year's stages."""
    for year in repo.benchmarks:
        stages = [stage.key for stage in year.stages]
        yield from _unknown_key(repo, rules.UNKNOWN_STAGE, _stage_references(year), stages,
                                "stages")


def check_unknown_ratios(repo: Repository) -> Iterator[Diagnostic]:
    """Every percentage printed for an LA is for one of that year's ratios."""
    for year in repo.benchmarks:
        printed = (
            (year, ("authorities", index, "printed", key), key)
            for index, row in enumerate(year.authorities)
            for key in row.printed
        )
        ratios = [ratio.key for ratio in year.ratios]
        yield from _unknown_key(repo, rules.UNKNOWN_RATIO, printed, ratios, "ratios")


def _codes_text(codes: Iterable[GssCode | reference.LaEntry]) -> str:
    found = []
    for entry in codes:
        code = entry.code if isinstance(entry, GssCode) else "/".join(entry.gss_codes)
        dates = (f"{entry.since.isoformat() if entry.since else '?'} to "
                 f"{entry.until.isoformat()}" if entry.until else
                 f"since {entry.since.isoformat() if entry.since else '?'}")
        found.append(f"{code} ({dates})")
    return ", ".join(found) or "none"


def _code_problems(repo: Repository, authority: Authority,
                   entries: list[reference.LaEntry]) -> Iterator[Diagnostic]:
    rule = rules.AUTHORITY_CODES
    where = reference.LAS_FILE
    if authority.dfe_number is None:
        known = {code for entry in entries for code in entry.gss_codes}
        for index, code in enumerate(authority.gss_codes):
            if code.code not in known:
                yield at(repo, rule, authority, ("gss_codes", index, "code"),
                         f"{authority.name}: {code.code} is not a GSS code in DfE's list "
                         f"({where}).")
        return
    listed = reference.entries_for(entries, authority.dfe_number)
    if not listed:
        yield at(repo, rule, authority, ("dfe_number",),
                 f"{authority.name}: DfE's list ({where}) has no LA numbered "
                 f"{authority.dfe_number}.")
        return
    latest = listed[-1]
    if all(domain.find_authority(e.name, repo) != authority.id for e in listed):
        yield at(repo, rule, authority, ("dfe_number",),
                 f"{authority.name}: DfE's list gives {authority.dfe_number} to "
                 f"{latest.name} (line {latest.line} of {where}).",
                 f"Correct the dfe_number, or add '{latest.name}' to the LA's aliases if it "
                 "is the same LA.")
        return
    given = [(c.code, c.since, c.until) for c in authority.gss_codes]
    expected = [(e.gss_codes[0], e.since, e.until) for e in listed]
    if authority.gss_codes and given != expected:
        yield at(repo, rule, authority, ("gss_codes",),
                 f"{authority.name}: its GSS codes are {_codes_text(authority.gss_codes)}, "
                 f"but DfE's list gives {authority.dfe_number} "
                 f"{_codes_text(listed)}.",
                 f"Copy them from lines {', '.join(str(e.line) for e in listed)} of "
                 f"src/fostlog/reference/{where}.")
    if authority.region is not None and authority.region != latest.region:
        yield at(repo, rule, authority, ("region",),
                 f"{authority.name}: its region is {authority.region}, but DfE's list puts "
                 f"it in {latest.region}.")


def check_authority_codes(repo: Repository) -> Iterator[Diagnostic]:
    """Each LA's DfE number, GSS codes (with their dates) and region are those DfE's list of
    LAs gives it (reference/las.csv, shipped with fostlog), and the number is the LA's (its
    name or an alias is the list's name for it)."""
    coded = [a for a in repo.authorities.values()
             if a.dfe_number is not None or a.gss_codes or a.region is not None]
    if not coded:
        return
    entries = reference.la_list()
    if entries is None:
        yield rules.REFERENCE_MISSING.at(
            repo.file_for("authorities.yaml"), 1, 1,
            f"DfE's list of LAs ({reference.LAS_FILE}) is not installed with fostlog, so the "
            "LA codes in authorities.yaml were not checked.")
        return
    for authority in coded:
        yield from _code_problems(repo, authority, entries)
