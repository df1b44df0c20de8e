"""`make bench`: how fast fostlog starts, checks, answers and edits, against floors measured
in the same run.

Every figure is the median of several runs of a fresh process, timed from outside (wall
clock), so start-up counts as the user sees it. Comparisons are measured in the same run
on the same machine, so the ratios hold even where the absolute times do not. Commands
run with .pyc files written (PYTHONDONTWRITEBYTECODE is dropped, as an installed fostlog
has them), with a cache folder of the bench's own, never the user's, and on a copy of
fostlog's source taken when the bench starts (freeze_source).

Targets (issues 8 and 16):
- `fostlog actions --open` on the bundled data with a warm cache: at most 1.2x a minimal
  Typer app (the bar is 1.3x); with a cold cache at most 1.5x.
- Each query on 10,000 meetings with a warm cache: at most 0.1x `fostlog lint` without
  the cache on the same corpus; after one meeting file is edited: at most 0.2x.
- `fostlog actions update` on 10,000 meetings: at most 0.3x lint, and no more memory.
- `fostlog lint` (no cache) on 1,000 and 10,000 meeting files: at most 1.3x only parsing
  the same files with yaml.CSafeLoader in one process (lint in two processes,
  FOSTLOG_JOBS=2, is reported too, against the floor in two processes); 10k / 1k at most
  11x; peak memory at 10k at most 300 MB.
- The import budget of a warm query (`python -X importtime`): no PyYAML, no rich when
  piped, no checks, the models' schemas not built.

The tables are printed and written into bench/RESULTS.md between the results markers;
the text around them (what the numbers mean) is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
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

# The same, the files shared between two processes: the floor for a lint on two cores.
FLOOR2 = '''\
import sys
from multiprocessing import get_context
from pathlib import Path
import yaml

def parse(paths):
    for path in paths:
        with open(path, "rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)

root = Path(sys.argv[1])
files = [*root.glob("*.yaml"), *root.glob("meetings/*.yaml"), *root.glob("benchmarks/*.yaml")]
files = sorted(files)
with get_context("fork").Pool(2) as pool:
    pool.map(parse, [files[0::2], files[1::2]])
'''

PEAK = '''\
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
'''

# The environment of every measured command: .pyc files written and used, as an installed
# fostlog has them, and the bench's own cache folders (set in measure()).
ENV = {key: value for key, value in os.environ.items()
       if key not in ("PYTHONDONTWRITEBYTECODE", "FOSTLOG_NO_CACHE", "FOSTLOG_JOBS",
                      "FOSTLOG_CACHE_DIR")}


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


def target_row(what: str, seconds: float, against: str, against_seconds: float,
               limit: float, bar: float | None = None) -> Row:
    """A row with a target ratio (and, when the issue gives one, a bar to stay under)."""
    row = Row(what, seconds, against, against_seconds,
              f"<= {limit}x" + (f" (bar {bar}x)" if bar else ""))
    ratio = row.ratio
    row.met = ratio is not None and ratio <= limit
    if bar is not None and not row.met and ratio is not None and ratio <= bar:
        row.note = "under the bar"
    return row


@dataclass
class Cmd:
    """A command to time: its words (or a function giving them, for one that must differ
    from run to run), the environment it adds, and what to do before each run (untimed)."""

    argv: list[str] | Callable[[], list[str]]
    env: dict[str, str] = field(default_factory=dict)
    before: Callable[[], None] | None = None
    ok: tuple[int, ...] = (0,)

    def words(self) -> list[str]:
        return self.argv() if callable(self.argv) else self.argv


def fostlog() -> list[str]:
    script = Path(sys.executable).with_name("fostlog")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from fostlog.cli import main; main()"]


def run_once(command: Cmd | list[str]) -> float:
    command = command if isinstance(command, Cmd) else Cmd(command)
    if command.before is not None:
        command.before()
    words = command.words()
    start = time.perf_counter()
    done = subprocess.run(words, cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, env={**ENV, **command.env})
    seconds = time.perf_counter() - start
    if done.returncode not in command.ok:
        raise RuntimeError(f"{' '.join(words)} exited {done.returncode}: "
                           f"{done.stderr.strip()[-500:]}")
    return seconds


def medians(*commands: Cmd | list[str], runs: int) -> list[float]:
    """The median time of each command, runs interleaved so that a busy moment on the
    machine falls on every command alike rather than on one of them."""
    for command in commands:
        run_once(command)  # the first run fills the OS file cache, .pyc files and caches
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for index, command in enumerate(commands):
            times[index].append(run_once(command))
    return [statistics.median(each) for each in times]


def available(*words: str) -> bool:
    done = subprocess.run([*fostlog(), *words, "--help"], cwd=ROOT, capture_output=True,
                          env=ENV)
    return done.returncode == 0


def peak_kb(command: Cmd) -> int:
    """The largest resident set of the command or any process it started (a worker)."""
    if command.before is not None:
        command.before()
    done = subprocess.run([sys.executable, "-c", PEAK, *command.words()], cwd=ROOT,
                          capture_output=True, text=True, check=True,
                          env={**ENV, **command.env})
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


def clear(folder: Path) -> Callable[[], None]:
    return lambda: shutil.rmtree(folder, ignore_errors=True)


class Edits:
    """Each call leaves one meeting file with text it has never had (a numbered comment at
    its end), so the next run must read it again and re-run the checks; restore() puts
    the file back as it was."""

    def __init__(self, root: Path):
        self.path = sorted((root / "meetings").glob("*.yaml"))[0]
        self.original = self.path.read_bytes()
        self.count = 0

    def __call__(self) -> None:
        self.count += 1
        self.path.write_bytes(self.original + f"# bench edit {self.count}\n".encode())

    def restore(self) -> None:
        self.path.write_bytes(self.original)


def startup_rows(scratch: Path, runs: int) -> list[Row]:
    rows: list[Row] = []
    hello, lean = scratch / "hello.py", scratch / "hello_lean.py"
    hello.write_text(HELLO)
    lean.write_text(HELLO.replace("typer.Typer()", LEAN))
    print("start-up ...", file=sys.stderr)
    cache = {"FOSTLOG_CACHE_DIR": str(scratch / "cache-startup")}
    query = [*fostlog(), "actions", "--open"]
    commands = [Cmd([sys.executable, "-c", "pass"]), Cmd([sys.executable, str(hello)]),
                Cmd([sys.executable, str(lean)]), Cmd([*fostlog(), "--help"]),
                Cmd(query, cache, before=clear(scratch / "cache-startup")),  # cold
                Cmd(query, cache),  # warm: the cold run before it filled the cache
                Cmd([*fostlog(), "--no-cache", "actions", "--open"])]
    python_pass, typer_hello, typer_lean, help_time, cold, warm, off = medians(
        *commands, runs=runs)
    rows.append(Row("python -c pass", python_pass))
    rows.append(Row("minimal Typer app (hello)", typer_hello, "python -c pass", python_pass))
    rows.append(Row("minimal Typer app, rich off as in fostlog", typer_lean,
                    "python -c pass", python_pass))
    rows.append(Row("fostlog --help", help_time, "minimal Typer app", typer_hello))
    rows.append(target_row("fostlog actions --open (bundled data), warm cache", warm,
                           "minimal Typer app", typer_hello, 1.2, bar=1.3))
    rows.append(Row("fostlog actions --open (bundled data), warm cache", warm,
                    "Typer app, rich off", typer_lean))
    rows.append(target_row("fostlog actions --open (bundled data), cold cache", cold,
                           "minimal Typer app", typer_hello, 1.5))
    rows.append(Row("fostlog --no-cache actions --open (bundled data)", off,
                    "minimal Typer app", typer_hello))
    return rows


def lint_rows(scratch: Path, runs: int, big_runs: int, sizes: tuple[int, int]
              ) -> tuple[list[Row], dict[int, float]]:
    rows: list[Row] = []
    small, large = sizes
    lint_times: dict[int, float] = {}
    for size in (small, large):
        root = corpus(size)
        print(f"lint on {size} meetings ...", file=sys.stderr)
        number = runs if size <= 1000 else big_runs
        cache = {"FOSTLOG_CACHE_DIR": str(scratch / f"cache-lint-{size}")}
        floor, floor2, seconds, two, warm = medians(
            Cmd([sys.executable, "-c", FLOOR, str(root)]),
            Cmd([sys.executable, "-c", FLOOR2, str(root)]),
            Cmd([*fostlog(), "--no-cache", "lint", str(root)]),
            Cmd([*fostlog(), "--no-cache", "lint", str(root)], {"FOSTLOG_JOBS": "2"}),
            Cmd([*fostlog(), "lint", str(root)], cache),
            runs=number)
        lint_times[size] = seconds
        rows.append(target_row(f"fostlog lint, {size:,} meetings, no cache", seconds,
                               "CSafeLoader parse only (floor)", floor, 1.3))
        rows.append(Row(f"fostlog lint, {size:,} meetings, no cache, FOSTLOG_JOBS=2", two,
                        "CSafeLoader parse only (floor)", floor))
        rows.append(Row(f"fostlog lint, {size:,} meetings, no cache, FOSTLOG_JOBS=2", two,
                        "the floor in two processes", floor2))
        rows.append(Row(f"fostlog lint, {size:,} meetings, warm cache", warm,
                        "CSafeLoader parse only (floor)", floor))
    growth = lint_times[large] / lint_times[small]
    scale = large / small
    rows.append(Row(f"lint growth {large:,} / {small:,}", None, target=f"<= {scale * 1.1:.0f}x",
                    met=growth <= scale * 1.1, note=f"{growth:.1f}x for {scale:.0f}x the files"))
    return rows, lint_times


def query_rows(scratch: Path, big_runs: int, large: int, lint_seconds: float) -> list[Row]:
    rows: list[Row] = []
    root = corpus(large)
    cache = {"FOSTLOG_CACHE_DIR": str(scratch / "cache-queries")}
    queries = [
        ("actions --open", ["actions", "--open"]),
        ("benchmark 2020-21 --sort conversion", ["benchmark", "2020-21", "--sort", "conversion"]),
        ("attendance --missing 2", ["attendance", "--missing", "2"]),
    ]
    edits = Edits(root)
    try:
        for label, words in queries:
            what = f"fostlog {label}, {large:,} meetings"
            if not available(words[0]):
                rows.append(Row(what, None, note="not available"))
                continue
            print(f"{label} ...", file=sys.stderr)
            command = [*fostlog(), *words, "--data", str(root)]
            warm, edited = medians(Cmd(command, cache), Cmd(command, cache, before=edits),
                                   runs=big_runs)
            rows.append(target_row(f"{what}, warm cache", warm, "lint, no cache",
                                   lint_seconds, 0.1))
            rows.append(target_row(f"{what}, one meeting file edited", edited,
                                   "lint, no cache", lint_seconds, 0.2))
    finally:
        edits.restore()
    return rows


def update_rows(scratch: Path, big_runs: int, large: int, lint_seconds: float) -> list[Row]:
    """`actions update` on a copy of the large corpus, each run on the next action (dated
    after every observation, so each is accepted and written)."""
    if not available("actions", "update"):
        return [Row("fostlog actions update", None, note="not available")]
    print("actions update ...", file=sys.stderr)
    root = scratch / "update"
    shutil.copytree(corpus(large), root)
    cache = {"FOSTLOG_CACHE_DIR": str(scratch / "cache-update")}
    run_once(Cmd([*fostlog(), "lint", str(root)], cache))
    numbers = iter(range(1, large + 1))

    def update() -> list[str]:
        return [*fostlog(), "actions", "update", str(next(numbers)), "--status",
                "in_progress", "--date", "2100-01-01", "--note", "bench", "--data", str(root)]

    seconds = medians(Cmd(update, cache), runs=big_runs)[0]
    rows = [target_row(f"fostlog actions update, {large:,} meetings and actions, warm cache",
                       seconds, "lint, no cache", lint_seconds, 0.3)]
    update_kb = peak_kb(Cmd(update, cache))
    lint_kb = peak_kb(Cmd([*fostlog(), "--no-cache", "lint", str(root)]))
    rows.append(Row(f"peak memory of actions update, {large:,} meetings", None,
                    target="<= lint's", met=update_kb <= lint_kb,
                    note=f"{update_kb / 1024:.0f} MB max RSS; lint {lint_kb / 1024:.0f} MB"))
    return rows


def memory_rows(large: int) -> list[Row]:
    root = corpus(large)
    kb = peak_kb(Cmd([*fostlog(), "--no-cache", "lint", str(root)]))
    two = peak_kb(Cmd([*fostlog(), "--no-cache", "lint", str(root)], {"FOSTLOG_JOBS": "2"}))
    return [Row(f"peak memory of lint, {large:,} meetings, no cache", None, target="<= 300 MB",
                met=kb / 1024 <= 300,
                note=f"{kb / 1024:.0f} MB max RSS; {two / 1024:.0f} MB with FOSTLOG_JOBS=2 "
                "(its larger process)")]


# --- the import budget of a warm query ---------------------------------------------------------

# (module, how its time is counted, budget in ms, why): "self" is the module's own body,
# "cumulative" with what it imports; a budget of 0 means not imported at all.
BUDGET = [
    ("typer", "cumulative", None, "the framework (the minimal app pays it too)"),
    ("typer._adapters", "cumulative", None, "typer's pydantic adapters, pydantic itself"),
    ("fostlog.cli", "cumulative", None, "the command line (each command's module is "
     "imported only when it runs)"),
    ("fostlog.core.models", "self", 5.0, "the models' classes (their schemas are built at the "
     "first validation, defer_build: a warm question makes none)"),
    ("yaml", "cumulative", 0.0, "PyYAML: only to read a file the cache does not hold"),
    ("fostlog.cli.render", "cumulative", 0.0, "another command's module"),
    ("fostlog.files.explain", "cumulative", 0.0, "validation errors in words"),
    ("fostlog.checks", "cumulative", 0.0, "the checks: their findings are in the cache"),
    ("rich", "cumulative", 0.0, "only to draw on a terminal"),
    ("multiprocessing", "cumulative", 0.0, "only to read many files"),
    ("fostlog.files.load", "cumulative", 10.0, "the loader and the cache"),
]


def import_times(env: dict[str, str]) -> tuple[dict[str, tuple[int, int]], int]:
    """name -> (self, cumulative) microseconds, from `python -X importtime` of a warm
    query, and the total of every import."""
    code = "import sys; from fostlog.cli import main; sys.argv[0] = 'fostlog'; main()"
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code, "actions",
                           "--open"], cwd=ROOT, capture_output=True, text=True,
                          env={**ENV, **env}, check=True)
    found: dict[str, tuple[int, int]] = {}
    total = 0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line[len("import time:"):].split("|")
        found.setdefault(name.strip(), (int(own), int(cumulative)))
        if not name[1:].startswith(" "):  # a module imported at the top, not from another
            total += int(cumulative)
    return found, total


def budget_table(scratch: Path, runs: int) -> tuple[str, list[str]]:
    """The import budget of `fostlog actions --open` with a warm cache, and the modules
    over their budget."""
    env = {"FOSTLOG_CACHE_DIR": str(scratch / "cache-imports")}
    subprocess.run([*fostlog(), "actions", "--open"], cwd=ROOT, env={**ENV, **env},
                   capture_output=True, check=True)  # fills the cache and .pyc files
    samples = [import_times(env) for _ in range(max(runs, 3))]
    lines = ["| module | counted | median | budget | met | what it is |",
             "|---|---|---:|---:|---|---|"]
    over = []
    for name, how, budget, why in BUDGET:
        times = [found.get(name) for found, _ in samples]
        ms = statistics.median(0.0 if t is None else (t[0] if how == "self" else t[1]) / 1000
                               for t in times)
        shown = f"{ms:.1f} ms" if any(t is not None for t in times) else "not imported"
        met = ""
        if budget is not None:
            met = "yes" if ms <= budget and (budget or shown == "not imported") else "**no**"
            if met != "yes":
                over.append(f"import budget of {name}")
        limit = "" if budget is None else ("not imported" if budget == 0 else f"{budget:.0f} ms")
        lines.append(f"| `{name}` | {how} | {shown} | {limit} | {met} | {why} |")
    total = statistics.median(each for _, each in samples) / 1000
    lines.append(f"\nEvery import of the warm query together: {total:.0f} ms (median of "
                 f"{len(samples)} runs of `python -X importtime`).")
    return "\n".join(lines) + "\n", over


def freeze_source(scratch: Path) -> None:
    """Measure a copy of fostlog's source taken now (first on the path of every command
    run): the bench takes minutes, and an edit saved meanwhile would otherwise change
    what is measured halfway and, changing fostlog's fingerprint, empty every cache."""
    copy = scratch / "src"
    shutil.copytree(ROOT / "src" / "fostlog", copy / "fostlog",
                    ignore=shutil.ignore_patterns("__pycache__"))
    ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [str(copy), ENV.get("PYTHONPATH")]))


def measure(runs: int, big_runs: int, sizes: tuple[int, int]
            ) -> tuple[list[Row], tuple[str, list[str]]]:
    with tempfile.TemporaryDirectory(prefix="fostlog-bench-") as folder:
        scratch = Path(folder)
        freeze_source(scratch)
        rows = startup_rows(scratch, runs)
        found, lint_times = lint_rows(scratch, runs, big_runs, sizes)
        rows += found
        rows += memory_rows(sizes[1])
        rows += query_rows(scratch, big_runs, sizes[1], lint_times[sizes[1]])
        rows += update_rows(scratch, big_runs, sizes[1], lint_times[sizes[1]])
        budget = budget_table(scratch, runs)
    return rows, budget


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
    rows, (budget, over) = measure(args.runs, args.big_runs, tuple(args.sizes))
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = (f"Measured {when} by `make bench` (median of {args.runs} runs for start-up and "
            f"the {args.sizes[0]:,}-meeting corpus, {args.big_runs} for the "
            f"{args.sizes[1]:,}-meeting one, each after one warm-up run).\n\n"
            f"Machine: {machine()}\n\n" + table(rows)
            + "\nImport budget of `fostlog actions --open` with a warm cache:\n\n" + budget)
    missed = [row.what for row in rows if row.met is False] + over
    text += "\n" + ("Targets not met: " + "; ".join(missed) + ".\n" if missed
                    else "Every target met.\n")
    sys.stdout.write(text)
    if not args.no_write:
        write_results(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
