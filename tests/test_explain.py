"""explain: each pydantic validation error in the coordinator's words, as one Diagnostic at
the line of the key it is about, with a rule and a hint saying what to write instead.

Each case is a file of tests/fixtures/mini with one change, read with yamlsafe and
validated against its file kind's model, as the loader does."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from conftest import MEETING, MINI
from fostlog.core import models, rules
from fostlog.core.diagnostics import Diagnostic
from fostlog.files.explain import MAX_REPORTED, validation_diagnostics
from fostlog.files.yamlsafe import parse_yaml_text


def explain(text: str, model: type[BaseModel]) -> list[Diagnostic]:
    """The diagnostics for `text` validated against `model`."""
    parsed = parse_yaml_text(text.encode("utf-8"), "x.yaml")
    assert parsed.ok, parsed.diagnostics
    try:
        model.model_validate(parsed.data)
    except ValidationError as error:
        return validation_diagnostics(parsed, error, model)
    return []


def changed(name: str, old: str, new: str) -> tuple[str, int]:
    """The mini fixture's file `name` with `old` replaced by `new`, and the line it is on."""
    text = (MINI / name).read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    return text.replace(old, new, 1), text.count("\n", 0, text.index(old)) + 1


def one(text: str, model: type[BaseModel]) -> Diagnostic:
    found = explain(text, model)
    assert len(found) == 1, found
    assert found[0].is_error and found[0].message and found[0].hint
    return found[0]


def test_the_mini_files_are_valid() -> None:
    files: list[tuple[str, type[BaseModel]]] = [
        ("actions.yaml", models.ActionsFile), ("people.yaml", models.PeopleFile),
        ("meetings/2025-07-07.yaml", models.Meeting),
        ("benchmarks/2020-21.yaml", models.BenchmarkYear),
    ]
    for name, model in files:
        assert explain((MINI / name).read_text(encoding="utf-8"), model) == []


def test_an_unknown_key_suggests_the_right_one() -> None:
    text, line = changed("actions.yaml", "    responsible: MC", "    responsable: MC")
    d = one(text, models.ActionsFile)
    assert (d.rule, d.line, d.column) == (rules.SCHEMA_UNKNOWN_KEY.id, line, 5)
    assert d.message == "'responsable' is not a key this file uses."
    assert d.hint.startswith("Did you mean 'responsible'? Allowed keys here: ")
    assert "owners" in d.hint


def test_a_missing_key_is_placed_at_its_entry() -> None:
    text, _ = changed("people.yaml", "    name: Holly Clune\n", "")
    d = one(text, models.PeopleFile)
    assert (d.rule, d.line) == ("schema-missing-key", 6)  # the '- id: holly-clune' entry
    assert d.message == "'name' is missing here."
    assert "name: ..." in d.hint


def test_text_for_a_number() -> None:
    text, line = changed("benchmarks/2020-21.yaml", "enquiries: 40,", "enquiries: forty,")
    d = one(text, models.BenchmarkYear)
    assert (d.rule, d.line) == ("schema-type", line)
    assert d.message == "'enquiries' should be a whole number, but it is 'forty'."


def test_an_impossible_date_gets_the_rules_fix() -> None:
    text, line = changed("actions.yaml", "as_of: 2025-09-17", "as_of: 2025-09-31")
    d = one(text, models.ActionsFile)
    assert (d.rule, d.line) == ("schema-date", line)
    assert d.hint == rules.SCHEMA_DATE.fix and "YYYY-MM-DD" in d.hint


def test_a_value_outside_a_closed_list_lists_the_choices() -> None:
    text, line = changed("actions.yaml", "status: done", "status: finished")
    d = one(text, models.ActionsFile)
    assert (d.rule, d.line) == ("schema-value", line)
    assert "'done'" in d.hint and "'dropped'" in d.hint


def test_a_pattern_is_explained_in_words() -> None:
    text, _ = changed("benchmarks/2020-21.yaml", "year: 2020-21", "year: 2020/21")
    assert one(text, models.BenchmarkYear).hint == "Write a financial year such as 2020-21."
    text, _ = changed("people.yaml", "  - id: holly-clune", "  - id: Holly Clune")
    assert "a lower-case id with dashes" in one(text, models.PeopleFile).hint


def test_a_meetings_own_date_key_is_not_taken_for_a_union_branch() -> None:
    # 'date' is also the name of a pydantic union branch; the key must stay in the path.
    text, line = changed("meetings/2025-07-07.yaml", "date: 2025-07-07", "date: 2025-02-30")
    d = one(text, models.Meeting)
    assert (d.rule, d.line) == ("schema-date", line)
    assert d.message.startswith("'date' should be a date")


def test_an_id_written_as_a_list_is_a_type_problem_not_a_crash() -> None:
    text, line = changed("authorities.yaml", "  - id: surrey", "  - id: []")
    d = one(text, models.AuthoritiesFile)
    assert (d.rule, d.line) == ("schema-type", line)
    assert d.message == "'id' should be text, but it is a list."


def test_a_list_where_a_mapping_belongs_and_the_reverse() -> None:
    d = one(MEETING + "chair: [maria-cordrey]\n", models.Meeting)
    assert (d.rule, d.line) == ("schema-type", 7)
    assert d.message == "'chair' should be a mapping of keys and values, but it is a list."
    text, line = changed("people.yaml", "initials: [HC]", "initials: HC")
    d = one(text, models.PeopleFile)
    assert (d.rule, d.line) == ("schema-type", line)
    assert d.message == "'initials' should be a list, but it is 'HC'."


def test_a_whole_file_of_the_wrong_shape() -> None:
    d = one("- date: 2025-08-01\n- source: x\n", models.Meeting)
    assert (d.rule, d.line) == ("schema-type", 1)
    assert d.message.startswith("'this file' should be a mapping")


def test_yes_or_no_and_values_described_plainly() -> None:
    text, line = changed("actions.yaml", "    raised_precision: month\n",
                         "    raised_precision: month\n    whole_group: maybe\n")
    d = one(text, models.ActionsFile)
    assert (d.rule, d.line) == ("schema-type", line + 1)
    assert "true or false" in d.message
    d = one(MEETING.replace("source: minutes.txt", "source: 2025-08-01"), models.Meeting)
    assert d.message == "'source' should be text, but it is the date 2025-08-01."
    d = one(MEETING.replace("source: minutes.txt", "source: true"), models.Meeting)
    assert d.message == "'source' should be text, but it is the yes/no value true."
    # YAML 1.1's yes/no/on/off are text (fostlog reads true and false only).
    assert explain(MEETING.replace("source: minutes.txt", "source: yes"), models.Meeting) == []


class _Counted(BaseModel):
    model_config = ConfigDict(extra="forbid")
    count: int = Field(ge=0)
    pairs: int = Field(default=0, multiple_of=2)


def test_an_error_without_its_own_words_keeps_pydantics() -> None:
    d = one("count: 1\npairs: 3\n", _Counted)
    assert d.rule == "schema-value"
    assert d.message.startswith("'pairs': Input should be a multiple of 2")
    assert d.hint == "Check this value against the README."


def test_a_bound_is_said_plainly() -> None:
    d = one("count: -1\n", _Counted)
    assert (d.rule, d.message) == ("schema-value", "'count' cannot be the number -1: it is "
                                                   "at least 0.")
    assert d.hint == "A count is never negative."


def test_a_file_broken_wholesale_lists_the_first_problems_and_counts_the_rest() -> None:
    found = explain(MEETING + "items:\n" + "- a\n" * (MAX_REPORTED + 50), models.Meeting)
    assert len(found) == MAX_REPORTED + 1
    assert {d.rule for d in found[:-1]} == {"schema-type"}
    assert [d.line for d in found[:3]] == [8, 9, 10]
    last = found[-1]
    assert last.rule == rules.FILE_TOO_MANY_PROBLEMS.id
    assert f"{MAX_REPORTED + 50} problems" in last.message
    assert last.hint == rules.FILE_TOO_MANY_PROBLEMS.fix
