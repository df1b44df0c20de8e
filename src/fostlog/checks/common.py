"""What every check module uses: the type of a check, and how a finding points at a record."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from fostlog.core import rules
from fostlog.core.diagnostics import Diagnostic
from fostlog.core.models import Record
from fostlog.core.repository import Repository
from fostlog.core.rules import Rule

Check = Callable[[Repository], Iterable[Diagnostic]]

MAX_PER_RULE = rules.MAX_LISTED  # findings of one rule listed per file

_T = TypeVar("_T")


def at(repo: Repository, rule: Rule, record: Record, path: tuple[Any, ...], message: str,
       hint: str | None = None) -> Diagnostic:
    """A finding of `rule` at the key `path` inside `record` (hint None: the rule's fix)."""
    return rule.at(*repo.where(record, *path), message, hint)


def repeated(items: Iterable[_T], key: Callable[[_T], Any]) -> Iterator[tuple[_T, _T]]:
    """(first, later) for each item whose key an earlier item has: the first is the one
    used, and each later one is reported."""
    seen: dict[Any, _T] = {}
    for item in items:
        first = seen.setdefault(key(item), item)
        if first is not item:
            yield first, item
