"""`make bench`: how fast fostlog starts and checks, against floors measured in the same run.

Every figure is the median of several runs of a fresh process, timed from outside (wall
clock), so start-up counts as the user sees it. Comparisons are measured in the same run
on the same machine, so the ratios hold even where the absolute times do not.

Targets (from the issue):
- `fostlog actions --open` on the bundled data: at most 1.5x a minimal Typer app.
- `fostlog lint` on 1,000 and 10,000 meeting files: at most 1.5x only parsing the same
  files with yaml.CSafeLoader in one process; 10k / 1k at most 11x.
- peak memory (max RSS) of lint on 10,000 files: at most 300 MB.
Query times on the 10,000-meeting corpus are printed with the machine's description.

The table is printed and written into bench/RESULTS.md between the results markers;
the text around them (what the numbers mean) is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = HERE / "corpus"
RESULTS = HERE / "RESULTS.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"

sys.path.insert(0, str(HERE))
import generate  # noqa: E402

HELLO = '''\
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    print(f"hello {name}")


if __name__ == "__main__":
    app()
'''

# fostlog turns rich help and pretty tracebacks off; so does this second baseline.
LEAN = "typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)"

# Only parse every file the way lint finds them: the floor lint is compared with.
FLOOR = '''\
import sys
from pathlib import Path
import yaml
root = Path(sys.argv[1])
files = [*root.glob("*.yaml"), *root.glob("meetings/*.yaml"), *root.glob("benchmarks/*.yaml")]
for path in sorted(files):
    with path.open("rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
'''

PEAK = '''\
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
'''


@dataclass
class Row:
    what: str
    seconds: float | None
    against: str = ""
    against_seconds: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.seconds is None or not self.against_seconds:
            return None
        return self.seconds / self.against_seconds


def fostlog() -> list[str]:
    script = Path(sys.executable).with_name("fostlog")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from fostlog.cli import main; main()"]


def run_once(command: list[str], ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in ok:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: "
                           f"{done.stderr.strip()[-500:]}")
    return seconds


def medians(*commands: list[str], runs: int) -> list[float]:
    """The median time of each command, runs interleaved so that a busy moment on the
    machine falls on every command alike rather than on one of them."""
    for command in commands:
        run_once(command)  # the first run fills the OS file cache and .pyc files
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for index, command in enumerate(commands):
            times[index].append(run_once(command))
    return [statistics.median(each) for each in times]


def available(*words: str) -> bool:
    done = subprocess.run([*fostlog(), *words, "--help"], cwd=ROOT, capture_output=True)
    return done.returncode == 0


def peak_kb(command: list[str]) -> int:
    done = subprocess.run([sys.executable, "-c", PEAK, *command], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return int(done.stdout.strip())


def corpus(meetings: int, seed: int = 1) -> Path:
    """The corpus for `meetings`, generated once and reused while its recipe is unchanged."""
    root = CORPUS / f"meetings-{meetings}"
    recipe = {"seed": seed, "meetings": meetings, "actions": meetings, "years": 21,
              "planted": {}}
    manifest = root / ".manifest.json"
    if manifest.exists() and json.loads(manifest.read_text()) == recipe:
        return root
    if root.exists():
        import shutil

        shutil.rmtree(root)
    print(f"generating {root.relative_to(ROOT)} ...", file=sys.stderr)
    generate.generate(root, meetings=meetings, actions=meetings, years=21, seed=seed)
    return root


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{cpu}, {os.cpu_count()} CPUs{memory}; {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}")


def measure(runs: int, big_runs: int, sizes: tuple[int, int]) -> list[Row]:
    rows: list[Row] = []
    small, large = sizes
    with tempfile.TemporaryDirectory() as scratch:
        hello, lean = Path(scratch) / "hello.py", Path(scratch) / "hello_lean.py"
        hello.write_text(HELLO)
        lean.write_text(HELLO.replace("typer.Typer()", LEAN))
        print("start-up ...", file=sys.stderr)
        commands = [[sys.executable, "-c", "pass"], [sys.executable, str(hello)],
                    [sys.executable, str(lean)], [*fostlog(), "--help"]]
        has_actions = available("actions")
        if has_actions:
            commands.append([*fostlog(), "actions", "--open"])
        found = medians(*commands, runs=runs)
        python_pass, typer_hello, typer_lean, help_time = found[:4]
        rows.append(Row("python -c pass", python_pass))
        rows.append(Row("minimal Typer app (hello)", typer_hello, "python -c pass",
                        python_pass))
        rows.append(Row("minimal Typer app, rich off as in fostlog", typer_lean,
                        "python -c pass", python_pass))
        rows.append(Row("fostlog --help", help_time, "minimal Typer app", typer_hello))
        if has_actions:
            row = Row("fostlog actions --open (bundled data)", found[4], "minimal Typer app",
                      typer_hello, "<= 1.5x")
            row.met = row.ratio is not None and row.ratio <= 1.5
            rows.append(row)
            rows.append(Row("fostlog actions --open (bundled data)", found[4],
                            "Typer app, rich off", typer_lean))
        else:
            rows.append(Row("fostlog actions --open (bundled data)", None,
                            note="not available"))

    lint_times: dict[int, float] = {}
    for size in (small, large):
        root = corpus(size)
        print(f"lint on {size} meetings ...", file=sys.stderr)
        number = runs if size <= 1000 else big_runs
        floor, seconds = medians([sys.executable, "-c", FLOOR, str(root)],
                                 [*fostlog(), "lint", str(root)], runs=number)
        lint_times[size] = seconds
        row = Row(f"fostlog lint, {size:,} meetings", seconds,
                  "CSafeLoader parse only (floor)", floor, "<= 1.5x")
        row.met = row.ratio is not None and row.ratio <= 1.5
        rows.append(row)
    growth = lint_times[large] / lint_times[small]
    scale = large / small
    rows.append(Row(f"lint growth {large:,} / {small:,}", None, target=f"<= {scale * 1.1:.0f}x",
                    met=growth <= scale * 1.1, note=f"{growth:.1f}x for {scale:.0f}x the files"))
    root = corpus(large)
    kb = peak_kb([*fostlog(), "lint", str(root)])
    rows.append(Row(f"peak memory of lint, {large:,} meetings", None, target="<= 300 MB",
                    met=kb / 1024 <= 300, note=f"{kb / 1024:.0f} MB max RSS"))

    queries = [
        ("actions --open", ["actions", "--open"]),
        ("benchmark 2020-21 --sort conversion", ["benchmark", "2020-21", "--sort", "conversion"]),
        ("attendance --missing 2", ["attendance", "--missing", "2"]),
    ]
    for label, words in queries:
        what = f"fostlog {label}, {large:,} meetings"
        if not available(words[0]):
            rows.append(Row(what, None, note="not available"))
            continue
        print(f"{label} ...", file=sys.stderr)
        seconds = medians([*fostlog(), *words, "--data", str(root)], runs=big_runs)[0]
        rows.append(Row(what, seconds, "lint on the same corpus", lint_times[large]))
    return rows


def table(rows: list[Row]) -> str:
    lines = ["| measurement | median | compared with | its median | ratio | target | met |",
             "|---|---:|---|---:|---:|---|---|"]

    def secs(value: float | None) -> str:
        return f"{value:.3f} s" if value is not None else ""

    for row in rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
        met = {True: "yes", False: "**no**", None: ""}[row.met]
        first = secs(row.seconds) or row.note
        lines.append(f"| {row.what} | {first} | {row.against} | {secs(row.against_seconds)} "
                     f"| {ratio} | {row.target} | {met} |")
    return "\n".join(lines) + "\n"


def write_results(text: str) -> None:
    if RESULTS.exists():
        current = RESULTS.read_text(encoding="utf-8")
        if START in current and END in current:
            before, rest = current.split(START, 1)
            after = rest.split(END, 1)[1]
            RESULTS.write_text(before + START + "\n" + text + END + after, encoding="utf-8")
            return
    RESULTS.write_text(f"# Benchmark results\n\n{START}\n{text}{END}\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per start-up figure")
    parser.add_argument("--big-runs", type=int, default=3, help="runs per 10k-corpus figure")
    parser.add_argument("--sizes", type=int, nargs=2, default=(1000, 10000),
                        metavar=("SMALL", "LARGE"))
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    rows = measure(args.runs, args.big_runs, tuple(args.sizes))
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = (f"Measured {when} by `make bench` (median of {args.runs} runs for start-up and "
            f"the {args.sizes[0]:,}-meeting corpus, {args.big_runs} for the "
            f"{args.sizes[1]:,}-meeting one, each after one warm-up run).\n\n"
            f"Machine: {machine()}\n\n" + table(rows))
    missed = [row.what for row in rows if row.met is False]
    text += "\n" + ("Targets not met: " + "; ".join(missed) + ".\n" if missed
                    else "Every target met.\n")
    sys.stdout.write(text)
    if not args.no_write:
        write_results(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
