"""`make bench`: how fast fostlog starts, answers, edits and checks, against baselines
measured in the same run.

Every time is the wall clock of a fresh process, so start-up counts as the user sees it.
Each ratio is taken pair by pair: the command and its baseline run alternately (A, B, A,
B, ...) after one warm-up run of each, and the ratio is the median of the per-pair
ratios, so a noisy machine's drift falls on both sides alike; the median of each side is
shown too. Commands run with .pyc files written (PYTHONDONTWRITEBYTECODE is dropped, as
an installed fostlog has them), with cache folders of the bench's own, never the user's,
and on a copy of fostlog's source taken when the bench starts (freeze_source).

Targets (issue 21):
- Bundled data: `fostlog actions --open` with a warm cache at most 1.2x a minimal Typer
  app (the bar is 1.3x); with a cold cache (the folder emptied before each run) at most
  1.5x.
- 1,000 meetings: each query (`actions --open`, `benchmark 2020-21 --sort conversion`,
  `attendance --missing 2`) with a warm cache at most 2.5x the minimal Typer app; after
  one meeting file is edited at most 0.6x `fostlog --no-cache lint` on the same corpus;
  `actions update` (each run on the next action, on a copy of the corpus) at most 0.7x.
- 10,000 meetings: `fostlog --no-cache lint` at most 11x its time at 1,000 and at most
  300 MB; every query finishes (its warm time is reported, without a target).
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

PEAK = '''\
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
'''

QUERIES = [["actions", "--open"], ["benchmark", "2020-21", "--sort", "conversion"],
           ["attendance", "--missing", "2"]]

# The environment of every measured command: .pyc files written and used, as an installed
# fostlog has them, and the bench's own cache folders (given to each command).
ENV = {key: value for key, value in os.environ.items()
       if key not in ("PYTHONDONTWRITEBYTECODE", "FOSTLOG_NO_CACHE", "FOSTLOG_CACHE_DIR")}


@dataclass
class Row:
    what: str
    seconds: float | None = None
    against: str = ""
    against_seconds: float | None = None
    ratio: float | None = None  # the median of the per-pair ratios
    target: str = ""
    met: bool | None = None
    note: str = ""


@dataclass
class Cmd:
    """A command to time: its words (or a function giving them, for one that must differ
    from run to run), its cache folder, and what to do before each run (untimed)."""

    argv: list[str] | Callable[[], list[str]]
    cache: Path | None = None
    before: Callable[[], None] | None = None
    env: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.env = {**ENV, "FOSTLOG_CACHE_DIR": str(self.cache)} if self.cache else ENV

    def words(self) -> list[str]:
        return self.argv() if callable(self.argv) else self.argv


def fostlog(*words: str) -> list[str]:
    script = Path(sys.executable).with_name("fostlog")
    if script.exists():
        return [str(script), *words]
    return [sys.executable, "-c", "from fostlog.cli import main; main()", *words]


def run_once(command: Cmd) -> float:
    if command.before is not None:
        command.before()
    words = command.words()
    start = time.perf_counter()
    done = subprocess.run(words, cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, env=command.env)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(words)} exited {done.returncode}: "
                           f"{done.stderr.strip()[-500:]}")
    return seconds


def alternate(commands: list[Cmd], runs: int) -> list[list[float]]:
    """Each command's times, the commands run in turn (A, B, A, B, ...) after one warm-up
    run of each (it fills the OS file cache, the .pyc files and a warm cache)."""
    for command in commands:
        run_once(command)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for each, command in zip(times, commands, strict=True):
            each.append(run_once(command))
    return times


def compare(what: str, command: Cmd, against: str, baseline: Cmd, runs: int,
            limit: float | None = None, bar: float | None = None) -> Row:
    """The command against its baseline, pair by pair: the median of each side and the
    median of the per-pair ratios, checked against `limit` when there is one."""
    print(f"{what} / {against} ...", file=sys.stderr)
    mine, theirs = alternate([command, baseline], runs)
    ratio = statistics.median(a / b for a, b in zip(mine, theirs, strict=True))
    row = Row(what, statistics.median(mine), against, statistics.median(theirs), ratio)
    if limit is not None:
        row.target = f"<= {limit:g}x" + (f" (bar {bar:g}x)" if bar else "")
        row.met = ratio <= limit
        if bar is not None and limit < ratio <= bar:
            row.note = "under the bar"
    return row


def peak_mb(command: Cmd) -> float:
    """The largest resident set of the command or any process it started."""
    done = subprocess.run([sys.executable, "-c", PEAK, *command.words()], cwd=ROOT,
                          capture_output=True, text=True, check=True, env=command.env)
    return int(done.stdout.strip()) / 1024


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


def measure(scratch: Path, runs: int, big_runs: int, small: int, large: int) -> list[Row]:
    (scratch / "hello.py").write_text(HELLO)
    (scratch / "lean.py").write_text(HELLO.replace("typer.Typer()", LEAN))
    bare = Cmd([sys.executable, "-c", "pass"])
    hello = Cmd([sys.executable, str(scratch / "hello.py")])
    lean = Cmd([sys.executable, str(scratch / "lean.py")])
    query = fostlog("actions", "--open")
    warm = Cmd(query, scratch / "cache-warm")
    cold = Cmd(query, scratch / "cache-cold",
               before=lambda: shutil.rmtree(scratch / "cache-cold", ignore_errors=True))
    bundled = "fostlog actions --open (bundled data)"
    rows = [
        compare("minimal Typer app (hello)", hello, "python -c pass", bare, runs),
        compare("minimal Typer app, rich off as in fostlog", lean, "python -c pass", bare,
                runs),
        compare("fostlog --help", Cmd(fostlog("--help")), "minimal Typer app", hello, runs),
        compare(f"{bundled}, warm cache", warm, "minimal Typer app", hello, runs, 1.2, 1.3),
        compare(f"{bundled}, warm cache", warm, "Typer app, rich off", lean, runs),
        compare(f"{bundled}, cold cache", cold, "minimal Typer app", hello, runs, 1.5),
    ]

    root = corpus(small)
    lint = Cmd(fostlog("--no-cache", "lint", str(root)))
    lint_name = f"fostlog --no-cache lint, {small:,} meetings"
    edits = Edits(root)
    try:
        for words in QUERIES:
            what = f"fostlog {' '.join(words)}, {small:,} meetings"
            argv = fostlog(*words, "--data", str(root))
            rows.append(compare(f"{what}, warm cache", Cmd(argv, scratch / "cache-small"),
                                "minimal Typer app", hello, runs, 2.5))
            rows.append(compare(f"{what}, one meeting file edited",
                                Cmd(argv, scratch / "cache-small", before=edits),
                                lint_name, lint, runs, 0.6))
    finally:
        edits.restore()

    # `actions update` on a copy of the corpus, each run on the next action (dated after
    # every observation, so each is accepted and written).
    copy = scratch / "update"
    shutil.copytree(root, copy)
    numbers = iter(range(1, small + 1))

    def update() -> list[str]:
        return fostlog("actions", "update", str(next(numbers)), "--status", "in_progress",
                       "--date", "2100-01-01", "--note", "bench", "--data", str(copy))

    rows.append(compare(f"fostlog actions update, {small:,} meetings",
                        Cmd(update, scratch / "cache-update"), lint_name, lint, runs, 0.7))

    big = corpus(large)
    big_lint = Cmd(fostlog("--no-cache", "lint", str(big)))
    rows.append(compare(f"fostlog --no-cache lint, {large:,} meetings", big_lint, lint_name,
                        lint, big_runs, round(1.1 * large / small, 1)))
    mb = peak_mb(big_lint)
    rows.append(Row(f"peak memory of fostlog --no-cache lint, {large:,} meetings",
                    target="<= 300 MB", met=mb <= 300, note=f"{mb:.0f} MB max RSS"))
    for words in QUERIES:
        what = f"fostlog {' '.join(words)}, {large:,} meetings, warm cache"
        print(f"{what} ...", file=sys.stderr)
        command = Cmd(fostlog(*words, "--data", str(big)), scratch / "cache-large")
        rows.append(Row(what, statistics.median(alternate([command], big_runs)[0])))
    return rows


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
    ("fostlog.files.load", "cumulative", 10.0, "the loader and the cache"),
]


def import_times(env: dict[str, str]) -> tuple[dict[str, tuple[int, int]], int]:
    """name -> (self, cumulative) microseconds, from `python -X importtime` of a warm
    query, and the total of every import."""
    code = "import sys; from fostlog.cli import main; sys.argv[0] = 'fostlog'; main()"
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code, "actions",
                           "--open"], cwd=ROOT, capture_output=True, text=True, env=env,
                          check=True)
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
    command = Cmd(fostlog("actions", "--open"), scratch / "cache-imports")
    run_once(command)  # fills the cache and the .pyc files
    samples = [import_times(command.env) for _ in range(max(runs, 3))]
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


def table(rows: list[Row]) -> str:
    lines = ["| measurement | median | compared with | its median | ratio | target | met |",
             "|---|---:|---|---:|---:|---|---|"]

    def secs(value: float | None) -> str:
        return f"{value:.3f} s" if value is not None else ""

    for row in rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
        met = {True: "yes", False: "**no**", None: ""}[row.met]
        if row.seconds is None:
            first = row.note
        else:
            first, met = secs(row.seconds), " ".join(filter(None, [met, row.note]))
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
    parser.add_argument("--runs", type=int, default=7,
                        help="pairs per ratio on the bundled data and the small corpus")
    parser.add_argument("--big-runs", type=int, default=3, help="runs on the large corpus")
    parser.add_argument("--sizes", type=int, nargs=2, default=(1000, 10000),
                        metavar=("SMALL", "LARGE"))
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    small, large = args.sizes
    with tempfile.TemporaryDirectory(prefix="fostlog-bench-") as folder:
        scratch = Path(folder)
        freeze_source(scratch)
        rows = measure(scratch, args.runs, args.big_runs, small, large)
        budget, over = budget_table(scratch, args.runs)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = (f"Measured {when} by `make bench`. Each ratio is the median of per-pair ratios, "
            f"the command and what it is compared with run alternately after one warm-up "
            f"run of each: {args.runs} pairs on the bundled data and {small:,} meetings, "
            f"{args.big_runs} for lint on {large:,} against {small:,} meetings. The medians "
            f"of each side are shown beside it.\n\n"
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
