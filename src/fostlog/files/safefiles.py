"""Reading a data file without being turned against the reader: the checks every read
of the data folder goes through (load.py, yamlsafe.py). No PyYAML here, so the warm path
of a question can stat every file without importing it.

Policy (README, "Performance and hostile input"): a link is followed only while it stays
inside the data folder; anything but a regular file (a FIFO, a device, a socket, a link
to /dev/stdin) is never opened, being refused on its stat first and, in case it was
swapped in after that, on the opened descriptor, which is opened without blocking.
"""

from __future__ import annotations

import errno
import os
import stat

MAX_FILE_BYTES = 5 * 1024 * 1024
# In the data folder while a write of several files puts them in place (safewrite.write_all):
# a command that finds it finishes that write before reading the data.
JOURNAL_NAME = ".fostlog-journal"
# Values (scalars, lists, mappings) in one file unless its kind says otherwise (kinds.py):
# reading costs about 2 microseconds a value, so this bounds the work a file can cause.
MAX_VALUES = 100_000
# The action register grows with every meeting: 310,000 values at 10,000 meetings (bench/).
MAX_REGISTER_VALUES = 1_000_000


def within(real: str, folder: str) -> bool:
    """Whether the resolved path `real` is the resolved folder `folder` or inside it."""
    return real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)


_SPECIAL = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
            (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
            (stat.S_ISSOCK, "a socket"))


def what_it_is(mode: int) -> str:
    """What a file that is not a regular file is, in words: 'a named pipe (FIFO)'."""
    return next((name for test, name in _SPECIAL if test(mode)), "not a regular file")


def regular_status(path: str, inside: str | None) -> tuple[os.stat_result | None, str]:
    """The stat of `path` when it is a regular file that may be read, else (None, why not).

    A link is followed only while it stays inside the folder `inside` (resolved): a link
    to a system file would otherwise have its lines printed as unknown keys in a CI log.
    Anything but a regular file (a FIFO, a device, /dev/stdin) is never opened: opening
    or reading one can block for ever or have side effects."""
    try:
        status = os.lstat(path)
        if stat.S_ISLNK(status.st_mode):
            if inside is not None and not within(os.path.realpath(path), inside):
                return None, ("This is a link to something outside the data folder; "
                              "fostlog does not follow it, so nothing in it is read.")
            status = os.stat(path)
    except OSError as error:
        return None, f"This file cannot be read: {error.strerror or error}."
    if stat.S_ISREG(status.st_mode):
        return status, ""
    return None, f"This is {what_it_is(status.st_mode)}, not a file; fostlog never opens it."


def read_regular(path: str, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """At most `max_bytes` + 1 bytes of the regular file `path`; OSError for anything else.

    Opened without blocking, and checked as opened (on the descriptor), so that a FIFO or
    device swapped in after a stat neither hangs the read nor is read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return handle.read(max_bytes + 1)
