"""Pydantic validation errors in the coordinator's words, at the line of the offending key.

One pydantic error becomes one Diagnostic with a rule id, a message naming the key and
what it holds, and a hint saying what to write instead.
"""

from __future__ import annotations

import difflib
import re
import typing
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError

from fostlog.core import models, rules
from fostlog.core.diagnostics import Diagnostic
from fostlog.core.positions import KeyPath
from fostlog.core.rules import Rule
from fostlog.files.yamlsafe import ParsedFile

MAX_REPORTED = rules.MAX_LISTED  # schema problems listed per file; more are counted

_PATTERN_WORDS = {
    models.ACTION_ID_PATTERN.pattern: (
        "an action number such as 47, or a meeting date and number such as 2021-07-19/2"
    ),
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "a lower-case id with dashes, such as west-sussex",
    models.YEAR_PATTERN: "a financial year such as 2020-21",
    r"^[a-z][a-z0-9_]*$": "a lower-case key with underscores, such as conversion",
}


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that describes the mapping at `loc` (for listing allowed keys)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(str(part))
        if info is None:
            return None
        inner = _models_in(info.annotation)
        current = inner[0] if inner else None
    return current


# pydantic's type errors: (its error types, what the value should be, what to write).
_TYPES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("model_type", "dict_type", "model_attributes_type"), "a mapping of keys and values",
     "Write it as indented 'key: value' lines."),
    (("list_type",), "a list",
     "Write it as lines starting with '- ', or [a, b] on one line ([] for none)."),
    (("int_type", "int_parsing", "int_from_float"), "a whole number",
     "Write digits only (no quotes, no leading zero: 26, not 026), or null if the number "
     "is not known."),
    (("string_type",), "text",
     "Put the value in quotes if it looks like a number, date or yes/no."),
    (("bool_type", "bool_parsing"), "true or false", "Write true or false."),
)


def _explain(error: Any, model: type[BaseModel]) -> tuple[Rule, str, str | None]:
    """(rule, message, hint) for one pydantic error, in the coordinator's words (hint None:
    the rule's own fix)."""
    loc = tuple(error["loc"])
    kind = error["type"]
    name = str(loc[-1]) if loc else "this file"
    got = error.get("input")
    ctx = error.get("ctx") or {}
    for kinds, should_be, what_to_write in _TYPES:
        if kind in kinds:
            return (rules.SCHEMA_TYPE,
                    f"'{name}' should be {should_be}, but it is {_describe(got)}.",
                    what_to_write)
    if kind == "missing":
        return (rules.SCHEMA_MISSING_KEY, f"'{name}' is missing here.",
                f"Add a line '{name}: ...' to this entry (use null if the minutes do not say).")
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        allowed = sorted(parent.model_fields) if parent else []
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"Did you mean '{close[0]}'? " if close else ""
        hint += "Allowed keys here: " + ", ".join(allowed) + "." if allowed else ""
        return (rules.SCHEMA_UNKNOWN_KEY, f"'{name}' is not a key this file uses.", hint.strip())
    if kind.startswith("date") or kind.startswith("datetime"):
        return (rules.SCHEMA_DATE, f"'{name}' should be a date, but it is {_shown(got)}.",
                None)
    if kind == "enum":
        expected = str(ctx.get("expected", ""))
        meant = _meant(got, re.findall(r"'([^']*)'", expected))
        return (rules.SCHEMA_VALUE, f"'{name}' cannot be {_shown(got)}.",
                (f"Did you mean {meant}? " if meant else "") + f"Use one of: {expected}.")
    if kind == "value_error":  # a validator's own words, without pydantic's "Value error, "
        return (rules.SCHEMA_VALUE, f"'{name}': {ctx.get('error', error['msg'])}",
                "Check this value against the documentation (docs/data.md).")
    if kind == "string_pattern_mismatch":
        words = _PATTERN_WORDS.get(str(ctx.get("pattern")), f"text matching {ctx.get('pattern')}")
        return (rules.SCHEMA_VALUE, f"'{name}' cannot be {_shown(got)}.", f"Write {words}.")
    if kind == "table_column":
        return (rules.SCHEMA_VALUE,
                f"'{name}' cannot be {_shown(got)}: the benchmark table has a column of that "
                "name.",
                f"Use another key, e.g. {got}_count; the table's own columns are "
                + ", ".join(sorted(models.TABLE_COLUMNS)) + ".")
    if kind in ("string_too_long", "too_long"):
        return (rules.SCHEMA_VALUE,
                f"'{name}' cannot be {_shown(got)}: it is at most {ctx.get('max_length')} "
                "characters long.",
                None if ctx.get("max_length") != models.MAX_ACTION_ID_CHARS else
                "Write " + _PATTERN_WORDS[models.ACTION_ID_PATTERN.pattern] + ".")
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        least = kind == "greater_than_equal"
        return (rules.SCHEMA_VALUE,
                f"'{name}' cannot be {_describe(got)}: it is at "
                f"{'least' if least else 'most'} {bound}.",
                "A count is never negative." if least and bound == 0 else
                "Check the number against the minutes.")
    return (rules.SCHEMA_VALUE, f"'{name}': {error['msg']}.",
            "Check this value against the README.")


def _meant(got: Any, choices: list[str]) -> str | None:
    """What a value not among `choices` probably meant, quoted: for a status, by the words
    the logs use for it ("closd" -> 'done' (closed)); else the closest choice."""
    from fostlog.core.vocabulary import Status, closest, closest_status_word, parse_status

    if not isinstance(got, str) or not choices:
        return None
    if set(choices) == {status.value for status in Status}:
        word = got if parse_status(got) is not None else closest_status_word(got)
        status = parse_status(word) if word is not None else None
        if status is None:
            return None
        return f"'{status.value}'" + (f" ({word})" if word != status.value else "")
    close = closest(got.strip().lower(), choices)
    return f"'{close}'" if close else None


def _describe(value: Any) -> str:
    if value is None:
        return "empty (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, (int, float)):
        shown = _shown(value)
        return shown if shown.startswith("a number") else f"the number {shown}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    return _shown(value)


SHOWN_CHARS = 60  # of a value quoted in a message: a 5,000-digit number is not repeated


def _shown(value: Any) -> str:
    """A value as a message quotes it, cut short when long."""
    if isinstance(value, int) and not isinstance(value, bool) and (
            value.bit_length() > 4 * SHOWN_CHARS):
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    text = value.isoformat() if isinstance(value, date) else str(value)
    if len(text) > SHOWN_CHARS:
        return repr(text[:SHOWN_CHARS - 20]) + f"... ({len(text):,} characters)"
    return repr(text) if isinstance(value, str) else text


def validation_diagnostics(
    parsed: ParsedFile, error: ValidationError, model: type[BaseModel], prefix: KeyPath = ()
) -> list[Diagnostic]:
    total = error.error_count()
    if total > MAX_REPORTED:
        # Listing every error of a file broken wholesale (a 5 MB list of wrong items)
        # takes pydantic and us minutes; the file cut short finds the first ones as well.
        try:
            model.model_validate(_cut_short(parsed.data, MAX_REPORTED))
        except ValidationError as fewer:
            error = fewer
    found = []
    for item in error.errors(include_url=False)[:MAX_REPORTED]:
        loc = (*prefix, *item["loc"])
        # Unions report one error per branch; the loc then carries the branch name.
        loc = _without_branch_labels(loc, model)
        item = {**item, "loc": loc}
        rule, message, hint = _explain(item, model)
        line, column = parsed.position(loc)
        found.append(rule.at(parsed.file, line, column, message, hint))
    if total > MAX_REPORTED:
        found.append(rules.FILE_TOO_MANY_PROBLEMS.at(
            parsed.file, found[-1].line, found[-1].column,
            f"This file has {total} problems; only the first {MAX_REPORTED} are shown.",
        ))
    return found


def _cut_short(value: Any, limit: int) -> Any:
    """`value` with every list cut to its first `limit` items, so positions still hold."""
    if isinstance(value, list):
        return [_cut_short(item, limit) for item in value[:limit]]
    if isinstance(value, dict):
        return {key: _cut_short(item, limit) for key, item in value.items()}
    return value


_BRANCH = re.compile(r"^(function-|list\[|dict\[|date$|int$|str$|constrained-str$|none$)")


def _without_branch_labels(loc: tuple[Any, ...], model: type[BaseModel]) -> tuple[Any, ...]:
    # A key the model has is never a branch label: a meeting's own 'date' must stay.
    kept: list[Any] = []
    for part in loc:
        parent = _model_at(model, tuple(kept))
        if isinstance(part, str) and _BRANCH.match(part) and not (
                parent and part in parent.model_fields):
            continue
        kept.append(part)
    return tuple(kept)
