"""fostlog export sqlite: SQL over the export reproduces the group's three questions as the
CLI answers them in JSON (`actions --open`, `benchmark 2020-21 --sort conversion`,
`attendance --missing 2`); foreign keys hold; unknown is NULL; Datasette serves it with
its metadata (where Datasette is installed)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from fostlog.cli import app
from fostlog.domain.meetings import surely_raised_by
from fostlog.export.sqlite import export_tables, listed_from
from fostlog.files.load import load_repository

DATA = Path(__file__).resolve().parents[1] / "data"
AS_OF = "2025-09-17"


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(app, [*args, "--data", str(DATA), "--format", "json"],
                                env={"FOSTLOG_TODAY": AS_OF})
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "fostlog.db"
    result = CliRunner().invoke(app, ["export", "sqlite", str(out), "--data", str(DATA),
                                      "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.stderr
    return out


@pytest.fixture()
def db(exported: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(exported)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


def test_open_actions_view_is_actions_open(db: sqlite3.Connection) -> None:
    expected = cli_json("actions", "--open", "--as-of", AS_OF)
    rows = db.execute("SELECT * FROM open_actions").fetchall()
    assert [r["id"] for r in rows] == [e["id"] for e in expected]
    for row, want in zip(rows, expected, strict=True):
        assert row["text"] == want["text"]
        assert row["responsible"] == want["responsible"]
        assert json.loads(row["owner_names"]) == want["owner_names"]
        assert row["raised"] == want["raised"]
        assert row["raised_precision"] == want["raised_precision"]
        assert row["status"] == want["status"]
        assert row["recorded"] == want["recorded"]
        assert row["last_update"] == want["last_update"]
        assert row["due"] == want["due"]
        assert row["due_as_written"] == want["due_as_written"]
        assert row["age_days"] == want["age_days"]
        assert bool(row["overdue"]) == want["overdue"]
        assert bool(row["ambiguous"]) == want["ambiguous"]


def test_benchmark_view_is_benchmark_sorted_by_conversion(db: sqlite3.Connection) -> None:
    expected = cli_json("benchmark", "2020-21", "--sort", "conversion", "--no-region")
    rows = db.execute("SELECT * FROM benchmark_by_conversion WHERE year = '2020-21'").fetchall()
    assert [r["name"] for r in rows] == [e["authority"] for e in expected]
    for row, want in zip(rows, expected, strict=True):
        assert row["rank"] == want["rank"]
        assert row["band"] == want["band"]
        assert row["conversion"] == pytest.approx(want["conversion"], rel=1e-12)
        assert row["enquiries"] == want["enquiries"]
        assert row["applications"] == want["applications"]
    # Every stage's count is there too, unknown as NULL (Kent's sixth stage).
    counts = {(r["authority"], r["stage"]): r["count"] for r in db.execute(
        "SELECT authority, stage, count FROM benchmark_counts WHERE year = '2020-21'")}
    names = {r["name"]: r["authority"] for r in rows}
    for want in expected:
        for stage in ("enquiries", "initial_visits", "stage_c", "applications", "approvals",
                      "stage_f"):
            assert counts[(names[want["authority"]], stage)] == want[stage]
    assert counts[("kent", "stage_f")] is None


def test_benchmark_ranked_reproduces_every_ratio(db: sqlite3.Connection) -> None:
    for ratio in ("enquiry_to_approval", "visit_to_stage_c", "conversion"):
        expected = cli_json("benchmark", "2020-21", "--sort", ratio, "--no-region")
        rows = db.execute("SELECT * FROM benchmark_ranked WHERE year = '2020-21' AND ratio = ?",
                          (ratio,)).fetchall()
        assert [(r["name"], r["rank"], r["band"]) for r in rows] == [
            (e["authority"], e["rank"], e["band"]) for e in expected]


def test_missing_view_is_attendance_missing_two(db: sqlite3.Connection) -> None:
    expected = cli_json("attendance", "--missing", "2", "--as-of", AS_OF)
    rows = db.execute("SELECT * FROM missing_last_two").fetchall()
    assert [
        {"authority": r["authority"], "status": r["status"],
         "absent_at": json.loads(r["absent_at"]), "inferred_at": json.loads(r["inferred_at"]),
         "unknown_at": json.loads(r["unknown_at"]), "last_attended": r["last_attended"]}
        for r in rows
    ] == expected
    assert {r["status"] for r in rows} == {"unknown"}  # March 2025 has no minutes


def test_missing_view_at_an_earlier_date(exported: Path, tmp_path: Path) -> None:
    out = tmp_path / "early.db"
    result = CliRunner().invoke(app, ["export", "sqlite", str(out), "--data", str(DATA),
                                      "--as-of", "2022-01-26"])
    assert result.exit_code == 0, result.output
    expected = cli_json("attendance", "--missing", "2", "--as-of", "2022-01-26")
    with sqlite3.connect(out) as connection:
        rows = connection.execute(
            "SELECT authority, status FROM missing_last_two").fetchall()
    assert [(r[0], r[1]) for r in rows] == [(e["authority"], e["status"]) for e in expected]
    assert any(e["status"].startswith("missing") for e in expected)


def test_one_attendance_row_per_la_per_meeting(db: sqlite3.Connection) -> None:
    authorities = db.execute("SELECT count(*) FROM authorities").fetchone()[0]
    meetings = db.execute("SELECT count(*) FROM meetings").fetchone()[0]
    assert db.execute("SELECT count(*) FROM attendance").fetchone()[0] == authorities * meetings
    without = db.execute("SELECT DISTINCT a.status, a.provenance FROM attendance a JOIN "
                         "meetings m ON m.key = a.meeting WHERE NOT m.has_minutes").fetchall()
    assert [tuple(r) for r in without] == [("unknown", "no minutes on file")]
    inferred = db.execute("SELECT provenance FROM attendance WHERE inferred").fetchall()
    assert inferred and all(r[0].startswith("inferred: ") for r in inferred)


def test_foreign_keys_indexes_and_views(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    keys = {(r["tbl"], r["from"]) for r in db.execute(
        "SELECT m.name AS tbl, p.\"from\" FROM sqlite_master m, "
        "pragma_foreign_key_list(m.name) p WHERE m.type = 'table'")}
    assert {("attendance", "authority"), ("attendance", "meeting"), ("observations", "action"),
            ("benchmark_counts", "authority"), ("people", "authority")} <= keys
    indexes = {r[0] for r in db.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'index'")}
    assert {"attendance", "observations", "benchmark_counts"} <= indexes
    views = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert {"open_actions", "benchmark_by_conversion", "missing_last_two"} <= views


def test_metadata_describes_every_table_and_view(exported: Path, db: sqlite3.Connection) -> None:
    metadata = json.loads(exported.with_name("fostlog.metadata.json").read_text())
    tables = metadata["databases"]["fostlog"]["tables"]
    names = {r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    assert names == set(tables)
    assert all(t["description"] for t in tables.values())
    assert tables["benchmark_ratio_values"]["units"]["percent"] == "percent"
    assert "Open Government Licence" in metadata["license"]


def test_listed_from_is_the_first_day_the_register_lists_an_action() -> None:
    repo, _ = load_repository(DATA)
    for action in repo.actions:
        first = listed_from(action, repo)
        assert surely_raised_by(action, first, repo)
        assert not surely_raised_by(action, date.fromordinal(first.toordinal() - 1), repo)


def test_every_table_has_rows_and_unknown_is_null_not_zero() -> None:
    repo, _ = load_repository(DATA)
    export = export_tables(repo, date.fromisoformat(AS_OF))
    assert all(t.rows for t in export.tables)
    counts = next(t for t in export.tables if t.name == "benchmark_counts")
    blanks = [r for r in counts.rows if r["year"] == "2020-21" and r["count"] is None]
    assert ("kent", "stage_f") in {(r["authority"], r["stage"]) for r in blanks}


def test_refuses_a_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", "sqlite", str(tmp_path), "--data", str(DATA)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_datasette_serves_the_export_with_its_metadata(exported: Path) -> None:
    datasette_app = pytest.importorskip(
        "datasette.app", reason="datasette is not installed (pip install -e '.[explore]')")
    import asyncio

    metadata = json.loads(exported.with_name("fostlog.metadata.json").read_text())

    async def ask() -> tuple[Any, str, Any]:
        ds = datasette_app.Datasette([str(exported)], metadata=metadata)
        rows = await ds.client.get("/fostlog/open_actions.json?_shape=array")
        page = await ds.client.get("/fostlog/missing_last_two")
        served = await ds.client.get("/-/metadata.json")
        return rows.json(), page.text, served.json()

    rows, page, served = asyncio.run(ask())
    assert [r["id"] for r in rows] == [e["id"] for e in cli_json("actions", "--open",
                                                                   "--as-of", AS_OF)]
    assert "LAs missing at the last two meetings" in page
    assert served["title"] == metadata["title"]


def test_a_report_dated_by_its_month_counts_once_the_month_is_over(tmp_path: Path) -> None:
    """The view agrees with `actions --open` about a month-only report: inside its month
    the action is still open with its earlier update; after it, done and gone."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    action = cli_json("actions", "--open", "--as-of", AS_OF)[0]["id"]
    result = CliRunner().invoke(app, ["actions", "update", action, "--status", "done",
                                      "--date", "2025-10", "--data", str(data)])
    assert result.exit_code == 0, result.output
    for as_of, still_open in (("2025-10-15", True), ("2025-11-01", False)):
        out = tmp_path / f"{as_of}.db"
        result = CliRunner().invoke(app, ["export", "sqlite", str(out), "--data", str(data),
                                          "--as-of", as_of])
        assert result.exit_code == 0, result.output
        answer = CliRunner().invoke(app, ["actions", "--open", "--as-of", as_of, "--data",
                                          str(data), "--format", "json"])
        expected = {row["id"]: row["last_update"] for row in json.loads(answer.stdout)}
        with sqlite3.connect(out) as connection:
            rows = dict(connection.execute("SELECT id, last_update FROM open_actions"))
            recorded = connection.execute(
                "SELECT as_of, as_of_precision, counted_from FROM observations "
                "WHERE action = ? ORDER BY seq DESC LIMIT 1", (action,)).fetchone()
        assert rows == expected
        assert (action in rows) is still_open
        assert recorded == ("2025-10", "month", "2025-10-31")


def test_capacity_ranks_and_bands_are_the_commands(db: sqlite3.Connection) -> None:
    """LAIT's ranks, bands and quartile points, worked out once by the queries, not again
    in SQL: the export gives what `fostlog capacity 2018-19 --sort MEASURE` gives."""
    for measure in ("utilisation", "vacant_share", "not_available_share"):
        rows = [r for r in cli_json("capacity", "2018-19", "--sort", measure)
                if r["level"] == "la"]
        exported = {r["authority"]: (r["rank_all"], r["rank_region"], r["band"])
                    for r in db.execute(
                        "select * from capacity_ranks where year = 'ofsted-2018-19' "
                        "and measure = ? and authority is not null", (measure,))}
        assert exported == {r["authority"]: (r["rank_all"], r["rank_region"], r["band"])
                            for r in rows}
        points = db.execute("select quartile_25, quartile_50, quartile_75, ranked_all from "
                            "capacity_quartiles where year = 'ofsted-2018-19' and measure = ?",
                            (measure,)).fetchone()
        assert tuple(points)[:3] == (rows[0]["quartile_25"], rows[0]["quartile_50"],
                                     rows[0]["quartile_75"])
    # A count has no polarity: no rank, no band, no points.
    assert db.execute("select count(*) from capacity_ranks where measure = 'approved'"
                      ).fetchone()[0] == 0
    west_sussex = db.execute("select band from capacity_ranks where authority = 'west-sussex' "
                             "and measure = 'utilisation' and year = 'ofsted-2018-19'"
                             ).fetchone()
    assert west_sussex[0] == "C"  # at the median exactly: the band of lower values


def test_benchmark_quartiles_say_among_whom(db: sqlite3.Connection) -> None:
    group = db.execute("select among, quartile_50 from benchmark_quartiles "
                       "where year = '2020-21' and ratio = 'conversion'").fetchone()
    assert group[0] == "the 17 LAs in the table with a value"
    rows = cli_json("benchmark", "2020-21", "--sort", "conversion")
    assert group[1] == rows[0]["quartile_50"]


def test_neighbours_sets_groups_and_figures_are_the_querys(db: sqlite3.Connection) -> None:
    from fostlog.queries import neighbours

    repo, _ = load_repository(DATA)
    sets = {r["key"]: dict(r) for r in db.execute("SELECT * FROM neighbour_sets")}
    assert sorted(sets) == ["sn-2021-04", "sn-2025-05"]
    assert sets["sn-2025-05"]["file"] == "sn_may_2025.xlsx"
    assert len(sets["sn-2025-05"]["sha256"]) == 64
    group = db.execute("SELECT neighbour, closeness FROM neighbour_groups WHERE "
                       "neighbour_set = 'sn-2025-05' AND dfe_number = 870 ORDER BY position")
    assert [tuple(r) for r in group][:2] == [(826, "very close"), (302, "close")]
    (year,) = repo.capacity_years("ofsted-2018-19")
    mean = neighbours.capacity_beside(repo, year, "reading").mean
    row = db.execute("SELECT * FROM neighbour_figures WHERE topic = 'capacity' AND source = "
                     "'ofsted-2018-19' AND authority = 'reading' AND kind = 'neighbours' "
                     "AND measure = 'utilisation'").fetchone()
    assert row["value"] == mean.values["utilisation"]
    assert (row["with_value"], row["neighbours"], row["neighbour_set"]) == (
        mean.with_value["utilisation"], 10, "sn-2025-05")
    # Every LA of the group, every year of each kind that gives a neighbours' mean; the
    # group's own table (only its LAs) gives none.
    topics = {tuple(r) for r in db.execute(
        "SELECT DISTINCT topic, source FROM neighbour_figures")}
    assert topics == {("capacity", "ofsted-2017-18"), ("capacity", "ofsted-2018-19"),
                      ("benchmark", "ofsted-2017-18"), ("benchmark", "ofsted-2018-19")}
    assert db.execute("SELECT count(DISTINCT authority) FROM neighbour_figures"
                      ).fetchone()[0] == len(repo.authorities)
    # A ratio a year lacks is absent, never 0: 2017-18 has no conversion.
    assert db.execute("SELECT count(*) FROM neighbour_figures WHERE source = "
                      "'ofsted-2017-18' AND measure = 'conversion'").fetchone()[0] == 0
