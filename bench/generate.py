"""A synthetic fostlog data repository of any size, deterministic from a seed.

The corpus is valid by construction: 19 LAs, people who work for them, N meetings with
realistic attendance (full lists with the absent LAs accounted for, partial lists, meetings
nobody recorded), M actions raised at those meetings with status histories, and K
benchmarking years whose printed percentages agree with their counts.

`plant` adds a known number of problems of each lint rule, each in a record that no other
plant touches and that nothing else refers to, so lint should report exactly the planted
counts. The counts are written to `.manifest.json` in the corpus (a dot-file: lint skips it).

Usage:
    python bench/generate.py OUT --meetings 1000 --actions 1000 --years 5 --seed 1
    python bench/generate.py OUT --meetings 200 --plant all=2 --plant unknown-person=5

Never point OUT at data/: synthetic data does not belong there.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from fostlog.core.kinds import BY_NAME


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes every value out in full: fostlog refuses anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

AUTHORITIES = {
    "bracknell-forest": "Bracknell Forest",
    "brighton-and-hove": "Brighton and Hove",
    "buckinghamshire": "Buckinghamshire",
    "east-sussex": "East Sussex",
    "hampshire": "Hampshire",
    "isle-of-wight": "Isle of Wight",
    "kent": "Kent",
    "medway": "Medway",
    "milton-keynes": "Milton Keynes",
    "oxfordshire": "Oxfordshire",
    "portsmouth": "Portsmouth",
    "reading": "Reading",
    "slough": "Slough",
    "southampton": "Southampton",
    "surrey": "Surrey",
    "west-berkshire": "West Berkshire",
    "west-sussex": "West Sussex",
    "windsor-and-maidenhead": "Windsor and Maidenhead",
    "wokingham": "Wokingham",
}
LAS = list(AUTHORITIES)

# Organisation id -> (name, kind, LAs it acts for); a children's company attending counts
# as its LA being represented, which the attendance rules must handle.
ORGANISATIONS = {
    "achieving-for-children": ("Achieving for Children", "childrens_company",
                               ["windsor-and-maidenhead"]),
    "brighter-futures-for-children": ("Brighter Futures for Children", "childrens_company",
                                      ["reading"]),
    "slough-children-first": ("Slough Children First", "childrens_company", ["slough"]),
    "seslip": ("SESLIP", "improvement_programme", []),
}
COMPANY_OF = {"windsor-and-maidenhead": "achieving-for-children",
              "reading": "brighter-futures-for-children", "slough": "slough-children-first"}

FIRST = ["Alex", "Amira", "Ben", "Carol", "Chloe", "Dan", "Deborah", "Emma", "Femi", "Gemma",
         "Hannah", "Imran", "Jackie", "James", "Jo", "Karen", "Keith", "Liz", "Maria", "Martin",
         "Nadia", "Natalie", "Owen", "Priya", "Rachel", "Sam", "Sarah", "Tom", "Vik", "Zoe"]
LAST = ["Ahmed", "Bailey", "Clark", "Cordrey", "Daly", "Evans", "Field", "Giles", "Harper",
        "Ibrahim", "Jennings", "Khan", "Langley", "Morgan", "Nowak", "Okafor", "Patel",
        "Quinn", "Reid", "Shields", "Smith", "Taylor", "Usman", "Vaughan", "Walsh", "Young"]
TOPICS = ["Out of hours support", "Mystery shopping", "Recruitment campaign",
          "Benchmarking data", "Kinship care", "Placement sufficiency", "Foster carer fees",
          "Inside Out project", "Terms of reference", "Training offer", "Retention survey"]
VERBS = ["share", "circulate", "collate", "draft", "review", "send", "present", "escalate"]

STAGES = [
    ("enquiries", "Initial enquiries", "high"),
    ("initial_visits", "Initial (home) visits", "medium"),
    ("stage_c", "Stage C (header lost)", "unknown"),
    ("applications", "Applications", "medium"),
    ("approvals", "Approvals", "medium"),
    ("stage_f", "Stage F (header lost)", "unknown"),
]
RATIOS = [
    ("enquiry_to_approval", "Enquiry to approval", "approvals", "enquiries"),
    ("enquiry_to_visit", "Enquiry to visit", "initial_visits", "enquiries"),
    ("visit_to_stage_c", "Visit to stage C", "stage_c", "initial_visits"),
    ("visit_to_application", "Visit to application", "applications", "initial_visits"),
    ("conversion", "Enquiry to application", "applications", "enquiries"),
]

# Rules whose plants make a meeting file unreadable or invalid: such a meeting must be one
# that nothing refers to, or its absence would cause further (unplanted) diagnostics.
FILE_BREAKING = ["yaml-syntax", "yaml-duplicate-key", "yaml-anchor", "yaml-alias",
                 "schema-unknown-key", "schema-missing-key", "schema-type", "schema-date",
                 "schema-value"]
PLANTABLE = [*FILE_BREAKING, "meeting-filename", "unknown-person", "unknown-authority",
             "unknown-organisation", "unknown-action", "unknown-meeting", "unknown-stage",
             "unknown-ratio", "duplicate-action", "duplicate-id", "present-and-absent",
             "history-order", "observation-before-raised", "benchmark-arithmetic",
             "ratio-over-100", "attendance-unaccounted", "action-meeting-link"]


@dataclass
class Corpus:
    """The generated repository in memory, before it is written."""

    people: list[dict[str, Any]] = field(default_factory=list)
    by_la: dict[str, list[str]] = field(default_factory=dict)
    seslip: list[str] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    file_names: dict[int, str] = field(default_factory=dict)
    text_edits: dict[int, str] = field(default_factory=dict)  # meeting index -> rule
    actions: list[dict[str, Any]] = field(default_factory=list)
    years: list[dict[str, Any]] = field(default_factory=list)
    planted: Counter[str] = field(default_factory=Counter)


def _slug(text: str) -> str:
    return "-".join(text.lower().split())


def _percent(numerator: int | None, denominator: int | None) -> int | None:
    """The whole percentage as the spreadsheet prints it: halves rounded up."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return int(Fraction(numerator * 100, denominator) + Fraction(1, 2))


def _make_people(rng: random.Random, corpus: Corpus, per_la: int) -> None:
    used: set[str] = set()

    def person(authority: str | None, organisation: str | None, role: str) -> str:
        while True:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            ident = _slug(f"{first} {last}")
            if ident in used:
                ident = f"{ident}-{len(used)}"
            if ident not in used:
                break
        used.add(ident)
        corpus.people.append({
            "id": ident, "name": f"{first} {last}", "initials": [first[0] + last[0]],
            "authority": authority, "organisation": organisation, "role": role,
        })
        return ident

    corpus.seslip = [person(None, "seslip", "SESLIP support") for _ in range(2)]
    for la in LAS:
        corpus.by_la[la] = [person(la, COMPANY_OF.get(la), "Fostering service lead")
                            for _ in range(per_la)]


def _attendee(la: str, person: str, rng: random.Random) -> dict[str, Any]:
    company = COMPANY_OF.get(la)
    if company and rng.random() < 0.5:
        # As the minutes write it: "Holly Clune (AfC)", the company rather than the LA.
        return {"person": person, "organisation": company}
    return {"person": person, "authority": la}


def _make_meetings(rng: random.Random, corpus: Corpus, count: int) -> None:
    day = date(1990, 1, 8)
    for index in range(count):
        day += timedelta(days=rng.randint(1, 4))
        kind = rng.choices(["full", "partial", "none"], weights=[70, 20, 10])[0]
        present = [la for la in LAS if rng.random() < 0.7]
        absent = [la for la in LAS if la not in present]
        attendees: list[dict[str, Any]] | None = []
        for la in present:
            for person in rng.sample(corpus.by_la[la], rng.choice([1, 1, 1, 2])):
                attendees.append(_attendee(la, person, rng))  # type: ignore[union-attr]
        apologies: list[dict[str, Any]] | None = []
        not_represented: list[str] | None = []
        for la in absent:
            if rng.random() < 0.4:
                apologies.append(  # type: ignore[union-attr]
                    {"person": rng.choice(corpus.by_la[la]), "authority": la})
            else:
                not_represented.append(la)  # type: ignore[union-attr]
        if kind == "partial":
            attendees = rng.sample(attendees, len(attendees) // 2)  # type: ignore[arg-type]
            not_represented = None
            apologies = apologies if rng.random() < 0.5 else None
        elif kind == "none":
            attendees = not_represented = apologies = None
        corpus.meetings.append({
            "date": day,
            "source": f"synthetic-{index:05d}.txt",
            "title": "Minutes - South East regional fostering leads meeting",
            "time": "10.00-12.00",
            "venue": rng.choice(["MS Teams", "Guildford", "Reading"]),
            "chair": {"person": rng.choice(corpus.seslip), "organisation": "seslip"},
            "attendance": kind,
            "attendees": attendees,
            "not_represented": not_represented,
            "apologies": apologies,
            "items": [{"title": topic, "notes": f"The group discussed {topic.lower()}."}
                      for topic in rng.sample(TOPICS, rng.randint(1, 3))],
            "actions_raised": [],
            "actions_mentioned": [],
        })


def _make_actions(rng: random.Random, corpus: Corpus, count: int, spare: set[int]) -> None:
    usable = [i for i in range(len(corpus.meetings)) if i not in spare]
    if count and not usable:
        raise ValueError("no meetings left to raise actions at; add meetings")
    people = {p["id"]: p for p in corpus.people}
    for number in range(1, count + 1):
        at = rng.choice(usable)
        meeting = corpus.meetings[at]
        owner = rng.choice(list(people))
        initials = people[owner]["initials"][0]
        action: dict[str, Any] = {
            "id": number,
            "text": f"{initials} to {rng.choice(VERBS)} the {rng.choice(TOPICS).lower()} "
                    "paper with the group.",
            "responsible": initials,
            "owners": [owner],
            "owner_authorities": [people[owner]["authority"]] if people[owner]["authority"]
            else [],
        }
        if rng.random() < 0.1:
            # An action known only from a log that gives the month ("Oct 2021").
            raised = meeting["date"].replace(day=1)
            action.update(raised=raised, raised_precision="month",
                          issued_as_written=raised.strftime("%b %Y"))
        else:
            action.update(raised=meeting["date"], meeting=meeting["date"])
            meeting["actions_raised"].append(str(number))
        history: list[dict[str, Any]] = []
        status = "open"
        later = [i for i in usable if i > at]
        for i in sorted(rng.sample(later, min(len(later), rng.choice([0, 1, 1, 2, 3, 4])))):
            status = rng.choice({"open": ["open", "in_progress", "done"],
                                 "in_progress": ["in_progress", "done", "dropped"]}[status])
            mentioned = corpus.meetings[i]
            history.append({"as_of": mentioned["date"], "status": status,
                            "recorded": status.replace("_", " ").capitalize(),
                            "meeting": mentioned["date"]})
            mentioned["actions_mentioned"].append(str(number))
            if status in ("done", "dropped"):
                break
        action["history"] = history
        corpus.actions.append(action)


def _make_years(rng: random.Random, corpus: Corpus, count: int, spare: set[int]) -> None:
    usable = [i for i in range(len(corpus.meetings)) if i not in spare]
    for offset in range(count):
        start = 2021 - count + offset  # the last year is 2020-21, as in the real data
        year = f"{start}-{(start + 1) % 100:02d}"
        rows = []
        for la in LAS:
            enquiries = rng.randint(30, 600)
            visits = int(enquiries * rng.uniform(0.3, 0.7))
            counts: dict[str, int | None] = {
                "enquiries": enquiries,
                "initial_visits": visits,
                "stage_c": int(visits * rng.uniform(0.4, 0.9)),
                "applications": int(visits * rng.uniform(0.3, 0.7)),
            }
            counts["approvals"] = int((counts["applications"] or 0) * rng.uniform(0.3, 0.9))
            counts["stage_f"] = rng.randint(0, 30)
            for key in counts:
                if rng.random() < 0.05:
                    counts[key] = None  # a blank cell: unknown, never zero
            rows.append({"authority": la, "counts": counts})
        corpus.years.append({
            "year": year,
            "source": f"synthetic-benchmark-{year}.txt",
            "meeting": corpus.meetings[rng.choice(usable)]["date"] if usable else None,
            "stages": [{"key": k, "label": label, "confidence": c} for k, label, c in STAGES],
            "ratios": [{"key": k, "label": label, "numerator": n, "denominator": d}
                       for k, label, n, d in RATIOS],
            "authorities": rows,
        })


def _print_percentages(corpus: Corpus) -> None:
    for year in corpus.years:
        for row in year["authorities"]:
            counts = row["counts"]
            row["printed"] = {key: _percent(counts.get(n), counts.get(d))
                              for key, _, n, d in RATIOS}


# --- planting problems -----------------------------------------------------------------


class _Hosts:
    """Hands out records for plants, each at most once, so plants never interact."""

    def __init__(self, rng: random.Random, corpus: Corpus, spare: set[int]):
        self.rng = rng
        self.used: set[tuple[str, Any]] = set()
        self.corpus = corpus
        self.spare = sorted(spare)

    def take(self, kind: str, candidates: list[Any], rule: str) -> Any:
        free = [c for c in candidates if (kind, _key(c)) not in self.used]
        if not free:
            raise ValueError(f"the corpus is too small to plant more {rule} problems")
        chosen = self.rng.choice(free)
        self.used.add((kind, _key(chosen)))
        return chosen


def _key(candidate: Any) -> Any:
    return candidate if isinstance(candidate, (int, str, tuple)) else id(candidate)


def _plant(rule: str, corpus: Corpus, hosts: _Hosts, serial: int) -> None:
    meetings, actions = corpus.meetings, corpus.actions
    ordinary = [i for i in range(len(meetings)) if i not in hosts.spare]

    def meeting(where: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        index = hosts.take("meeting", [i for i in ordinary if where(meetings[i])], rule)
        chosen: dict[str, Any] = meetings[index]
        return chosen

    def action(where: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        return hosts.take("action", [a for a in actions if where(a)], rule)  # type: ignore[no-any-return]

    def row(where: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        rows = [r for y in corpus.years for r in y["authorities"] if where(r)]
        return hosts.take("row", rows, rule)  # type: ignore[no-any-return]

    def full(m: dict[str, Any]) -> bool:
        return bool(m["attendance"] == "full")

    if rule in FILE_BREAKING:
        index = hosts.take("meeting", hosts.spare, rule)
        corpus.text_edits[index] = rule
    elif rule == "meeting-filename":
        corpus.file_names[meetings.index(meeting(lambda m: True))] = f"misnamed-{serial}"
    elif rule == "unknown-person":
        meeting(lambda m: bool(m["attendees"]))["attendees"][0]["person"] = f"nobody-{serial}"
    elif rule == "unknown-authority":
        action(lambda a: True)["owner_authorities"].append(f"atlantis-{serial}")
    elif rule == "unknown-organisation":
        corpus.people.append({"id": f"visitor-{serial}", "name": f"Visitor {serial}",
                              "organisation": f"nowhere-{serial}"})
    elif rule == "unknown-action":
        meeting(lambda m: True)["actions_mentioned"].append(str(10**9 + serial))
    elif rule == "unknown-meeting":
        action(lambda a: bool(a["history"]))["history"][0]["meeting"] = (
            date(1900, 1, 1) + timedelta(days=serial))
    elif rule == "unknown-stage":
        row(lambda r: True)["counts"]["stage_z"] = serial
    elif rule == "unknown-ratio":
        row(lambda r: True)["printed_extra"] = {"made_up_ratio": 50}
    elif rule == "duplicate-action":
        original = action(lambda a: True)
        actions.append({**original, "history": [dict(o) for o in original["history"]]})
        hosts.used.add(("action", id(actions[-1])))
    elif rule == "duplicate-id":
        original = hosts.take("person", corpus.people[:], rule)
        corpus.people.append({**original, "name": original["name"] + " (again)"})
    elif rule == "present-and-absent":
        found = meeting(lambda m: full(m) and bool(m["attendees"])
                        and any("authority" in a for a in m["attendees"]))
        present = next(a["authority"] for a in found["attendees"] if "authority" in a)
        found["not_represented"].append(present)
    elif rule == "history-order":
        found = action(lambda a: len(a["history"]) >= 2)
        first, second = found["history"][0], found["history"][1]
        first["as_of"], second["as_of"] = second["as_of"], first["as_of"]
    elif rule == "observation-before-raised":
        found = action(lambda a: bool(a["history"]))
        found["history"][0]["as_of"] = found["raised"] - timedelta(days=40)
    elif rule == "benchmark-arithmetic":
        row(lambda r: r["counts"]["enquiries"] and r["counts"]["approvals"] is not None
            and r["counts"]["enquiries"] > 20)["printed_shift"] = "enquiry_to_approval"
    elif rule == "ratio-over-100":
        found = row(lambda r: bool(r["counts"]["initial_visits"])
                    and r["counts"]["stage_c"] is not None)
        found["counts"]["stage_c"] = found["counts"]["initial_visits"] + 1 + serial % 7
    elif rule == "attendance-unaccounted":
        meeting(lambda m: full(m) and bool(m["not_represented"]))["not_represented"].pop()
    elif rule == "action-meeting-link":
        found = action(lambda a: "meeting" in a)
        raising = next(m for m in meetings if m["date"] == found["meeting"])
        raising["actions_raised"].remove(str(found["id"]))
    else:
        raise ValueError(f"cannot plant {rule!r}; plantable rules: {', '.join(PLANTABLE)}")
    corpus.planted[rule] += 1


def _break_text(text: str, rule: str) -> str:
    """Make a spare meeting's file fail in exactly one way, for `rule`."""
    edits = {
        "yaml-syntax": text + "broken: this: is not yaml\n",
        "yaml-duplicate-key": text + "venue: Somewhere else\n",
        "yaml-anchor": text + "extra: &shared one\n",
        "yaml-alias": text + "extra: *shared\n",
        "schema-unknown-key": text + "venu: MS Teams\n",
        "schema-missing-key": "".join(
            line for line in text.splitlines(keepends=True) if not line.startswith("source:")),
        "schema-type": re.sub(r"^title: ", "title:\n- ", text, count=1, flags=re.M),
        "schema-date": re.sub(r"^date: .*$", "date: 2021-02-30", text, count=1, flags=re.M),
        "schema-value": re.sub(r"^attendance: .*$", "attendance: mostly", text, count=1,
                               flags=re.M),
    }
    return edits[rule]


# --- writing -----------------------------------------------------------------------------


def _dump(value: Any) -> str:
    return str(yaml.dump(value, Dumper=_Dumper, sort_keys=False, default_flow_style=False,
                         allow_unicode=True, width=100))


def _write(root: Path, corpus: Corpus) -> None:
    # File names and folders come from the registry of file kinds, as the loader reads them.
    header = "# Synthetic data from bench/generate.py: not the group's minutes.\n"
    meetings_dir = root / str(BY_NAME["meeting"].folder)
    benchmarks_dir = root / str(BY_NAME["benchmark"].folder)
    meetings_dir.mkdir(parents=True)
    benchmarks_dir.mkdir()
    organisations = [{"id": k, "name": n, "kind": kind, "acts_for": acts}
                     for k, (n, kind, acts) in ORGANISATIONS.items()]
    (root / BY_NAME["authorities"].pattern).write_text(header + _dump({
        "authorities": [{"id": k, "name": n} for k, n in AUTHORITIES.items()],
        "organisations": organisations}), encoding="utf-8")
    people = [{k: v for k, v in p.items() if v is not None} for p in corpus.people]
    (root / BY_NAME["people"].pattern).write_text(header + _dump({"people": people}),
                                                  encoding="utf-8")
    (root / BY_NAME["actions"].pattern).write_text(header + _dump({"actions": corpus.actions}),
                                       encoding="utf-8")
    for index, meeting in enumerate(corpus.meetings):
        text = header + _dump(meeting)
        if index in corpus.text_edits:
            text = _break_text(text, corpus.text_edits[index])
        name = corpus.file_names.get(index, meeting["date"].isoformat())
        (meetings_dir / f"{name}.yaml").write_text(text, encoding="utf-8")
    for year in corpus.years:
        (benchmarks_dir / f"{year['year']}.yaml").write_text(
            header + _dump(year), encoding="utf-8")


def generate(
    root: Path,
    *,
    meetings: int = 100,
    actions: int | None = None,
    years: int = 3,
    seed: int = 0,
    plant: Mapping[str, int] | None = None,
    people_per_la: int = 3,
) -> dict[str, int]:
    """Write a corpus to `root` (which must not exist yet); return the planted counts."""
    plant = {rule: n for rule, n in (plant or {}).items() if n}
    unknown = sorted(set(plant) - set(PLANTABLE))
    if unknown:
        raise ValueError(f"cannot plant {', '.join(unknown)}; plantable: {', '.join(PLANTABLE)}")
    if root.exists():
        raise ValueError(f"{root} already exists; give a new folder")
    if root.resolve().name == "data" and (root.resolve().parent / "src" / "fostlog").is_dir():
        raise ValueError("refusing to write synthetic data into the project's data/ folder")
    rng = random.Random(seed)
    corpus = Corpus()
    _make_people(rng, corpus, people_per_la)
    _make_meetings(rng, corpus, meetings)
    breaking = sum(plant.get(rule, 0) for rule in FILE_BREAKING)
    if breaking > meetings // 2:
        raise ValueError(f"{breaking} file-breaking plants need at least {2 * breaking} meetings")
    # Spare meetings host the file-breaking plants, so nothing may refer to them.
    spare = set(rng.sample(range(meetings), breaking))
    _make_actions(rng, corpus, meetings if actions is None else actions, spare)
    _make_years(rng, corpus, years, spare)
    hosts = _Hosts(rng, corpus, spare)
    serial = 0
    for rule in PLANTABLE:
        for _ in range(plant.get(rule, 0)):
            serial += 1
            _plant(rule, corpus, hosts, serial)
    _print_percentages(corpus)
    for year in corpus.years:
        for row in year["authorities"]:
            row["printed"].update(row.pop("printed_extra", {}))
            shifted = row.pop("printed_shift", None)
            if shifted is not None:
                printed = row["printed"][shifted]
                row["printed"][shifted] = printed + 7 if printed <= 93 else printed - 7
    root.mkdir(parents=True)
    try:
        _write(root, corpus)
        manifest = {"seed": seed, "meetings": meetings, "actions": len(corpus.actions),
                    "years": years, "planted": dict(sorted(corpus.planted.items()))}
        (root / ".manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return dict(corpus.planted)


def _parse_plant(values: list[str]) -> dict[str, int]:
    plant: dict[str, int] = {}
    for value in values:
        rule, _, count = value.partition("=")
        number = int(count or "1")
        for name in PLANTABLE if rule == "all" else [rule]:
            plant[name] = plant.get(name, 0) + number
    return plant


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="a new folder to write the corpus to")
    parser.add_argument("--meetings", type=int, default=100)
    parser.add_argument("--actions", type=int, default=None, help="default: one per meeting")
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--plant", action="append", default=[], metavar="RULE=N",
                        help="plant N problems of RULE ('all=N' for every plantable rule)")
    args = parser.parse_args(argv)
    try:
        planted = generate(args.out, meetings=args.meetings, actions=args.actions,
                           years=args.years, seed=args.seed, plant=_parse_plant(args.plant))
    except ValueError as error:
        sys.stderr.write(f"generate: {error}\n")
        return 2
    sys.stderr.write(f"wrote {args.out}" + (f"; planted {planted}" if planted else "") + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
