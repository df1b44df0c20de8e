"""fostlog site: the group's static site, built from the data into a folder."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from fostlog.cli import common
from fostlog.cli.common import fail, load_to_answer, today, unsafe_out


def every_kind() -> tuple[str, ...]:
    """The site shows everything, so an error in any file stops it."""
    from fostlog.core.kinds import KINDS

    return tuple(kind.name for kind in KINDS)


def site(
    out_dir: Annotated[
        Path,
        typer.Argument(metavar="OUT_DIR", help="The folder to build the site in: new, empty, "
                       "or one fostlog built before.", show_default=False),
    ],
    as_of: common.AsOfOption = None,
    data: common.DataOption = None,
) -> None:
    """Build the group's site: static HTML pages with charts, from the data.

    A home page (the next meeting, open actions by owner and age, the LAs with nobody at
    the last two meetings), the action log and a page per action, a page per meeting
    (meetings known only from a log included), attendance as a heat-map, each
    benchmarking year's funnels and ranked ratios, and capacity where it is held.

    The pages need nothing else: no script, nothing fetched (a Content-Security-Policy in
    each says so), relative links. Open OUT_DIR/index.html from disk, or publish the
    folder on any static host. Only pages whose content changed are rewritten; a page
    fostlog made before and no longer makes is removed. fostlog refuses a folder holding
    files it did not write.

    Examples:

    \b
        fostlog site site
        fostlog site public --as-of 2025-09-17
        python -m http.server -d site 8000     (then open http://localhost:8000)
    """
    from fostlog.files.safewrite import UnsafeTarget
    from fostlog.site.build import SiteError, build_site

    started = time.perf_counter()
    repo = load_to_answer(data, every_kind())
    try:
        report = build_site(repo, out_dir, as_of or today())
    except SiteError as error:
        raise fail(str(error)) from None
    except UnsafeTarget as unsafe:
        raise unsafe_out(Path(unsafe.filename), unsafe,
                         hint="Remove it, or give another folder for the site.") from None
    except OSError as error:
        raise fail(f"{out_dir} could not be written ({error.strerror or error}).",
                   "Check that you may write to the folder.") from None
    seconds = time.perf_counter() - started
    removed = f", {len(report.removed)} removed" if report.removed else ""
    sys.stderr.write(f"Built {report.pages} pages in {out_dir} ({len(report.written)} written, "
                     f"{len(report.unchanged)} unchanged{removed}) in {seconds:.1f} s. "
                     f"Open {out_dir / 'index.html'}.\n")
