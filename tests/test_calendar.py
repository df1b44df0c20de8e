"""fostlog calendar: the output parsed back with icalendar: the announced meetings (with
time and place, Europe/London), open actions' due dates as all-day events, per owner,
stable UIDs and byte-identical runs."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from typer.testing import CliRunner

from conftest import DATA, MiniRepo
from fostlog.cli import app
from fostlog.core.repository import Repository
from fostlog.files.load import load_repository

ENV = {"FOSTLOG_TODAY": "2025-10-01", "NO_COLOR": "1", "FOSTLOG_DATA": str(DATA)}
LONDON = ZoneInfo("Europe/London")
runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, list(args), env={**ENV, **(env or {})})


def parse(text: str) -> Any:
    return icalendar.Calendar.from_ical(text)


def events(text: str) -> dict[str, Any]:
    return {str(e["UID"]): e for e in parse(text).walk("VEVENT")}


@pytest.fixture(scope="module")
def repo() -> Repository:
    loaded, _ = load_repository(DATA)
    return loaded


def test_the_meeting_the_july_2021_minutes_announced() -> None:
    result = run("calendar")
    assert result.exit_code == 0, result.output
    found = events(result.stdout)
    meeting = found["meeting-2021-11-05@fostlog"]
    start, end = meeting.decoded("DTSTART"), meeting.decoded("DTEND")
    assert start == datetime(2021, 11, 5, 11, 0, tzinfo=LONDON)
    assert end == datetime(2021, 11, 5, 12, 30, tzinfo=LONDON)
    assert str(start.tzinfo) == "Europe/London"
    assert "Portsmouth to share practice on Mockingbird" in str(meeting["DESCRIPTION"])
    assert "19 July 2021" in str(meeting["DESCRIPTION"])
    timezones = [str(tz["TZID"]) for tz in parse(result.stdout).walk("VTIMEZONE")]
    assert timezones == ["Europe/London"]
    # October 2020 was announced by its month only: no day to put in a calendar.
    assert not [uid for uid in found if uid.startswith("meeting-2020")]


def test_a_second_run_gives_the_same_uids_and_bytes() -> None:
    first, second = run("calendar"), run("calendar", env={"FOSTLOG_TODAY": "2025-10-01"})
    assert first.stdout == second.stdout
    assert list(events(first.stdout)) == list(events(second.stdout))
    assert len(set(events(first.stdout))) == len(parse(first.stdout).walk("VEVENT"))


def test_dtstamp_is_the_datas_latest_date_not_the_clock(repo: Repository) -> None:
    latest = max([m.date for m in repo.meetings] + [a.raised for a in repo.actions]
                 + [o.as_of for a in repo.actions for o in a.history])
    stamps = {e.decoded("DTSTAMP") for e in events(run("calendar").stdout).values()}
    assert {s.date() for s in stamps} == {latest}


def test_due_dates_of_open_actions_as_all_day_events(repo: Repository) -> None:
    found = events(run("calendar", "--as-of", "2025-09-17").stdout)
    seven = found["action-7-due@fostlog"]
    assert seven.decoded("DTSTART") == date(2022, 4, 30)
    assert seven.decoded("DTEND") == date(2022, 5, 1)
    assert str(seven["TRANSP"]) == "TRANSPARENT"
    assert str(seven["SUMMARY"]).startswith("Action 7 due (All): Discuss at April meeting")
    assert "Discuss at April meeting" in str(seven["DESCRIPTION"])
    # Action 5 ("for consideration at next meeting") was closed by January 2022.
    assert "action-5-due@fostlog" not in found
    # An unnumbered action's id makes a UID without its slash.
    assert "action-2021-07-19-1-due@fostlog" in found
    dues = {uid for uid in found if uid.startswith("action-")}
    expected = {f"action-{a.id.replace('/', '-')}-due@fostlog" for a in repo.actions
                if a.due is not None and (a.due.date is not None or a.due.next_meeting)
                and not (a.history and a.history[-1].status in ("done", "dropped"))}
    assert dues <= expected


def test_per_owner(repo: Repository) -> None:
    everyone = events(run("calendar", "--as-of", "2025-09-17").stdout)
    mine = events(run("calendar", "--owner", "RE", "--as-of", "2025-09-17").stdout)
    assert "meeting-2021-11-05@fostlog" in mine  # the group's meetings are everyone's
    due = {uid for uid in mine if uid.startswith("action-")}
    assert due and due < {uid for uid in everyone if uid.startswith("action-")}
    for uid in due:
        action_id = uid.removeprefix("action-").removesuffix("-due@fostlog")
        action = repo.action(action_id) or repo.action(action_id[:10] + "/" + action_id[11:])
        assert action is not None and "rebecca-eligon" in action.owners, uid
    calendar = parse(run("calendar", "--owner", "RE").stdout)
    assert str(calendar["X-WR-CALNAME"]).endswith(": Rebecca Eligon (RE)")


def test_as_of_leaves_out_what_was_not_yet_announced() -> None:
    before = events(run("calendar", "--as-of", "2021-07-01").stdout)
    after = events(run("calendar", "--as-of", "2021-07-19").stdout)
    assert "meeting-2021-11-05@fostlog" not in before
    assert "meeting-2021-11-05@fostlog" in after


def test_text_is_escaped_and_read_back_whole(mini: MiniRepo) -> None:
    venue = 'Room 1; Town Hall, Maidstone \\ "Kent"'
    mini.edit("meetings/2025-07-07.yaml", 'actions_raised: ["1"]',
              'actions_raised: ["1"]\nnext_meeting:\n  date: 2025-10-14\n'
              f"  venue: {json.dumps(venue)}\n"
              f"  focus: {json.dumps('Line one' + chr(10) + 'END:VEVENT' + chr(7))}\n"
              "  as_written: Next meeting 14 October")
    assert [d for d in mini.lint() if d.is_error] == []
    result = run("calendar", "--data", str(mini.root))
    assert result.exit_code == 0, result.output
    meeting = events(result.stdout)["meeting-2025-10-14@fostlog"]
    assert str(meeting["LOCATION"]) == venue
    assert meeting.decoded("DTSTART") == date(2025, 10, 14)  # no time: the whole day
    assert meeting.decoded("DTEND") == date(2025, 10, 14) + timedelta(days=1)
    assert "Line one\nEND:VEVENT\ufffd" in str(meeting["DESCRIPTION"])
    assert len(parse(result.stdout).walk("VEVENT")) == 1 + len(
        [u for u in events(result.stdout) if u.startswith("action-")])


def test_out_and_failures(tmp_path: Path) -> None:
    out = tmp_path / "group.ics"
    result = run("calendar", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.read_bytes() == run("calendar").stdout_bytes
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    result = run("calendar", "--out", str(tmp_path / "nope" / "group.ics"))
    assert result.exit_code == 1 and "could not be written" in result.stderr
    result = run("calendar", "--owner", "Nobody At All")
    assert result.exit_code == 2 and "Traceback" not in result.output
    result = run("calendar", "--help")
    assert "Examples:" in result.stdout and "fostlog calendar --out group.ics" in result.stdout
