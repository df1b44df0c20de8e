"""fostlog schema: the JSON Schema of each file kind, for editors that check YAML."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from fostlog.cli.common import fail


def schema(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR",
            file_okay=False,
            help="Write one NAME.schema.json per file kind into DIR (e.g. schema).",
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; exit 1 if the files in DIR (default: schema) are out of date.",
        ),
    ] = False,
) -> None:
    """JSON Schema for each kind of data file, generated from fostlog's models.

    Without --out, prints them all as one JSON object (file name -> schema). The data
    files point at the checked-in copies in schema/ on their first line, so editors with
    the YAML language server check and complete keys as you type.

    Examples:

    \b
        fostlog schema --out schema
        fostlog schema --check
        fostlog schema | jq '."meeting.schema.json".required'
    """
    from fostlog.schema import SCHEMA_DIR, all_schema_texts

    texts = all_schema_texts()
    if check:
        folder = out or Path(SCHEMA_DIR)
        stale = []
        for name, text in texts.items():
            try:
                current = (folder / name).read_text(encoding="utf-8")
            except OSError:
                current = None
            if current != text:
                stale.append(name)
        if stale:
            raise fail(f"out of date in {folder}/: {', '.join(stale)}.",
                       f"Run 'fostlog schema --out {folder}' (or 'make schema').")
        sys.stderr.write(f"The schemas in {folder}/ match the models.\n")
        return
    if out is None:
        merged = {name: json.loads(text) for name, text in texts.items()}
        sys.stdout.write(json.dumps(merged, indent=2, ensure_ascii=False) + "\n")
        return
    from fostlog.edit import write_atomic

    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in texts.items():
            write_atomic(out / name, text)
    except OSError as error:
        raise fail(f"cannot write the schemas to {out} ({error.strerror or error}).") from None
    sys.stderr.write(f"Wrote {len(texts)} schemas to {out}/.\n")
