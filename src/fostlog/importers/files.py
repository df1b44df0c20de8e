"""A proposed record -> the text of its data file: the schema modeline, a header comment,
then YAML a person can read (figures one area a line, long notes folded).

The text is read back and validated before anyone writes it: what a file would hold must
be exactly the record (`file_text` raises AssertionError otherwise, a bug in fostlog).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import yaml

from fostlog.core.models import Record
from fostlog.core.schema import modeline
from fostlog.files.yamlsafe import read_back

# Mappings of figures are written on one line: `values: {approved: 135, filled: 85}`.
FLOW_KEYS = frozenset({"values", "unknown", "counts", "printed"})
WIDTH = 84


class _Flow(dict[str, Any]):
    """A mapping written in flow style."""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    # A long note reads better folded (`>-`) than as one quoted line.
    style = ">" if len(data) > WIDTH - 20 and data == data.strip() and "\n" not in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(_Flow, _represent_flow)
_Dumper.add_representer(str, _represent_str)


def _plain(value: Any, key: str | None = None) -> Any:
    """Model data as YAML's plain types: enums by value, dates kept as dates. A field that
    says nothing (null, an empty list or mapping) is left out; a null figure is kept."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        if key in FLOW_KEYS:
            return _Flow({str(_plain(k)): _plain(v) for k, v in value.items()})
        return {str(k): _plain(v, str(k)) for k, v in value.items()
                if v is not None and v != {} and v != []}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def record_yaml(record: Record) -> str:
    """The record as YAML: the fields that say something, in the model's order."""
    data = _plain(record.model_dump(mode="python"))
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=WIDTH,
                     default_flow_style=False)


def file_text(relative: str, record: Record, header: list[str]) -> str:
    """The whole text of the data file `relative` (posix, inside the data folder) holding
    `record`: its modeline, `header` as comment lines, then the record."""
    first = modeline(relative)
    lines = [first] if first else []
    lines += ["#"] + [f"# {line}".rstrip() for line in header] + ["#"] if header else []
    text = "\n".join(lines) + "\n" + record_yaml(record)
    again = type(record).model_validate(read_back(text, relative))
    if again.model_dump() != record.model_dump():  # pragma: no cover - a bug in fostlog
        raise AssertionError(f"{relative}: the YAML written does not read back as the record")
    return text
