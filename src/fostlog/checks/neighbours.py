"""Statistical neighbours: every LA and neighbour is a DfE number in DfE's list of LAs, no
LA is its own neighbour or has a neighbour twice, and each LA has one group in a set.

`group_faults` is the rule on one group, shared with the importer, which reports it at
the workbook's cell."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from fostlog import reference
from fostlog.checks.common import at, repeated
from fostlog.core import rules
from fostlog.core.diagnostics import Diagnostic
from fostlog.core.repository import Repository
from fostlog.core.rules import Rule
from fostlog.reference import LaEntry


def known_numbers(entries: Sequence[LaEntry]) -> set[int]:
    """Every DfE number DfE's list gives an LA, at any date."""
    return {number for entry in entries for number in entry.dfe_numbers}


def number_for(name: str, entries: Sequence[LaEntry]) -> int | None:
    """The DfE number of the one-LA row of DfE's list named `name` (capitals and spaces
    aside), for a did-you-mean; None if no row or several numbers have that name."""
    wanted = " ".join(name.split()).casefold()
    numbers = {e.dfe_numbers[0] for e in entries
               if len(e.dfe_numbers) == 1 and " ".join(e.name.split()).casefold() == wanted}
    return numbers.pop() if len(numbers) == 1 else None


def group_faults(la: int, name: str, neighbours: Sequence[int]
                 ) -> Iterator[tuple[int, Rule, str]]:
    """(position in `neighbours`, rule, message) for the LA among its own neighbours and
    for each neighbour listed again."""
    seen: dict[int, int] = {}
    for position, number in enumerate(neighbours):
        if number == la:
            yield position, rules.NEIGHBOURS_SELF, (
                f"{name} ({la}) is listed as its own statistical neighbour "
                f"(SN{position + 1}).")
        elif number in seen:
            yield position, rules.NEIGHBOURS_TWICE, (
                f"{name} ({la}): neighbour {number} is listed twice (SN{seen[number] + 1} "
                f"and SN{position + 1}).")
        seen.setdefault(number, position)


def check_neighbour_numbers(repo: Repository) -> Iterator[Diagnostic]:
    """Every LA with a group, and every neighbour, is a DfE number that DfE's list of LAs
    (reference/las.csv) gives an LA, at some date: a set keeps LAs since reorganised
    (Poole, 836). Without the list nothing is checked here: check_authority_codes says
    it is missing."""
    entries = reference.la_list() if repo.neighbour_sets else None
    if entries is None:
        return
    known = known_numbers(entries)
    rule = rules.NEIGHBOURS_UNKNOWN_NUMBER
    for neighbour_set in repo.neighbour_sets:
        for index, group in enumerate(neighbour_set.groups):
            if group.dfe_number not in known:
                close = number_for(group.name, entries)
                yield at(repo, rule, neighbour_set, ("groups", index, "dfe_number"),
                         f"{group.name}: {group.dfe_number} is no LA's number in DfE's list "
                         "of LAs." + (f" DfE's list gives {group.name} {close}." if close
                                      else ""))
            for position, neighbour in enumerate(group.neighbours):
                if neighbour.dfe_number not in known:
                    yield at(repo, rule, neighbour_set,
                             ("groups", index, "neighbours", position, "dfe_number"),
                             f"{group.name}: neighbour {neighbour.dfe_number} (SN"
                             f"{position + 1}) is no LA's number in DfE's list of LAs.")


def check_neighbour_groups(repo: Repository) -> Iterator[Diagnostic]:
    """No LA is among its own statistical neighbours, and no neighbour is listed twice in
    one group."""
    for neighbour_set in repo.neighbour_sets:
        for index, group in enumerate(neighbour_set.groups):
            numbers = [n.dfe_number for n in group.neighbours]
            for position, rule, message in group_faults(group.dfe_number, group.name,
                                                        numbers):
                yield at(repo, rule, neighbour_set,
                         ("groups", index, "neighbours", position, "dfe_number"), message)


def check_duplicate_groups(repo: Repository) -> Iterator[Diagnostic]:
    """Each LA has at most one group in a set of statistical neighbours."""
    for neighbour_set in repo.neighbour_sets:
        indexed = list(enumerate(neighbour_set.groups))
        for (first, _), (index, group) in repeated(indexed, lambda item: item[1].dfe_number):
            yield at(repo, rules.NEIGHBOURS_DUPLICATE_GROUP, neighbour_set,
                     ("groups", index, "dfe_number"),
                     f"{group.name} ({group.dfe_number}) has a second group in "
                     f"{neighbour_set.key} (the first is group {first + 1}).")
