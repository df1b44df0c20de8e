"""How a rank and a band are worked out, in words, once: for the notes under the capacity
and benchmark tables, the site's charts, and the quartile points' columns of CSV and JSON.
The rules themselves are domain.competition_ranks, domain.quartile_points and
domain.lait_band."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fostlog.render.tables import Column

if TYPE_CHECKING:
    from fostlog.core.models import Better
    from fostlog.domain import QuartilePoints

# The rule, for a note or --help (the help's docstrings say the same in their own text).
BAND_RULE = (
    "Ranks and bands are as DfE's LA Interactive Tool (LAIT) works them out: ties share "
    "the best rank; a band is by value, from the quartile points (R's type 7) of the "
    "values of {among}. Where higher is better: above the 75% point A, above "
    "the median B, above the 25% point C, the rest D (where lower is better, the same from "
    "the bottom); a value exactly at a point is in the band of lower values."
)
NO_POLARITY = "{label} has no better way (a count says how big a service is): no rank or band."


def two_places(value: float) -> str:
    """A quartile point as a note gives it: to two places, so a value at a point is seen
    to be at it (66.67%)."""
    return f"{value:.2f}"


def band_note(points: QuartilePoints | None, better: Better | None, label: str, among: str,
              unit: str = "%") -> str:
    """The band rule and the points of this table (`among`: whose values, "all 145 LAs
    in the file with a figure"); or why there is none (no polarity, no values)."""
    if better is None:
        return NO_POLARITY.format(label=label[:1].upper() + label[1:])
    rule = BAND_RULE.format(among=among)
    if points is None:
        return f"{rule} No LA has a value, so there are no points."
    return (f"{rule} The {label} points: 25% {two_places(points.lower)}{unit}, median "
            f"{two_places(points.median)}{unit}, 75% {two_places(points.upper)}{unit}.")


def point_columns(points_of: Callable[[Any], QuartilePoints | None]) -> list[Column]:
    """The quartile points a row's band is from, for CSV and JSON (anyone can check a
    band): `points_of` gives them for a row (None where the row has no band to check)."""
    def point(name: str) -> Callable[[Any], float | None]:
        def get(row: Any) -> float | None:
            points = points_of(row)
            return None if points is None else float(getattr(points, name))
        return get

    # In full (the shortest text that reads back as the same number), as JSON has them.
    return [Column(key, header, point(name), numeric=True, text=repr)
            for key, header, name in (("quartile_25", "25% point", "lower"),
                                      ("quartile_50", "Median point", "median"),
                                      ("quartile_75", "75% point", "upper"))]


POINT_KEYS = ("quartile_25", "quartile_50", "quartile_75")
