"""The command groups' own behaviour: an unknown command answered with the nearest one.
Kept apart from common.py so the top-level group, made at every start, imports no more
than typer."""

from __future__ import annotations

from typing import Any

from typer.core import TyperGroup
from typer.exceptions import TyperException

# Words people type for a command that has another name: the minutes are `render meeting`.
COMMAND_WORDS = {"minutes": "meeting", "log": "actions", "action-log": "actions",
                 "register": "actions"}


class SuggestingGroup(TyperGroup):
    """A group of commands whose unknown command is answered with the nearest one:
    a word people use for it (render minutes: meeting), else the closest spelling."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except TyperException as error:  # typer's click's UsageError: no such command
            message = getattr(error, "message", None)
            if args and isinstance(message, str) and "Did you mean" not in message:
                near = _nearest_command(args[0], list(self.commands))
                if near is not None:
                    error.message = f"{message.rstrip('.')}. Did you mean {near!r}?"
            raise


def _nearest_command(typed: str, commands: list[str]) -> str | None:
    import difflib

    word = COMMAND_WORDS.get(typed.strip().lower())
    if word in commands:
        return word
    scored = [(difflib.SequenceMatcher(None, typed.lower(), c).ratio(), c) for c in commands]
    best = max(scored, default=None)
    return best[1] if best is not None and best[0] >= 0.4 else None
