"""fostlog schema: the JSON Schema of each file kind, for editors that check YAML."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from fostlog.cli.common import fail, unsafe_out, write_out


def schema(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR",
            file_okay=False,
            show_default=False,
            help="Write one NAME.schema.json per file kind into DIR: the folder 'schema' "
            "beside the data folder is where the data files' first lines point.",
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; exit 1 if the files in DIR (default: schema) are missing "
            "or out of date.",
        ),
    ] = False,
) -> None:
    """JSON Schema for each kind of data file, generated from fostlog's models.

    Each data file's first line points an editor at its schema in the folder 'schema'
    beside the data folder (data/meetings/2022-01-26.yaml names
    ../../schema/meeting.schema.json), so editors with the YAML language server (VS Code's
    YAML extension, for one) check and complete keys as you type. This repository keeps
    them in schema/; for a data folder kept elsewhere, write them beside it with --out.
    The same files ship inside the installed package (fostlog/schemas/). Without --out,
    prints them all as one JSON object (file name -> schema).

    Examples:

    \b
        fostlog schema --out schema
        fostlog schema --out ../fostering-data/schema
        fostlog schema --check
        fostlog schema | jq '."meeting.schema.json".required'
    """
    from fostlog.core.schema import SCHEMA_DIR, all_schema_texts
    from fostlog.files.safefiles import read_regular

    texts = all_schema_texts()
    if check:
        folder = out or Path(SCHEMA_DIR)
        if not folder.is_dir():
            raise fail(f"there is no folder {folder}/, so there are no schemas to check there "
                       "(and an editor finds none where the data files point).",
                       f"Write them with 'fostlog schema --out {folder}'.")
        missing, stale = [], []
        for name, text in texts.items():
            try:  # a FIFO there is refused, not waited on
                current = read_regular(str(folder / name)).decode("utf-8", "replace")
            except FileNotFoundError:
                missing.append(name)
                continue
            except OSError:
                current = None
            if current != text:
                stale.append(name)
        if missing or stale:
            said = ([f"missing from {folder}/: {', '.join(missing)}"] if missing else []) + (
                [f"out of date in {folder}/: {', '.join(stale)}"] if stale else [])
            raise fail("; ".join(said) + ".",
                       f"Run 'fostlog schema --out {folder}' (or 'make schema').")
        sys.stderr.write(f"The schemas in {folder}/ match the models.\n")
        return
    if out is None:
        merged = {name: json.loads(text) for name, text in texts.items()}
        sys.stdout.write(json.dumps(merged, indent=2, ensure_ascii=False) + "\n")
        return
    from fostlog.files.safewrite import UnsafeTarget, replaceable

    try:
        out.mkdir(parents=True, exist_ok=True)
        for name in texts:  # all refused before any is written
            replaceable(out / name)
    except UnsafeTarget as unsafe:
        raise unsafe_out(Path(unsafe.filename), unsafe, hint="Remove it, or give --out "
                         "another folder.") from None
    except OSError as error:
        raise fail(f"cannot write the schemas to {out} ({error.strerror or error}).") from None
    for name, text in texts.items():
        write_out(out / name, text, "--out DIR")
    sys.stderr.write(f"Wrote {len(texts)} schemas to {out}/.\n")
