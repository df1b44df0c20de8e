"""The data as one SQLite database (sqlite-utils), for Datasette, a spreadsheet or SQL.

Tables hold the facts as the data files give them, with the values fostlog computes
where SQL could not (a ratio from exact fractions, the day from which the register lists
an action the log dates only to a month); views answer the group's three questions as of
the export's date (`export_info.as_of`), the way the commands do:

- `open_actions`: `fostlog actions --open`, each action's status being its latest
  observation on or before the date;
- `benchmark_ranked` and `benchmark_by_conversion`: `fostlog benchmark YEAR --sort KEY`,
  with the ranks and bands the queries give (LAIT's rules, worked out once in Python:
  the tables `benchmark_ranks`, `capacity_ranks` and their quartile points,
  `benchmark_quartiles` and `capacity_quartiles`);
- `missing_last_two`: `fostlog attendance --missing 2`, unknown kept apart from missing.

DfE's statistical neighbours are in `neighbour_sets` and `neighbour_groups`, and each
LA's figures beside its neighbours' mean, the region and England (`fostlog capacity
--authority LA`, `fostlog benchmark ofsted-YYYY-YY --authority LA`) in
`neighbour_figures`.

Unknown is NULL, never 0. Rows are built here as plain dicts (`export_tables`), so the
tables can be checked without a database; `write_database` writes them.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fostlog import domain
from fostlog.core.models import Action
from fostlog.core.repository import Repository
from fostlog.domain.meetings import meeting_of_action, occasions, surely_raised_by
from fostlog.queries.actions import action_row
from fostlog.queries.attendance import attendance_matrix
from fostlog.queries.benchmark import benchmark_table
from fostlog.queries.capacity import MEASURES, area_row, rank_measure


@dataclass(frozen=True)
class TableSpec:
    """One table: its columns (name -> Python type), primary key, foreign keys
    (column, other table, other column), indexes, and rows."""

    name: str
    columns: dict[str, type]
    pk: str | tuple[str, ...] | None
    rows: list[dict[str, Any]]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Export:
    tables: list[TableSpec]
    views: dict[str, str] = field(default_factory=dict)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def listed_from(action: Action, repo: Repository) -> date:
    """The first day the register lists the action (meetings.surely_raised_by): the day
    raised, or for an action the log dates to a month, the first day its meeting or a
    report of it makes it sure, the month's last day at the latest. surely_raised_by
    changes only on these days, so the first of them it holds on is the answer."""
    raised = action.raised
    candidates = {raised, raised.replace(day=1)}
    # The month's last day from the calendar: the day after it can be past date.max (9999-12).
    candidates.add(raised.replace(day=calendar.monthrange(raised.year, raised.month)[1]))
    candidates |= {domain.observation_last_day(o) for o in action.history}
    found = meeting_of_action(action, repo)
    if found is not None:
        candidates |= {found.when.first_day, found.when.last_day}
    return next(d for d in sorted(candidates) if surely_raised_by(action, d, repo))


# --- the tables ------------------------------------------------------------------------------


def _authorities(repo: Repository) -> list[TableSpec]:
    authorities = TableSpec("authorities", {
        "id": str, "name": str, "aliases": str, "dfe_number": int, "region": str,
        "ofsted_urn": str, "note": str,
    }, "id", [
        {"id": a.id, "name": a.name, "aliases": _json(a.aliases), "dfe_number": a.dfe_number,
         "region": a.region, "ofsted_urn": a.ofsted_urn, "note": a.note}
        for a in repo.authorities.values()
    ], indexes=(("name",),))
    organisations = TableSpec("organisations", {
        "id": str, "name": str, "kind": str, "aliases": str, "acts_for": str, "note": str,
    }, "id", [
        {"id": o.id, "name": o.name, "kind": o.kind.value, "aliases": _json(o.aliases),
         "acts_for": _json(o.acts_for), "note": o.note}
        for o in repo.organisations.values()
    ])
    people = TableSpec("people", {
        "id": str, "name": str, "aliases": str, "initials": str, "authority": str,
        "organisation": str, "role": str, "note": str,
    }, "id", [
        {"id": p.id, "name": p.name, "aliases": _json(p.aliases), "initials": _json(p.initials),
         "authority": p.authority, "organisation": p.organisation, "role": p.role,
         "note": p.note}
        for p in repo.people.values()
    ], foreign_keys=(("authority", "authorities", "id"),
                     ("organisation", "organisations", "id")),
        indexes=(("authority",), ("organisation",)))
    return [authorities, organisations, people]


def _meetings(repo: Repository) -> list[TableSpec]:
    meetings = []
    for occasion in occasions(repo):
        meeting, known = occasion.meeting, occasion.without_minutes
        meetings.append({
            "key": str(occasion.when),
            "date": occasion.when if occasion.when.day_known else None,
            "month": occasion.when[:7],
            "first_day": occasion.when.first_day.isoformat(),
            "last_day": occasion.when.last_day.isoformat(),
            "has_minutes": occasion.has_minutes,
            "title": meeting.title if meeting else None,
            "time": meeting.time if meeting else None,
            "venue": meeting.venue if meeting else None,
            "chair": domain.attendee_name(meeting.chair, repo)
            if meeting and meeting.chair else None,
            "attendance_known": meeting.attendance.value if meeting else None,
            "source": meeting.source if meeting else None,
            "known_from": known.known_from if known else None,
            "inferred": known.inferred if known else None,
            "note": (meeting.note if meeting else known.note if known else None),
        })
    dates, rows = attendance_matrix(repo)
    has_minutes = {o.when: o.has_minutes for o in occasions(repo)}
    attendance = []
    for row in rows:
        for when in dates:
            cell = row.cells[when]
            if not has_minutes[when]:
                provenance = "no minutes on file"
            elif cell.inferred:
                provenance = f"inferred: {cell.inferred}"
            elif cell.presence.value == "unknown":
                provenance = "not recorded in the minutes"
            else:
                provenance = "stated in the minutes"
            attendance.append({
                "meeting": str(when), "authority": row.authority,
                "status": cell.presence.value, "inferred": bool(cell.inferred),
                "who": _json(cell.who), "provenance": provenance,
            })
    return [
        TableSpec("meetings", {
            "key": str, "date": str, "month": str, "first_day": str, "last_day": str,
            "has_minutes": bool, "title": str, "time": str, "venue": str, "chair": str,
            "attendance_known": str, "source": str, "known_from": str, "inferred": bool,
            "note": str,
        }, "key", meetings, indexes=(("first_day",),)),
        TableSpec("attendance", {
            "meeting": str, "authority": str, "status": str, "inferred": bool, "who": str,
            "provenance": str,
        }, ("meeting", "authority"), attendance,
            foreign_keys=(("meeting", "meetings", "key"), ("authority", "authorities", "id")),
            indexes=(("authority",), ("status",))),
    ]


def _actions(repo: Repository, as_of: date) -> list[TableSpec]:
    held = {str(o.when) for o in occasions(repo)}
    ordered = sorted(repo.actions, key=lambda a: domain.id_order(a.id))
    actions, observations, owners = [], [], []
    for position, action in enumerate(ordered):
        row = action_row(action, repo, as_of)
        raised_at = meeting_of_action(action, repo)
        actions.append({
            "id": action.id, "sort_order": position, "text": action.text,
            "responsible": action.responsible or "", "owner_names": _json(row.owner_names),
            "raised": str(row.raised), "raised_precision": row.raised_precision,
            "raised_date": action.raised.replace(day=1).isoformat()
            if row.raised_precision == "month" else action.raised.isoformat(),
            "listed_from": listed_from(action, repo).isoformat(),
            "issued": row.issued, "meeting": str(raised_at.when) if raised_at else None,
            "due": row.due.isoformat() if row.due else None,
            "due_as_written": row.due_as_written, "note": action.note,
        })
        for seq, o in enumerate(action.history):
            met = o.meeting.isoformat() if o.meeting else None
            observations.append({
                "action": action.id, "seq": seq, "as_of": domain.observation_date_text(o),
                "as_of_precision": o.as_of_precision.value,
                "counted_from": domain.observation_last_day(o).isoformat(),
                "status": o.status.value, "recorded": o.recorded, "ambiguous": o.ambiguous,
                "note": o.note, "source": o.source, "meeting": met if met in held else None,
            })
        for kind, ids in (("person", action.owners), ("authority", action.owner_authorities),
                          ("unresolved", action.unresolved_owners)):
            for owner in ids:
                owners.append({"action": action.id, "kind": kind, "owner": owner,
                               "person": owner if kind == "person" else None,
                               "authority": owner if kind == "authority" else None})
        if action.whole_group:
            owners.append({"action": action.id, "kind": "all", "owner": "All",
                           "person": None, "authority": None})
    return [
        TableSpec("actions", {
            "id": str, "sort_order": int, "text": str, "responsible": str, "owner_names": str,
            "raised": str, "raised_precision": str, "raised_date": str, "listed_from": str,
            "issued": str, "meeting": str, "due": str, "due_as_written": str, "note": str,
        }, "id", actions, foreign_keys=(("meeting", "meetings", "key"),),
            indexes=(("sort_order",), ("meeting",), ("due",))),
        TableSpec("observations", {
            "action": str, "seq": int, "as_of": str, "as_of_precision": str,
            "counted_from": str, "status": str, "recorded": str,
            "ambiguous": bool, "note": str, "source": str, "meeting": str,
        }, ("action", "seq"), observations,
            foreign_keys=(("action", "actions", "id"), ("meeting", "meetings", "key")),
            indexes=(("counted_from",), ("status",))),
        TableSpec("action_owners", {
            "action": str, "kind": str, "owner": str, "person": str, "authority": str,
        }, ("action", "kind", "owner"), owners,
            foreign_keys=(("action", "actions", "id"), ("person", "people", "id"),
                          ("authority", "authorities", "id")),
            indexes=(("person",), ("authority",))),
    ]


def _points(points: domain.QuartilePoints | None) -> dict[str, float | None]:
    return {"quartile_25": points.lower if points else None,
            "quartile_50": points.median if points else None,
            "quartile_75": points.upper if points else None}


POINT_COLUMNS: dict[str, type] = {"quartile_25": float, "quartile_50": float,
                                  "quartile_75": float}


def _benchmark_ranks(repo: Repository) -> list[TableSpec]:
    """Each ratio's ranks and bands, as `fostlog benchmark YEAR --sort RATIO` gives them
    (queries.benchmark), and the quartile points each year's bands are from."""
    ranks, quartiles = [], []
    for year in repo.benchmarks:
        positions = {row.authority: i for i, row in enumerate(year.authorities)}
        for ratio in year.ratios:
            table = benchmark_table(repo, year.key, ratio.key)
            quartiles.append({"year": year.key, "ratio": ratio.key,
                              "among": table.banded_among, "unbanded": table.unbanded,
                              "ranked_all": table.ranked_all or None,
                              **_points(table.points)})
            for row in table.rows:
                ranks.append({"year": year.key, "ratio": ratio.key,
                              "authority": row.authority,
                              "position": positions[row.authority], "rank": row.rank,
                              "rank_all": row.rank_all, "band": row.band})
    year_fk = ("year", "benchmark_years", "key")
    return [
        TableSpec("benchmark_ranks", {"year": str, "ratio": str, "authority": str,
                                      "position": int, "rank": int, "rank_all": int,
                                      "band": str},
                  ("year", "ratio", "authority"), ranks,
                  foreign_keys=(year_fk, ("authority", "authorities", "id"))),
        TableSpec("benchmark_quartiles", {"year": str, "ratio": str, "among": str,
                                          "unbanded": str, "ranked_all": int,
                                          **POINT_COLUMNS},
                  ("year", "ratio"), quartiles, foreign_keys=(year_fk,)),
    ]


def _benchmarks(repo: Repository) -> list[TableSpec]:
    years, stages, ratios, counts, values, comparators = [], [], [], [], [], []
    for year in repo.benchmarks:
        years.append({"key": year.key, "year": year.year, "series": year.series,
                      "source": year.source,
                      "meeting": year.meeting.isoformat() if year.meeting else None,
                      "note": year.note})
        for position, stage in enumerate(year.stages):
            stages.append({"year": year.key, "key": stage.key, "position": position,
                           "label": stage.label, "column_printed": stage.column,
                           "confidence": stage.confidence.value, "note": stage.note})
        for position, ratio in enumerate(year.ratios):
            ratios.append({"year": year.key, "key": ratio.key, "position": position,
                           "label": ratio.label, "numerator": ratio.numerator,
                           "denominator": ratio.denominator, "better": ratio.better.value,
                           "note": ratio.note})
        table = benchmark_table(repo, year.key)
        computed = {row.authority: row for row in table.rows}
        for position, row in enumerate(year.authorities):
            for stage in year.stages:
                reason = row.unknown.get(stage.key)
                counts.append({"year": year.key, "authority": row.authority,
                               "position": position, "stage": stage.key,
                               "count": row.counts.get(stage.key),
                               "unknown_reason": reason.value if reason else None})
            for ratio in year.ratios:
                values.append({"year": year.key, "authority": row.authority,
                               "position": position, "ratio": ratio.key,
                               "percent": computed[row.authority].ratios[ratio.key],
                               "printed_percent": row.printed.get(ratio.key)})
        for area in year.comparators:
            for stage in year.stages:
                reason = area.unknown.get(stage.key)
                comparators.append({"year": year.key, "area": area.name,
                                    "level": area.level.value, "code": area.code,
                                    "stage": stage.key, "count": area.counts.get(stage.key),
                                    "unknown_reason": reason.value if reason else None})
    year_fk = ("year", "benchmark_years", "key")
    return [
        TableSpec("benchmark_years", {"key": str, "year": str, "series": str, "source": str,
                                      "meeting": str, "note": str}, "key", years),
        TableSpec("benchmark_stages", {"year": str, "key": str, "position": int, "label": str,
                                       "column_printed": str, "confidence": str, "note": str},
                  ("year", "key"), stages, foreign_keys=(year_fk,)),
        TableSpec("benchmark_ratios", {"year": str, "key": str, "position": int, "label": str,
                                       "numerator": str, "denominator": str, "better": str,
                                       "note": str},
                  ("year", "key"), ratios, foreign_keys=(year_fk,)),
        TableSpec("benchmark_counts", {"year": str, "authority": str, "position": int,
                                       "stage": str, "count": int, "unknown_reason": str},
                  ("year", "authority", "stage"), counts,
                  foreign_keys=(year_fk, ("authority", "authorities", "id")),
                  indexes=(("authority",), ("year", "stage"))),
        TableSpec("benchmark_ratio_values", {"year": str, "authority": str, "position": int,
                                             "ratio": str, "percent": float,
                                             "printed_percent": int},
                  ("year", "authority", "ratio"), values,
                  foreign_keys=(year_fk, ("authority", "authorities", "id")),
                  indexes=(("authority",), ("year", "ratio"))),
        TableSpec("benchmark_comparators", {"year": str, "area": str, "level": str, "code": str,
                                            "stage": str, "count": int,
                                            "unknown_reason": str},
                  ("year", "area", "stage"), comparators, foreign_keys=(year_fk,)),
        *_benchmark_ranks(repo),
    ]


def _capacity(repo: Repository) -> list[TableSpec]:
    if not repo.capacity:
        return []
    years, values = [], []
    for capacity in repo.capacity:
        years.append({"key": capacity.key, "series": capacity.series, "year": capacity.year,
                      "as_at": capacity.as_at.isoformat() if capacity.as_at else None,
                      "source": capacity.source, "rounding": capacity.rounding,
                      "note": capacity.note})
        for position, area in enumerate(capacity.areas):
            for measure in capacity.measures:
                reason = area.unknown.get(measure.key)
                values.append({
                    "year": capacity.key, "position": position, "area": area.name,
                    "level": area.level.value, "authority": area.authority, "code": area.code,
                    "region": area.region, "measure": measure.key.value,
                    "value": area.values.get(measure.key),
                    "unknown_reason": reason.value if reason else None,
                })
    ranks, quartiles = [], []
    for capacity in repo.capacity:
        every = [area_row(area) for area in capacity.areas]
        for ranked in (m for m in MEASURES if m.better is not None):  # a count: no rank
            ranking = rank_measure(capacity, every, ranked.key)
            quartiles.append({"year": capacity.key, "measure": ranked.key,
                              "better": ranked.better.value if ranked.better else None,
                              "ranked_all": len(ranking.rank_all), **_points(ranking.points)})
            for index, rank in ranking.rank_all.items():
                ranks.append({"year": capacity.key, "position": int(index),
                              "area": every[int(index)].name,
                              "authority": capacity.areas[int(index)].authority,
                              "measure": ranked.key, "rank_all": rank,
                              "rank_region": ranking.rank_region.get(index),
                              "band": ranking.band.get(index)})
    year_fk = ("year", "capacity_years", "key")
    return [
        TableSpec("capacity_years", {"key": str, "series": str, "year": str, "as_at": str,
                                     "source": str, "rounding": int, "note": str}, "key", years),
        TableSpec("capacity_ranks", {"year": str, "position": int, "area": str,
                                     "authority": str, "measure": str, "rank_all": int,
                                     "rank_region": int, "band": str},
                  ("year", "position", "measure"), ranks,
                  foreign_keys=(year_fk, ("authority", "authorities", "id")),
                  indexes=(("year", "measure"),)),
        TableSpec("capacity_quartiles", {"year": str, "measure": str, "better": str,
                                         "ranked_all": int, **POINT_COLUMNS},
                  ("year", "measure"), quartiles, foreign_keys=(year_fk,)),
        TableSpec("capacity_values", {"year": str, "position": int, "area": str, "level": str,
                                      "authority": str, "code": str, "region": str,
                                      "measure": str, "value": int, "unknown_reason": str},
                  ("year", "position", "measure"), values,
                  foreign_keys=(("year", "capacity_years", "key"),
                                ("authority", "authorities", "id")),
                  indexes=(("authority",), ("year", "measure"), ("level",))),
    ]


def _neighbours(repo: Repository) -> list[TableSpec]:
    """DfE's statistical neighbour sets, each LA's group, and the figures of every LA of
    the group beside its neighbours' mean, the region and England in every year held
    (queries/neighbours.py, with the set the commands use by default: the latest)."""
    from fostlog.queries import neighbours as queries

    if not repo.neighbour_sets:
        return []
    sets = [{"key": s.key, "month": s.month, "source": s.source, "file": s.file,
             "sha256": s.sha256, "note": s.note} for s in repo.neighbour_sets]
    groups = [{"neighbour_set": s.key, "dfe_number": g.dfe_number, "name": g.name,
               "position": position, "neighbour": n.dfe_number,
               "closeness": n.closeness.value if n.closeness else None}
              for s in repo.neighbour_sets for g in s.groups
              for position, n in enumerate(g.neighbours, start=1)]
    figures = []
    for authority in repo.authorities:
        comparisons = [("capacity", b) for b in queries.capacity_trend(repo, authority)]
        comparisons += [("benchmark", queries.benchmark_beside(repo, year, authority))
                        for year in repo.benchmarks if queries.has_neighbours(year)]
        for topic, beside in comparisons:
            figures += [{"topic": topic, "source": f.source, "year": f.year,
                         "neighbour_set": f.neighbour_set, "authority": f.authority,
                         "kind": f.kind.value, "name": f.name, "measure": f.measure,
                         "value": f.value, "unknown_reason": f.unknown,
                         "with_value": f.with_value, "neighbours": f.neighbours}
                        for f in queries.figures([beside])]
    set_fk = ("neighbour_set", "neighbour_sets", "key")
    return [
        TableSpec("neighbour_sets", {"key": str, "month": str, "source": str, "file": str,
                                     "sha256": str, "note": str}, "key", sets),
        TableSpec("neighbour_groups", {"neighbour_set": str, "dfe_number": int, "name": str,
                                       "position": int, "neighbour": int, "closeness": str},
                  ("neighbour_set", "dfe_number", "position"), groups,
                  foreign_keys=(set_fk,), indexes=(("dfe_number",), ("neighbour",))),
        TableSpec("neighbour_figures", {"topic": str, "source": str, "year": str,
                                        "neighbour_set": str, "authority": str, "kind": str,
                                        "name": str, "measure": str, "value": float,
                                        "unknown_reason": str, "with_value": int,
                                        "neighbours": int},
                  ("topic", "source", "authority", "kind", "measure"), figures,
                  foreign_keys=(set_fk, ("authority", "authorities", "id")),
                  indexes=(("authority",), ("source", "measure"))),
    ]


# --- the views -------------------------------------------------------------------------------

OPEN_ACTIONS = """
WITH about AS (SELECT as_of FROM export_info),
latest AS (
  SELECT o.* FROM observations o, about
  WHERE o.seq = (SELECT max(o2.seq) FROM observations o2
                 WHERE o2.action = o.action AND o2.counted_from <= about.as_of)
)
SELECT a.id, a.text, a.responsible, a.owner_names, a.raised,
       coalesce(l.status, 'open') AS status, l.recorded, l.as_of AS last_update, a.due,
       CAST(julianday(about.as_of) - julianday(a.raised_date) AS INTEGER) AS age_days,
       a.raised_precision, a.due_as_written,
       (a.due IS NOT NULL AND a.due < about.as_of) AS overdue,
       coalesce(l.ambiguous, 0) AS ambiguous
FROM actions a CROSS JOIN about LEFT JOIN latest l ON l.action = a.id
WHERE a.listed_from <= about.as_of
  AND coalesce(l.status, 'open') IN ('open', 'in_progress')
ORDER BY a.sort_order
"""

# The ranks and bands of benchmark_ranks (worked out by queries.benchmark, as the command
# gives them), beside each LA's value: best first, unranked last.
BENCHMARK_RANKED = """
SELECT v.year, v.ratio, v.authority, au.name, v.percent, k.rank, k.rank_all, k.band,
       v.position
FROM benchmark_ratio_values v
JOIN authorities au ON au.id = v.authority
LEFT JOIN benchmark_ranks k
  ON k.year = v.year AND k.ratio = v.ratio AND k.authority = v.authority
ORDER BY v.year, v.ratio, k.rank IS NULL, k.rank, CASE WHEN k.rank IS NULL THEN au.name END,
         v.position
"""

BENCHMARK_BY_CONVERSION = """
SELECT b.year, b.authority, b.name, b.rank, b.band, b.percent AS conversion,
       (SELECT count FROM benchmark_counts c WHERE c.year = b.year
          AND c.authority = b.authority AND c.stage = 'enquiries') AS enquiries,
       (SELECT count FROM benchmark_counts c WHERE c.year = b.year
          AND c.authority = b.authority AND c.stage = 'applications') AS applications
FROM benchmark_ranked b
WHERE b.ratio = 'conversion'
ORDER BY b.year, b.percent IS NULL, b.rank, CASE WHEN b.rank IS NULL THEN b.name END,
         b.position
"""


def _meeting_list(condition: str) -> str:
    return (f"(SELECT json_group_array(meeting) FROM (SELECT c2.meeting FROM cells c2 "
            f"WHERE c2.authority = au.id AND {condition} ORDER BY c2.meeting))")


MISSING_LAST_TWO = f"""
WITH about AS (SELECT as_of FROM export_info),
held AS (SELECT m.key FROM meetings m, about WHERE m.first_day <= about.as_of),
recent AS (SELECT key FROM held ORDER BY key DESC LIMIT 2),
cells AS (SELECT at.* FROM attendance at JOIN recent r ON at.meeting = r.key)
SELECT au.id, au.name AS authority,
       CASE WHEN sum(c.status = 'unknown') > 0 THEN 'unknown'
            WHEN sum(c.inferred) > 0 THEN 'missing (inferred)'
            ELSE 'missing' END AS status,
       {_meeting_list("c2.status IN ('apologies', 'not represented')")} AS absent_at,
       {_meeting_list("c2.status IN ('apologies', 'not represented') AND c2.inferred")}
         AS inferred_at,
       {_meeting_list("c2.status = 'unknown'")} AS unknown_at,
       (SELECT max(a2.meeting) FROM attendance a2 JOIN held h ON h.key = a2.meeting
        WHERE a2.authority = au.id AND a2.status = 'present') AS last_attended
FROM authorities au JOIN cells c ON c.authority = au.id
GROUP BY au.id
HAVING sum(c.status = 'present') = 0
ORDER BY CASE status WHEN 'missing' THEN 0 WHEN 'missing (inferred)' THEN 1 ELSE 2 END,
         au.name
"""

CAPACITY_SHARES = """
SELECT v.year, v.position, v.area, v.level, v.authority,
       max(CASE v.measure WHEN 'approved' THEN v.value END) AS approved,
       max(CASE v.measure WHEN 'filled' THEN v.value END) AS filled,
       max(CASE v.measure WHEN 'vacant' THEN v.value END) AS vacant,
       max(CASE v.measure WHEN 'not_available' THEN v.value END) AS not_available,
       100.0 * max(CASE v.measure WHEN 'filled' THEN v.value END)
         / nullif(max(CASE v.measure WHEN 'approved' THEN v.value END), 0) AS utilisation,
       100.0 * max(CASE v.measure WHEN 'vacant' THEN v.value END)
         / nullif(max(CASE v.measure WHEN 'approved' THEN v.value END), 0) AS vacant_share,
       100.0 * max(CASE v.measure WHEN 'not_available' THEN v.value END)
         / nullif(max(CASE v.measure WHEN 'approved' THEN v.value END), 0)
         AS not_available_share
FROM capacity_values v
GROUP BY v.year, v.position
ORDER BY v.year, v.position
"""


def export_tables(repo: Repository, as_of: date) -> Export:
    """Every table's rows and every view's SQL, as of `as_of`."""
    about = TableSpec("export_info", {
        "id": int, "as_of": str, "written_by": str, "files": int,
    }, "id", [{"id": 1, "as_of": as_of.isoformat(), "written_by": "fostlog export sqlite",
               "files": len(repo.files)}])
    tables = [about, *_authorities(repo), *_meetings(repo), *_actions(repo, as_of),
              *_benchmarks(repo), *_capacity(repo), *_neighbours(repo)]
    views = {
        "open_actions": OPEN_ACTIONS,
        "benchmark_ranked": BENCHMARK_RANKED,
        "benchmark_by_conversion": BENCHMARK_BY_CONVERSION,
        "missing_last_two": MISSING_LAST_TWO,
    }
    if repo.capacity:
        views["capacity_shares"] = CAPACITY_SHARES
    return Export(tables, views)


def write_database(export: Export, out: Path) -> None:
    """Write the tables and views to a new database, then put it at `out` in one step
    (a reader never sees half a database; an existing file is replaced whole, and only
    a regular file: see safewrite)."""
    import errno
    import sqlite3

    import sqlite_utils

    from fostlog.files.safewrite import Staged

    staged = Staged(out)
    try:
        db = sqlite_utils.Database(staged.temporary, recreate=True)
        try:
            for spec in export.tables:
                table = db.table(spec.name)
                pk: Any = spec.pk
                table.create(spec.columns, pk=pk, foreign_keys=list(spec.foreign_keys))
                if spec.rows:
                    table.insert_all(spec.rows)
                for columns in spec.indexes:
                    table.create_index(list(columns))
            for name, sql in export.views.items():
                db.create_view(name, sql.strip())
            db.conn.commit()
        finally:
            db.close()
    except sqlite3.Error as error:  # a full disk, a quota: SQLite's errors are not OSErrors
        staged.discard()
        raise OSError(errno.EIO, f"SQLite could not write it: {error}", str(out)) from None
    except BaseException:
        staged.discard()
        raise
    staged.commit()


def export_sqlite(repo: Repository, out: Path, as_of: date) -> Export:
    export = export_tables(repo, as_of)
    write_database(export, out)
    return export
