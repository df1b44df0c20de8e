"""An edit of the data folder as data (a Change), and the one way to make it (apply): under
the folder's edit lock, checked in memory as lint would check the folder after it, then
every file written or none, each only over the bytes it was made from."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fostlog.core.diagnostics import Diagnostic
from fostlog.edits.yamltext import EditRefused


@dataclass(frozen=True)
class Change:
    """The new text of each file an edit changes, by its posix path inside the data
    folder; the bytes each was made from (None: a new file); the 1-based line where each
    change starts; and what the edit means, in words."""

    texts: dict[str, str]
    read: dict[str, bytes | None]
    lines: dict[str, int] = field(default_factory=dict)
    said: str = ""

    def diff(self, shown: Mapping[str, str], between: str = "") -> str:
        """A unified diff of every file, each named as `shown` names it and led by
        `between`."""
        found = []
        for relative, text in self.texts.items():
            old = self.read[relative]
            before = "" if old is None else old.decode("utf-8")
            name = shown[relative]
            found.append(between)
            found += difflib.unified_diff(
                before.splitlines(keepends=True), text.splitlines(keepends=True),
                "/dev/null" if old is None else name, name)
        return "".join(found)


def read_text(root: Path, relative: str) -> tuple[str, bytes]:
    """A data file's text and its bytes, read as the loader reads (never a FIFO swapped
    in); EditRefused when it cannot be read."""
    from fostlog.files.safefiles import read_regular

    path = root / relative
    try:
        raw = read_regular(str(path))
        return raw.decode("utf-8"), raw
    except (OSError, UnicodeDecodeError) as error:
        raise EditRefused(f"{path} cannot be read ({error}).", "Run 'fostlog lint' first.") \
            from None


class AddsErrors(Exception):
    """The change would add these errors to what lint finds in the data."""

    def __init__(self, added: list[Diagnostic]):
        super().__init__(f"the change would add {len(added)} error(s) to the data")
        self.added = added


def relative_name(file: str, root: Path) -> str:
    """A file as loaded (a display path) as its name inside the data folder `root`."""
    path = Path(file)
    if not path.is_absolute():
        path = Path.cwd() / path
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file


def check(root: Path, change: Change, before: Sequence[Diagnostic] | None = None
          ) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """What lint would find with the change made: (the errors it does not find now,
    compared by file, rule and message since lines move in an edit; everything it would
    find). `before`: what lint found, if the caller has just run it. The files' new texts
    are given to the loader in memory: nothing is written while checking."""
    from fostlog.files.load import load_and_check

    def keyed(diagnostics: Sequence[Diagnostic]) -> dict[tuple[str, str, str], Diagnostic]:
        return {(relative_name(d.file, root), d.rule, d.message): d
                for d in diagnostics if d.is_error}

    found_before = keyed(before if before is not None else load_and_check(root)[1])
    replace = {relative: text.encode("utf-8") for relative, text in change.texts.items()}
    after = load_and_check(root, replace=replace)[1]
    return [d for key, d in sorted(keyed(after).items()) if key not in found_before], after


def apply(root: Path, change: Change, before: Sequence[Diagnostic] | None = None
          ) -> list[Diagnostic]:
    """Make the change in the data folder `root`: under its edit lock (the command's own,
    if it holds it already), refused (AddsErrors) if lint would find an error it does not
    find now (`before`, if the caller has it), then every file written or none
    (safewrite.write_all, journalled, never through a link below `root`: OSError,
    UnsafeTarget, NotUndone), each only over the bytes it was made from
    (ChangedMeanwhile). Returns what lint finds in the data as changed."""
    from fostlog.files.safewrite import edit_lock, write_all

    with edit_lock(root):
        added, after = check(root, change, before)
        if added:
            raise AddsErrors(added)
        write_all([(root / relative, change.read[relative], text)
                   for relative, text in change.texts.items()], root)
    return after
