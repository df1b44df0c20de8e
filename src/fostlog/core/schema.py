"""JSON Schema for each file kind, generated from the pydantic models, for editors.

Each data file's first line names its schema (`# yaml-language-server: $schema=...`), so
an editor with the YAML language server checks and completes keys as the coordinator
types. That line points at the folder `schema/` beside the data folder: this repository
keeps a copy there, and `fostlog schema --out DIR` writes one beside any other data
folder. The same files ship inside the package (fostlog/schemas/, package data), for
tools that read them from an installed fostlog. A test fails when either copy no longer
matches the models (`make schema` rewrites both).
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic.fields import FieldInfo

from fostlog.core import kinds, models

SCHEMA_DIR = "schema"  # beside the data folder: where each data file's first line points
SHIPPED_DIR = "schemas"  # inside the package
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def _action_id_description() -> str:
    for meta in getattr(models.ActionId, "__metadata__", ()):
        if isinstance(meta, FieldInfo) and meta.description:
            return meta.description
    raise AssertionError("models.ActionId has no description")  # pragma: no cover


def _allow_numeric_action_ids(node: Any, marker: str) -> Any:
    # YAML reads `id: 47` as a number and the models accept it (they turn it into "47"),
    # so an editor must accept it too, not flag it as "expected string". Pydantic leaves
    # the pattern out of an ActionId's schema (its before-validator hides it), so the
    # ActionId is found by its description.
    if isinstance(node, dict):
        if node.get("description") == marker and node.get("type") == "string":
            rest = {k: v for k, v in node.items() if k not in ("type", "pattern")}
            return {
                **rest,
                "anyOf": [
                    {"type": "string", "pattern": models.ACTION_ID_PATTERN.pattern},
                    {"type": "integer", "minimum": 0},
                ],
            }
        return {k: _allow_numeric_action_ids(v, marker) for k, v in node.items()}
    if isinstance(node, list):
        return [_allow_numeric_action_ids(v, marker) for v in node]
    return node


def json_schema(kind: str) -> dict[str, Any]:
    found = kinds.BY_NAME[kind]
    model, description = found.model, found.description
    generated = _allow_numeric_action_ids(
        model.model_json_schema(mode="validation"), _action_id_description()
    )
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"fostlog {kind} file",
        "description": f"{description}. Generated from fostlog's models: do not edit by hand; "
        "run 'make schema'.",
        **{k: v for k, v in generated.items() if k not in ("title", "description")},
    }


def all_schema_texts() -> dict[str, str]:
    """File name -> text, for every kind."""
    return {schema_file_name(kind.name): json.dumps(json_schema(kind.name), indent=2,
                                                    ensure_ascii=False) + "\n"
            for kind in kinds.KINDS}


def shipped_schema_texts() -> dict[str, str]:
    """File name -> text of the schemas shipped inside the package (empty if none are)."""
    from importlib.resources import files

    folder = files("fostlog") / SHIPPED_DIR
    if not folder.is_dir():
        return {}
    return {item.name: item.read_text(encoding="utf-8") for item in folder.iterdir()
            if item.name.endswith(".schema.json")}


def schema_folder_for(data_root: Path) -> Path:
    """Where the first lines of the files in `data_root` point: `schema/` beside it."""
    return data_root.absolute().parent / SCHEMA_DIR


def modeline(relative: str) -> str | None:
    """The first line a data file should have: where its schema is, relative to the file
    (data/ and schema/ sit side by side at the top of the repository)."""
    kind = kinds.kind_of(relative)
    if kind is None:
        return None
    up = "../" * len(PurePosixPath(relative).parts)
    return f"# yaml-language-server: $schema={up}{SCHEMA_DIR}/{schema_file_name(kind.name)}"
