"""meetings.py's index of the meetings held (built once per repository) gives the answers
of the plain definitions: a walk over every meeting, in date order, for each question."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import DATA
from fostlog.core.models import Action, DatePrecision, MeetingWithoutMinutes
from fostlog.core.repository import Repository
from fostlog.domain.meetings import (
    MeetingWhen,
    Occasion,
    last_meeting_before,
    meeting_of_action,
    next_meeting_after,
    occasions,
    occasions_by,
)
from fostlog.files.load import load_repository

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import generate  # noqa: E402


def facts(held: list[Occasion] | Occasion | None) -> object:
    """What an occasion says (its minutes are not part of its equality: they are read
    when asked for)."""
    if isinstance(held, list):
        return [facts(o) for o in held]
    return None if held is None else (held.when, held.meeting, held.without_minutes)


# --- the plain definitions, as meetings.py had them before the index ---------------------

def plain_occasions(repo: Repository) -> list[Occasion]:
    found = [Occasion(MeetingWhen.of(m.date), meeting=m)
             for m in repo.meetings]
    found += [Occasion(MeetingWhen.of(m.day, m.month), without_minutes=m)
              for m in repo.meetings_without_minutes]
    return sorted(found, key=lambda o: o.when)


def plain_occasions_by(repo: Repository, when: date | None) -> list[Occasion]:
    return [o for o in plain_occasions(repo) if when is None or o.when.may_be_by(when)]


def plain_last_meeting_before(repo: Repository, when: date) -> date | None:
    earlier = [o.when.last_day for o in plain_occasions(repo) if o.when.surely_before(when)]
    return max(earlier) if earlier else None


def plain_meeting_of_action(action: Action, repo: Repository) -> Occasion | None:
    held = plain_occasions(repo)
    if action.meeting is not None:
        return next((o for o in held if o.when == MeetingWhen.of(action.meeting)), None)
    if action.raised_precision is not DatePrecision.month:
        return next((o for o in held if o.when == MeetingWhen.of(action.raised)), None)
    month = action.raised.isoformat()[:7]
    in_month = [o for o in held if o.when[:7] == month]
    return in_month[0] if len(in_month) == 1 else None


def plain_next_meeting_after(repo: Repository, when: date) -> Occasion | None:
    return next((o for o in plain_occasions(repo) if o.when.first_day > when), None)


# --- the repositories compared -------------------------------------------------------------

def _with_month_only_meetings(repo: Repository) -> Repository:
    """The repository with meetings known only by their month (one alone in its month,
    one beside a minuted meeting) and by a day (one on a minuted meeting's date), so that
    months sort before their days and two meetings share a date."""
    first = min(m.date for m in repo.meetings)
    last = max(m.date for m in repo.meetings)
    extra = [MeetingWithoutMinutes(month=f"{first.year - 1}-03", known_from="test",
                                   inferred=True),
             MeetingWithoutMinutes(month=last.isoformat()[:7], known_from="test",
                                   inferred=True),
             MeetingWithoutMinutes(month=first.isoformat()[:7], day=first,
                                   known_from="test", inferred=True)]
    for record in extra:
        repo.add("meetings_without_minutes", record)
    return repo


@pytest.fixture(scope="module", params=["bundled", "generated-31", "generated-32"])
def repo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
         ) -> Repository:
    if request.param == "bundled":
        loaded, _ = load_repository(DATA)
        return loaded
    root = tmp_path_factory.mktemp(request.param) / "data"
    generate.generate(root, meetings=80, actions=60, years=2,
                      seed=int(request.param.rsplit("-", 1)[1]))
    loaded, _ = load_repository(root)
    return _with_month_only_meetings(loaded)


def _days_around(repo: Repository) -> list[date]:
    """Every day a meeting may fall on, the days either side, and a month's ends."""
    days = set()
    for o in plain_occasions(repo):
        for day in (o.when.first_day, o.when.last_day):
            days |= {day - timedelta(days=1), day, day + timedelta(days=1)}
    return sorted(days)


def test_the_index_gives_the_plain_answers(repo: Repository) -> None:
    held = plain_occasions(repo)
    assert len(held) >= 10 and any(not o.when.day_known for o in held)
    assert facts(occasions(repo)) == facts(held)
    assert facts(occasions_by(repo, None)) == facts(held)
    for day in _days_around(repo):
        assert facts(occasions_by(repo, day)) == facts(plain_occasions_by(repo, day)), day
        assert last_meeting_before(repo, day) == plain_last_meeting_before(repo, day), day
        assert (facts(next_meeting_after(repo, day))
                == facts(plain_next_meeting_after(repo, day))), day
    assert repo.actions
    for action in repo.actions:
        assert (facts(meeting_of_action(action, repo))
                == facts(plain_meeting_of_action(action, repo))), action.id


def test_a_month_only_action_is_linked_by_the_index_as_by_a_walk() -> None:
    """An action the log dates to a month: linked to the one meeting of that month, and to
    none when the month has two or none; the index follows meetings added after a first
    question (it is built again)."""
    loaded, _ = load_repository(DATA)
    action = next(a for a in loaded.actions if a.raised_precision is DatePrecision.month
                  and a.meeting is None)
    month = action.raised.isoformat()[:7]
    repo = Repository(root=Path("."))
    assert meeting_of_action(action, repo) is None
    repo.add("meetings_without_minutes", MeetingWithoutMinutes(
        month=month, known_from="test", inferred=True))
    found = meeting_of_action(action, repo)
    assert found is not None and found.when == month
    repo.add("meetings_without_minutes", MeetingWithoutMinutes(
        month=month, day=date.fromisoformat(f"{month}-20"), known_from="test", inferred=True))
    assert meeting_of_action(action, repo) is None
    assert facts(meeting_of_action(action, repo)) == facts(plain_meeting_of_action(action, repo))


def test_occasions_gives_a_list_the_caller_may_change(repo: Repository) -> None:
    first = occasions(repo)
    first.clear()
    assert facts(occasions(repo)) == facts(plain_occasions(repo))


def test_a_meeting_named_by_a_typed_date_is_found_as_by_a_walk(repo: Repository) -> None:
    """--meeting's lookup (meetings.occasion_named, meetings_near): a day's meeting, a
    month's one meeting, none for a month of two; the nearest meetings within 62 days."""
    from fostlog.domain.meetings import meetings_near, occasion_named

    held = plain_occasions(repo)
    for day in _days_around(repo):
        for typed in (day.isoformat(), day.isoformat()[:7]):
            exact = [o for o in held if o.when == typed]
            in_month = [o for o in held if o.when[:7] == typed] if len(typed) == 7 else []
            expected = exact[0] if exact else (in_month[0] if len(in_month) == 1 else None)
            assert facts(occasion_named(repo, typed)) == facts(expected), typed
        near = sorted(held, key=lambda o: abs((o.when.first_day - day).days))[:2]
        assert meetings_near(repo, day) == sorted(
            o.when for o in near if abs((o.when.first_day - day).days) <= 62), day
