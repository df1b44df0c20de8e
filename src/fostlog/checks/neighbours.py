"""Statistical neighbours: every LA and neighbour is a DfE number in DfE's list of LAs, no
LA is its own neighbour or has a neighbour twice, and each LA has one group in a set.

The rule on one group is domain.group_faults, shared with the importer, which reports it
at the workbook's cell."""

from __future__ import annotations

from collections.abc import Iterator

from fostlog import domain, reference
from fostlog.checks.common import at, repeated
from fostlog.core import rules
from fostlog.core.diagnostics import Diagnostic
from fostlog.core.repository import Repository


def check_neighbour_numbers(repo: Repository) -> Iterator[Diagnostic]:
    """Every LA with a group, and every neighbour, is a DfE number that DfE's list of LAs
    (reference/las.csv) gives an LA, at some date: a set keeps LAs since reorganised
    (Poole, 836). Without the list nothing is checked here: check_authority_codes says
    it is missing."""
    entries = reference.la_list() if repo.neighbour_sets else None
    if entries is None:
        return
    known = reference.known_numbers(entries)
    rule = rules.NEIGHBOURS_UNKNOWN_NUMBER
    for neighbour_set in repo.neighbour_sets:
        for index, group in enumerate(neighbour_set.groups):
            if group.dfe_number not in known:
                close = reference.number_named(entries, group.name)
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
            for position, rule, message in domain.group_faults(group.dfe_number, group.name,
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
