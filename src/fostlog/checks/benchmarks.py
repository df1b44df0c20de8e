"""Benchmarks: each printed percentage agrees with its counts and can be checked, no ratio
is over 100% unremarked, and each LA has one row a year."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fostlog import domain
from fostlog.checks.common import at, repeated
from fostlog.core import rules
from fostlog.core.diagnostics import Diagnostic
from fostlog.core.models import BenchmarkRow, BenchmarkYear, Ratio
from fostlog.core.repository import Repository


def _printed_percentages(
    year: BenchmarkYear,
) -> Iterator[tuple[tuple[Any, ...], BenchmarkRow, Ratio, int]]:
    """(key path, row, ratio, percentage) for each percentage printed for a known ratio."""
    ratios = {ratio.key: ratio for ratio in year.ratios}
    for index, row in enumerate(year.authorities):
        for key, printed in row.printed.items():
            ratio = ratios.get(key)
            if ratio is not None and printed is not None:
                yield ("authorities", index, "printed", key), row, ratio, printed


def check_benchmark_arithmetic(repo: Repository) -> Iterator[Diagnostic]:
    """Each percentage printed over known counts agrees with them, rounded as the group's
    spreadsheet rounds (halves up)."""
    for year in repo.benchmarks:
        for path, row, ratio, printed in _printed_percentages(year):
            value = domain.ratio_value(row, ratio)
            if value is not None and not domain.printed_agrees(printed, value):
                name = repo.authority_name(row.authority)
                yield at(
                    repo, rules.BENCHMARK_ARITHMETIC, year, path,
                    f"{name}: {ratio.label} is printed as {printed}%, but the counts give "
                    f"{domain.ratio_words(year, ratio, f'{float(value * 100):.1f}%')} "
                    f"({row.counts[ratio.numerator]} of {row.counts[ratio.denominator]}).",
                )


def check_benchmark_verifiable(repo: Repository) -> Iterator[Diagnostic]:
    """Each printed percentage can be checked: the counts it needs are known. A 0% printed
    over a blank cell is the spreadsheet's artefact, not a claim, and passes."""
    for year in repo.benchmarks:
        for path, row, ratio, printed in _printed_percentages(year):
            if printed != 0 and domain.ratio_value(row, ratio) is None:
                yield at(
                    repo, rules.BENCHMARK_UNVERIFIABLE, year, path,
                    f"{repo.authority_name(row.authority)}: {printed}% is printed for "
                    f"{ratio.label}, but a count it needs is unknown, so it cannot be checked.",
                )


def check_ratios_at_most_100(repo: Repository) -> Iterator[Diagnostic]:
    """No LA's ratio is above 100% (a later stage outnumbering an earlier one): a warning,
    since the minutes can print it so."""
    for year in repo.benchmarks:
        for index, row in enumerate(year.authorities):
            for ratio in year.ratios:
                value = domain.ratio_value(row, ratio)
                if value is not None and value > 1:
                    name = repo.authority_name(row.authority)
                    labels = {stage.key: stage.label for stage in year.stages}
                    yield at(
                        repo, rules.RATIO_OVER_100, year,
                        ("authorities", index, "counts", ratio.numerator),
                        f"{name}: {domain.ratio_words(year, ratio, f'{float(value * 100):.0f}%')} "
                        f"({name} counted more at "
                        f"{domain.stage_words(labels.get(ratio.numerator, ratio.numerator))} "
                        "than "
                        f"{domain.stage_words(labels.get(ratio.denominator, ratio.denominator))}).",
                    )


def check_duplicate_rows(repo: Repository) -> Iterator[Diagnostic]:
    """A benchmarking year has one row per LA (two would be ranked and totalled twice)."""
    for year in repo.benchmarks:
        rows = list(enumerate(year.authorities))
        for (first, _), (index, row) in repeated(rows, lambda each: each[1].authority):
            line = repo.where(year, "authorities", first)[1]
            yield at(repo, rules.DUPLICATE_ROW, year, ("authorities", index, "authority"),
                     f"{row.authority} already has a row in this year (line {line}).")
