"""The benchmark table (the recruitment funnel per LA for one year), built once for the
command line and the site."""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING

from fostlog.render.tables import Column, Table, by_key, percent_text, reasons_text

if TYPE_CHECKING:
    from fostlog.core.models import BenchmarkYear
    from fostlog.queries.benchmark import BenchmarkTable, FunnelRow


def funnel_table(table: BenchmarkTable, year: BenchmarkYear, in_words: bool,
                 region: bool = True, title: str = "") -> Table:
    """The LAs' rows (and, with `region`, the region's under them) for people to read
    (`in_words`: flags and unknowns said in the note) or as data (columns of their own)."""
    from fostlog.queries.benchmark import summary_rows

    rows = table.rows + (summary_rows(table) if region else [])
    note = "\n".join(filter(None, [funnel_note(table.rows, year), ranking_note(table)]))
    return Table(rows, _funnel_columns(table, year, in_words), title=title,
                 note=note if in_words else "",
                 empty=f"No LA has a row in {year.key}.")


def _funnel_columns(table: BenchmarkTable, year: BenchmarkYear, in_words: bool
                    ) -> list[Column]:
    """On a narrow terminal the counts are left out first: those of a stage whose label
    was lost, then those the sorted ratio is not made of; then the ratios over a stage
    whose label was lost, then the other ratios from the right; never what is sorted by.
    A count the source gives a reason for not knowing shows it ("suppressed"), never 0."""
    uncertain = {s.key for s in year.stages if str(s.confidence) == "unknown"}
    ratio_by_key = {r.key: r for r in table.ratios}
    sorted_by = ratio_by_key.get(table.sort_key or "")
    feeding = {sorted_by.numerator, sorted_by.denominator} if sorted_by else set()
    columns = [Column("authority", "LA", lambda r: r.name)]
    if sorted_by is not None:  # a stage (a count) has no polarity: no rank, no band
        national = table.ranked_all > 0
        columns.append(Column("rank", "Rank (region)" if national else "Rank",
                              lambda r: r.rank))
        if national:
            columns.append(Column("rank_all", "Rank (all LAs)", lambda r: r.rank_all,
                                  priority=2))
    # A year that bands nothing has no Band column to read (CSV and JSON keep theirs).
    if sorted_by is not None and (table.unbanded is None or not in_words):
        columns.append(Column("band", "Band", lambda r: r.band))
        if not in_words:
            from fostlog.render.bands import point_columns

            # On each LA's row (kind la), the points its band is from.
            columns += point_columns(
                lambda r: table.points if r.kind == "la" and r.band else None)
    for stage in table.stages:
        priority = (0 if stage == table.sort_key else 6 if stage in uncertain
                    else 4 if stage in feeding else 5)
        columns.append(Column(stage, table.stage_labels[stage], by_key("counts", stage),
                              numeric=True, priority=priority,
                              reason=by_key("unknown", stage)))
    for ratio in table.ratios:
        over_uncertain = {ratio.numerator, ratio.denominator} & uncertain
        priority = 0 if ratio.key == table.sort_key else 3 if over_uncertain else 2
        columns.append(Column(ratio.key, ratio.label, by_key("ratios", ratio.key), numeric=True,
                              text=percent_text, priority=priority))
    if not in_words:
        columns.append(Column("unknown", "Unknown", attrgetter("unknown"), text=reasons_text))
        # JSON gives each flag by the ratio's key, CSV by its label.
        words = {str(f): f.words(ratio_by_key[f.ratio].label)
                 for row in table.rows for f in row.flags}
        columns.append(Column("flags", "Flags", lambda r: [str(f) for f in r.flags], wrap=30,
                              priority=1, text=lambda found: ", ".join(words[f] for f in found)))
    return columns


def ranking_note(table: BenchmarkTable) -> str:
    """How the table's ranks and band are worked out, with its quartile points; or why
    it has none (sorted by a count, or a year without the other LAs)."""
    from fostlog.render.bands import band_note

    ratio = next((r for r in table.ratios if r.key == table.sort_key), None)
    if table.sort_key is None:
        return ""
    if ratio is None:
        label = table.stage_labels.get(table.sort_key, table.sort_key)
        return f"Sorted by {label.lower()}, largest first. " + band_note(
            None, None, label, "")
    where = ("Rank (region): among the table's LAs; Rank (all LAs): among all LAs in England "
             "with a value. " if table.ranked_all else "")
    if table.unbanded:
        return where + table.unbanded
    return where + band_note(table.points, ratio.better, ratio.label.lower(),
                             table.banded_among or "")


def _flag_words(row: FunnelRow, year: BenchmarkYear) -> str:
    """One LA's flags as a sentence: "Kent: 302% of initial visits reached stage C (over
    100%); ..."."""
    from fostlog import domain

    ratios = {r.key: r for r in year.ratios}
    said = []
    for flag in row.flags:
        ratio = ratios[flag.ratio]
        value = row.ratios[flag.ratio]
        assert value is not None  # a ratio is flagged only where it is known
        if flag.printed is None:
            said.append(f"{domain.ratio_words(year, ratio, percent_text(value))} (over 100%)")
        else:
            said.append(f"{flag.words(ratio.label)} with the counts ({percent_text(value)})")
    return f"{row.name}: " + "; ".join(said) + "."


def funnel_note(rows: list[FunnelRow], year: BenchmarkYear) -> str:
    """The flags, one LA a line, then what n/a and suppressed mean."""
    from fostlog.queries.benchmark import series_name

    flagged = [_flag_words(row, year) for row in rows if row.flags]
    if year.series is None:
        unknowns = ("n/a: not known (a count the minutes leave blank, or a ratio that needs "
                    "one), or not applicable in the region's rows; never 0%.")
    else:
        unknowns = (f"{year.source or series_name(year)}. {year.note or ''} Suppressed: a "
                    "count the source suppressed; n/a: a ratio over an unknown count, or a "
                    "count not applicable in the median's row; never 0%.")
    return "\n".join([*flagged, " ".join(unknowns.split())])
