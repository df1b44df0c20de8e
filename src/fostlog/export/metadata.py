"""metadata.json for Datasette: what each table and view of the export holds, its columns,
units, sources and licence (Datasette shows them beside the data).

Datasette reads units through Pint: "percent" and "day" are Pint's names.
"""

from __future__ import annotations

from typing import Any

from fostlog.domain import SET_CHOICE
from fostlog.export.sqlite import Export

GROUP = "the group's minutes and action logs (South East regional fostering leads group)"
GROUP_LICENCE = ("The group's own records: no licence for reuse is given; ask the SESLIP "
                 "coordinator before sharing beyond the group")
OGL = "Open Government Licence v3.0"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
OFSTED = "Ofsted, Fostering in England, local-authority-level data (Crown copyright)"
DFE_NEIGHBOURS = ("Department for Education, statistical neighbours as used by the LA "
                  "Interactive Tool (Crown copyright)")

# How a rank and a band are worked out (render/bands.py says the same under the tables).
BANDS = ("As DfE's LA Interactive Tool (LAIT) works them out: ties share the best rank; a "
         "band is by value, from the quartile points (R's type 7) of the values ranked "
         "(quartile_25, quartile_50, quartile_75): where higher is better, above the 75% "
         "point A, above the median B, above the 25% point C, the rest D (where lower is "
         "better, the same from the bottom); a value exactly at a point is in the band of "
         "lower values.")
POINTS = {"quartile_25": "The 25% point of the values ranked (R's quantile type 7)",
          "quartile_50": "The median of the values ranked",
          "quartile_75": "The 75% point of the values ranked"}

TABLES: dict[str, dict[str, Any]] = {
    "export_info": {
        "title": "About this export",
        "description": "The date the views answer as of (as_of) and what wrote the file.",
    },
    "authorities": {
        "title": "Local authorities",
        "description": "The 19 LAs of the group, with every spelling the minutes use.",
        "columns": {"aliases": "Other spellings, as a JSON list",
                    "dfe_number": "DfE's three-digit LA number",
                    "region": "The GSS code of the region"},
        "source": "data/authorities.yaml",
    },
    "organisations": {
        "title": "Organisations",
        "description": "Organisations named in the minutes, and the LAs each acts for.",
        "columns": {"acts_for": "The LAs whose presence it counts for, as a JSON list"},
        "source": "data/authorities.yaml",
    },
    "people": {
        "title": "People",
        "description": "Everyone named in the minutes (professionals only), with the "
        "initials the logs use.",
        "source": "data/people.yaml",
    },
    "meetings": {
        "title": "Meetings",
        "description": "Every meeting the group held: those with minutes, and those known "
        "only from an action log or a mention (has_minutes = 0; attendance unknown).",
        "columns": {"key": "The date, or the month where only the month is known",
                    "attendance_known": "How much of who came the minutes give: full, "
                    "partial or none",
                    "inferred": "For a meeting without minutes: 1 when worked out, 0 when "
                    "a source states it took place"},
        "source": "data/meetings/, data/meetings-without-minutes.yaml",
    },
    "attendance": {
        "title": "Attendance",
        "description": "One row per LA per meeting: present, apologies, not represented or "
        "unknown (not recorded), and how it is known.",
        "columns": {"inferred": "1 when worked out rather than stated in the minutes",
                    "who": "Who came or sent apologies for the LA, as a JSON list",
                    "provenance": "Stated in the minutes, inferred (and from what), not "
                    "recorded, or no minutes on file"},
        "source": "data/meetings/",
    },
    "actions": {
        "title": "Actions",
        "description": "The action register, every action once. Its status is in "
        "observations; open_actions gives each action's status as of the export.",
        "columns": {"raised": "At the precision the log gives (2023-07, or a day)",
                    "raised_date": "The day ages count from (the 1st for a month)",
                    "listed_from": "The first day the register lists it (an action dated "
                    "to a month, once its meeting or a report makes it sure)",
                    "due": "The day it is due by, where known",
                    "sort_order": "The order of the action numbers"},
        "source": "data/actions.yaml",
    },
    "observations": {
        "title": "Observations",
        "description": "Every dated report of an action's status, with the log's own wording.",
        "columns": {"recorded": "The status as the log words it",
                    "as_of": "The report's date as the log gives it: a day, or a month "
                             "(2025-10) when the log gives only the month",
                    "as_of_precision": "day or month",
                    "counted_from": "The day from which the report surely stands: its "
                                    "day, or its month's last day",
                    "ambiguous": "1 when the wording names two statuses (status is a reading)",
                    "seq": "The order within the action's history"},
        "source": "data/actions.yaml",
    },
    "action_owners": {
        "title": "Action owners",
        "description": "Who owns each action: a person, an LA, All, or unresolved initials.",
        "source": "data/actions.yaml",
    },
    "benchmark_years": {
        "title": "Benchmarking years",
        "description": "One row per year and source (the group's own, or Ofsted's).",
        "source": "data/benchmarks/",
    },
    "benchmark_stages": {
        "title": "Benchmarking stages",
        "description": "Each year's funnel stages, with how confidently each label was "
        "recovered.",
        "source": "data/benchmarks/",
    },
    "benchmark_ratios": {
        "title": "Benchmarking ratios",
        "description": "Each year's named ratios: numerator / denominator, and which way is "
        "better.",
        "source": "data/benchmarks/",
    },
    "benchmark_counts": {
        "title": "Benchmarking counts",
        "description": "Each LA's count at each stage. NULL is unknown (a blank cell, or a "
        "figure the source suppresses), never 0.",
        "columns": {"unknown_reason": "Why a count is NULL, where the source says"},
        "source": "data/benchmarks/",
    },
    "benchmark_ratio_values": {
        "title": "Benchmarking ratios by LA",
        "description": "Each LA's ratios, computed from the exact counts; NULL when a count "
        "is unknown.",
        "units": {"percent": "percent", "printed_percent": "percent"},
        "columns": {"printed_percent": "The percentage as the minutes print it"},
        "source": "data/benchmarks/",
    },
    "benchmark_comparators": {
        "title": "Benchmarking comparators",
        "description": "The region's and England's counts as the source publishes them.",
        "source": "data/benchmarks/",
    },
    "benchmark_ranks": {
        "title": "Benchmarking ranks and bands",
        "description": "Each LA's rank and band in each ratio, as `fostlog benchmark YEAR "
        "--sort RATIO` gives them. The group's own table is banded among its own LAs; a "
        "source's year that holds every LA in England among all of them (rank_all), one "
        "that holds only the region's LAs is not banded. " + BANDS,
        "columns": {"rank": "Among the year's LAs in the table (the region's)",
                    "rank_all": "Among all LAs in England with a value, where the year "
                    "holds them",
                    "band": "A (best) to D; NULL where the year is not banded"},
        "source": "data/benchmarks/",
    },
    "benchmark_quartiles": {
        "title": "Benchmarking quartile points",
        "description": "The quartile points each year's bands of each ratio are from, and "
        "among whose values. " + BANDS,
        "units": {"quartile_25": "percent", "quartile_50": "percent",
                  "quartile_75": "percent"},
        "columns": {"among": "Whose values the points are of",
                    "unbanded": "Why the ratio has no bands that year",
                    "ranked_all": "How many LAs in England are ranked", **POINTS},
        "source": "data/benchmarks/",
    },
    "capacity_ranks": {
        "title": "Capacity ranks and bands",
        "description": "Each LA's rank and band in each share (utilisation, the vacant and "
        "not-available shares), among all LAs in the year's file with a figure, and its "
        "rank among the region's. The counts have no better way: no rank or band. " + BANDS,
        "columns": {"rank_all": "Among all LAs in the file with a figure",
                    "rank_region": "Among the group's LAs (NULL for another region's)",
                    "band": "A (best) to D"},
        "source": OFSTED, "license": OGL, "license_url": OGL_URL,
    },
    "capacity_quartiles": {
        "title": "Capacity quartile points",
        "description": "The quartile points each year's bands of each share are from: of "
        "all LAs in the file with a figure. " + BANDS,
        "units": {"quartile_25": "percent", "quartile_50": "percent",
                  "quartile_75": "percent"},
        "columns": {"better": "Which way is better", "ranked_all": "How many LAs are ranked",
                    **POINTS},
        "source": OFSTED, "license": OGL, "license_url": OGL_URL,
    },
    "capacity_years": {
        "title": "Capacity years",
        "description": "Fostering places from one source for one year.",
        "source": OFSTED, "license": OGL, "license_url": OGL_URL,
    },
    "capacity_values": {
        "title": "Capacity figures",
        "description": "Places approved, filled, vacant and not available (and households) "
        "per area. NULL is unknown (suppressed, not returned), never 0; figures are rounded "
        "to the source's rounding.",
        "source": OFSTED, "license": OGL, "license_url": OGL_URL,
    },
    "neighbour_sets": {
        "title": "Statistical neighbour sets",
        "description": "DfE's statistical neighbour sets held, each as imported from its "
        "workbook (kept unchanged in reference/lait/ with this SHA-256). The commands and "
        f"neighbour_figures use {SET_CHOICE}.",
        "columns": {"key": "sn-YYYY-MM, as --neighbour-set names it",
                    "month": "When DfE published the set",
                    "file": "The workbook's file name", "sha256": "The workbook's SHA-256"},
        "source": DFE_NEIGHBOURS, "license": OGL, "license_url": OGL_URL,
    },
    "neighbour_groups": {
        "title": "Statistical neighbours",
        "description": "Each LA's ten statistical neighbours in each set, closest first "
        "(SN1 to SN10), LAs by DfE's three-digit number.",
        "columns": {"dfe_number": "The LA's DfE number", "name": "The LA as the set names it",
                    "position": "1 is the closest (SN1)",
                    "neighbour": "The neighbour's DfE number",
                    "closeness": "DfE's SNP column: extremely close to not close"},
        "source": DFE_NEIGHBOURS, "license": OGL, "license_url": OGL_URL,
    },
    "neighbour_figures": {
        "title": "Each LA beside its statistical neighbours",
        "description": "Every figure of each LA of the group in every year held, beside its "
        "statistical neighbours' mean, the region and England, as `fostlog capacity "
        "--authority LA` and `fostlog benchmark ofsted-YYYY-YY --authority LA` show them, "
        "with the latest neighbour set. The neighbours' figure (kind 'neighbours') is "
        "LAIT's: the plain mean of the values the neighbours have, those with none left "
        "out (with_value of neighbours had one). Shares and ratios in percent; NULL is "
        "unknown, never 0. The group's own benchmarking table, which has only its LAs, "
        "gives no neighbours' mean and is not here.",
        "columns": {"topic": "capacity (places) or benchmark (the recruitment funnel)",
                    "source": "The capacity or benchmarking year's key",
                    "neighbour_set": "The set's key (neighbour_sets)",
                    "kind": "la, neighbours, region or england",
                    "measure": "A capacity measure or a funnel ratio",
                    "unknown_reason": "Why the value is unknown, where known: suppressed, "
                    "not in file",
                    "with_value": "The neighbours' row: how many had a figure",
                    "neighbours": "The neighbours' row: how many the set gives the LA"},
        "source": f"{OFSTED}; {DFE_NEIGHBOURS}", "license": OGL, "license_url": OGL_URL,
    },
    "open_actions": {
        "title": "Open actions",
        "description": "The answer to `fostlog actions --open` as of export_info.as_of: "
        "each action's latest status on or before that day.",
        "units": {"age_days": "day"},
    },
    "benchmark_ranked": {
        "title": "Benchmarking, ranked",
        "description": "Every ratio of every year, best first, with the ranks and bands of "
        "benchmark_ranks (" + BANDS + ") Unknown ratios last, unranked.",
        "units": {"percent": "percent"},
    },
    "benchmark_by_conversion": {
        "title": "Benchmarking by conversion",
        "description": "The answer to `fostlog benchmark YEAR --sort conversion`: "
        "applications / enquiries, ranked.",
        "units": {"conversion": "percent"},
    },
    "missing_last_two": {
        "title": "LAs missing at the last two meetings",
        "description": "The answer to `fostlog attendance --missing 2` as of "
        "export_info.as_of: 'unknown' where the minutes do not record an LA's attendance "
        "at one of them (not called missing), 'missing (inferred)' where an absence was "
        "worked out.",
    },
    "capacity_shares": {
        "title": "Capacity shares",
        "description": "Utilisation (filled / approved) and the vacant and not-available "
        "shares of places approved, per area.",
        "units": {"utilisation": "percent", "vacant_share": "percent",
                  "not_available_share": "percent"},
        "source": OFSTED, "license": OGL, "license_url": OGL_URL,
    },
}


def datasette_metadata(export: Export, database: str) -> dict[str, Any]:
    """metadata.json for the database Datasette names `database` (the file's stem)."""
    names = [t.name for t in export.tables] + list(export.views)
    missing = [name for name in names if name not in TABLES]
    if missing:
        raise AssertionError(f"no description for {missing}")
    return {
        "title": "South East regional fostering leads group",
        "description": "The group's minutes, action log, attendance, benchmarking and "
        "capacity, exported by fostlog. Unknown is NULL, never 0.",
        "source": f"{GROUP}; Ofsted's published data; DfE's statistical neighbours",
        "license": f"{GROUP_LICENCE}; Ofsted's figures and DfE's neighbours: {OGL}",
        "databases": {database: {
            "description": "Tables hold the facts; views answer the group's three "
            "questions (open_actions, benchmark_by_conversion, missing_last_two).",
            "tables": {name: TABLES[name] for name in names},
        }},
    }
