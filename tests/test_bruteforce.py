"""The headline queries agree with brute force on generated corpora.

Each expected answer is computed here from the raw YAML files, deliberately naively and
without fostlog's models, facts or queries, then compared with what the command line
prints as JSON.
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from fostlog.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import generate  # noqa: E402

SEEDS = [11, 12, 13]


@pytest.fixture(scope="module", params=SEEDS)
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp(f"seed{request.param}") / "data"
    generate.generate(root, meetings=80, actions=160, years=3, seed=request.param)
    return root


def cli_json(*words: str) -> Any:
    result = CliRunner().invoke(app, [*words, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def raw(root: Path, name: str) -> Any:
    return yaml.safe_load((root / name).read_text(encoding="utf-8"))


def raw_meetings(root: Path) -> list[dict[str, Any]]:
    meetings = [yaml.safe_load(p.read_text(encoding="utf-8"))
                for p in (root / "meetings").glob("*.yaml")]
    return sorted(meetings, key=lambda m: m["date"])


# --- attendance --missing N ------------------------------------------------------------


def naive_missing(root: Path, last: int, as_of: date | None) -> dict[str, str]:
    """LA name -> 'missing' or 'unknown' for LAs nobody attended of the last N meetings."""
    registry = raw(root, "authorities.yaml")
    names = {a["id"]: a["name"] for a in registry["authorities"]}
    acts_for = {o["id"]: o.get("acts_for", []) for o in registry.get("organisations", [])}
    people = {p["id"]: p for p in raw(root, "people.yaml")["people"]}

    def las_of(entry: dict[str, Any]) -> set[str]:
        authority, organisation = entry.get("authority"), entry.get("organisation")
        if not authority and not organisation and entry.get("person") in people:
            person = people[entry["person"]]
            authority, organisation = person.get("authority"), person.get("organisation")
        found = {authority} if authority else set()
        return found | set(acts_for.get(organisation, []))

    meetings = [m for m in raw_meetings(root) if as_of is None or m["date"] <= as_of]
    window = meetings[-last:]
    answer = {}
    for la, name in names.items():
        states = []
        for meeting in window:
            people_there = ([meeting["chair"]] if meeting.get("chair") else []) + (
                meeting["attendees"] or [])
            present = any(la in las_of(p) for p in people_there)
            sorry = any(la in las_of(p) for p in meeting["apologies"] or [])
            listed = la in (meeting["not_represented"] or [])
            if present:
                states.append("present")
            elif sorry or listed or meeting["attendance"] == "full":
                states.append("absent")
            else:
                states.append("unknown")
        if window and "present" not in states:
            answer[name] = "unknown" if "unknown" in states else "missing"
    return answer


def query_dates(root: Path) -> list[date | None]:
    dates = [m["date"] for m in raw_meetings(root)]
    return [None, dates[len(dates) // 2], dates[5] + timedelta(days=1), dates[0]]


@pytest.mark.parametrize("last", [1, 2, 3, 5])
def test_attendance_missing_agrees_with_brute_force(corpus: Path, last: int) -> None:
    for as_of in query_dates(corpus):
        words = ["attendance", "--missing", str(last), "--data", str(corpus)]
        if as_of is not None:
            words += ["--as-of", as_of.isoformat()]
        got = {row["authority"]: row["status"] for row in cli_json(*words)}
        assert got == naive_missing(corpus, last, as_of), (last, as_of)


# --- actions --open --as-of --------------------------------------------------------------


def naive_surely_raised(action: dict[str, Any], as_of: date, meeting_days: list[date]) -> bool:
    """Raised by `as_of`, with an action the log dates to a month known to be raised in
    that month only once its meeting (named, or the month's only one) was held, or once a
    report of it is dated by then."""
    raised = action["raised"]
    if action.get("raised_precision") != "month":
        return bool(raised <= as_of)
    month, now = (raised.year, raised.month), (as_of.year, as_of.month)
    if month != now:
        return month < now
    in_month = [d for d in meeting_days if (d.year, d.month) == month]
    meeting = action.get("meeting") or (in_month[0] if len(in_month) == 1 else None)
    if meeting is not None and meeting <= as_of:
        return True
    return any(o["as_of"] <= as_of for o in action.get("history", []))


def naive_open(root: Path, as_of: date) -> set[str]:
    found = set()
    meeting_days = [m["date"] for m in raw_meetings(root)]
    for action in raw(root, "actions.yaml")["actions"]:
        if not naive_surely_raised(action, as_of, meeting_days):
            continue
        status = "open"
        for observation in action.get("history", []):
            if observation["as_of"] <= as_of:
                status = observation["status"]
        if status in ("open", "in_progress"):
            found.add(str(action["id"]))
    return found


def test_open_actions_as_of_agree_with_brute_force(corpus: Path) -> None:
    dates = [m["date"] for m in raw_meetings(corpus)]
    checked = [dates[0] - timedelta(days=1), dates[0], *dates[10::9], dates[-1],
               dates[-1] + timedelta(days=400)]
    for as_of in checked:
        got = cli_json("actions", "--open", "--as-of", as_of.isoformat(),
                       "--data", str(corpus))
        assert {row["id"] for row in got} == naive_open(corpus, as_of), as_of
        assert all(row["status"] in ("open", "in_progress") for row in got)


# --- benchmark ratios ---------------------------------------------------------------------


def test_benchmark_ratios_agree_with_brute_force(corpus: Path) -> None:
    for path in sorted((corpus / "benchmarks").glob("*.yaml")):
        year = yaml.safe_load(path.read_text(encoding="utf-8"))
        names = {a["id"]: a["name"] for a in raw(corpus, "authorities.yaml")["authorities"]}
        got = {row["authority"]: row for row in cli_json(
            "benchmark", year["year"], "--sort", "conversion", "--no-region",
            "--data", str(corpus))}
        assert set(got) == {names[row["authority"]] for row in year["authorities"]}
        for row in year["authorities"]:
            shown = got[names[row["authority"]]]
            for ratio in year["ratios"]:
                top = row["counts"].get(ratio["numerator"])
                bottom = row["counts"].get(ratio["denominator"])
                expected = None if top is None or not bottom else 100 * top / bottom
                if expected is None:
                    assert shown[ratio["key"]] is None
                else:
                    assert shown[ratio["key"]] == pytest.approx(expected)
        # Sorted by conversion, best (highest) first; unknown conversions last.
        order = [got[name]["conversion"] for name in got]
        known = [value for value in order if value is not None]
        assert known == sorted(known, reverse=True)
        assert order[: len(known)] == known
