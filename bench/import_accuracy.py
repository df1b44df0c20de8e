"""How well `fostlog import minutes` reproduces the hand transcription of the four seed
minutes, field by field, in both formats: writes bench/IMPORT.md.

    python bench/import_accuracy.py            # writes bench/IMPORT.md
    python bench/import_accuracy.py --check    # exit 1 if bench/IMPORT.md is out of date

The measurement itself lives in fostlog.importers.minutes.measure (the tests use it too).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from fostlog.importers.minutes.measure import measure_report

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "IMPORT.md"


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="fostlog-import-bench-") as work:
        report = measure_report(ROOT / "data", ROOT / "minutes", Path(work))
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != report:
            sys.stderr.write(f"{OUT.relative_to(ROOT)} is out of date: run "
                             "python bench/import_accuracy.py\n")
            return 1
        return 0
    OUT.write_text(report, encoding="utf-8")
    sys.stderr.write(f"wrote {OUT.relative_to(ROOT)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
