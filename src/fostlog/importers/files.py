"""A proposed record -> the text of its data file: the schema modeline, a header comment,
then YAML a person can read (figures one area a line, long notes folded).

The text is read back and validated before anyone writes it: what a file would hold must
be exactly the record (`file_text` raises EditRefused otherwise, naming the file: a
name with a character YAML cannot carry is refused, never written differently).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from fostlog.core.models import Record
from fostlog.core.schema import modeline
from fostlog.edits.yamltext import EditRefused, Layout, document
from fostlog.files.yamlsafe import Unreadable, read_back

# Figures are written one area a line (`values: {approved: 135, filled: 85}`), statistical
# neighbours one a line (`- {dfe_number: 308, closeness: close}`), long notes folded.
LAYOUT = Layout(width=84, flow_keys=frozenset({"values", "unknown", "counts", "printed",
                                               "neighbours"}),
                list_indent=0, quote="'")


def _plain(value: Any, key: str | None = None) -> Any:
    """Model data as YAML's plain types: enums by value, dates kept as dates. A field that
    says nothing (null, an empty list or mapping) is left out; a null figure is kept."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        if key in LAYOUT.flow_keys:
            return {str(_plain(k)): _plain(v) for k, v in value.items()}
        return {str(k): _plain(v, str(k)) for k, v in value.items()
                if v is not None and v != {} and v != []}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def file_text(relative: str, record: Record, header: list[str]) -> str:
    """The whole text of the data file `relative` (posix, inside the data folder) holding
    `record`: its modeline, `header` as comment lines, then the record."""
    first = modeline(relative)
    lines = [first] if first else []
    lines += ["#"] + [f"# {line}".rstrip() for line in header] + ["#"] if header else []
    return read_back_as(record, document(_plain(record.model_dump(mode="python")), lines,
                                         layout=LAYOUT), relative)


def read_back_as(record: Record, text: str, relative: str) -> str:
    """`text`, once it reads back as exactly `record` (EditRefused otherwise)."""
    from pydantic import ValidationError

    try:
        again = type(record).model_validate(read_back(text, relative))
        same = again.model_dump() == record.model_dump()
    except (Unreadable, ValidationError):
        same = False
    if not same:
        raise EditRefused(f"{relative} would not read back as what the import meant to "
                          "write (a name or text in it holds a character YAML cannot keep "
                          "as it is), so nothing was written.",
                          "Check the document for unusual characters (line separators, "
                          "control characters) in names, and remove them.")
    return text
