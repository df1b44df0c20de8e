"""Every example fostlog documents is run as written (issue 22): each `fostlog ...` line of
a code block in README.md and docs/*.md, and each line under "Examples:" in every
command's --help, on a copy of the bundled data laid out as a clone is (data/, minutes/,
schema/, reference/), after the README's set-up (fostlog on the PATH). Each must exit 0,
or the status its comment documents ("# exit 2 ..." on a page, "(exit 2 ...)" in --help).

The examples of one page run in order on one copy, as a reader would type them (an
import, then lint); each --help example, an illustration on its own, on a fresh copy."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# What a clone holds that the examples read.
CLONE = ["data", "minutes", "schema", "reference"]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.DOTALL | re.MULTILINE)
ENV_WORD = re.compile(r"[A-Z_][A-Z0-9_]*=\S*")


@dataclass(frozen=True)
class Example:
    where: str  # README.md:12, or `fostlog actions --help`
    command: str  # as written, without its comment
    exit_code: int  # 0, or what the comment says ("# exit 2 on the bundled data")


def _example(line: str, where: str, remark: str = "#") -> Example | None:
    """An example line -> the command and the exit status it documents, if it runs fostlog
    (after any VAR=value words). Its comment starts at `remark`: a shell comment on a
    page, a parenthesis after two spaces in --help ("fostlog actions show 47  (or ...)")."""
    if remark != "#" and remark in line:
        line = line.replace(remark, "  # (", 1)
    try:
        words = shlex.split(line, comments=True)
    except ValueError:
        return None
    while words and ENV_WORD.fullmatch(words[0]):
        words = words[1:]
    if not words or words[0] != "fostlog":
        return None
    command, _, comment = _split_comment(line)
    found = re.search(r"\bexit (\d)\b", comment)
    return Example(where, command.strip(), int(found.group(1)) if found else 0)


def _split_comment(line: str) -> tuple[str, str, str]:
    """The line before its shell comment (a # after white space, outside quotes)."""
    quote = ""
    for i, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i], "#", line[i + 1:]
    return line, "", ""


def page_examples(page: Path) -> list[Example]:
    text = page.read_text(encoding="utf-8")
    found = []
    for block in FENCE.finditer(text):
        language, body = block.group(1), block.group(2)
        if language not in {"sh", "console", "bash", "shell"}:
            continue
        first = text.count("\n", 0, block.start(2)) + 1
        for offset, line in enumerate(body.splitlines()):
            if language == "console":
                if not line.startswith("$ "):
                    continue
                line = line[2:]
            example = _example(line, f"{page.relative_to(ROOT)}:{first + offset}")
            if example is not None:
                found.append(example)
    return found


def help_examples() -> list[Example]:
    """The lines under "Examples:" in every command's --help, as the docs' command
    reference shows them (docs/hooks/commands.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("commands_hook",
                                                  ROOT / "docs" / "hooks" / "commands.py")
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    found = []
    for path in hook.command_paths():
        text = hook.help_text(path)
        _, _, rest = text.partition("Examples:")
        for line in rest.splitlines():
            if line and not line.startswith(" "):
                break  # the next section (Arguments:, Options:)
            example = _example(line.strip(), f"fostlog {' '.join(path)} --help".replace(
                "  ", " "), remark="  (")
            if example is not None:
                found.append(example)
    return found


def clone(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    for name in CLONE:
        shutil.copytree(ROOT / name, project / name, symlinks=True)
    return project


def run_all(examples: list[Example], project: Path | None, tmp_path: Path) -> list[str]:
    """Run each example once, in order, in `project` with fostlog on the PATH (or, with no
    project, each in a fresh clone of its own); what went other than documented."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("FOSTLOG_") or key == "FOSTLOG_CACHE_DIR"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.pop("COLUMNS", None)
    failures, seen = [], set()
    for example in examples:
        if example.command in seen:
            continue
        seen.add(example.command)
        cwd = project or clone(tmp_path / str(len(seen)))
        result = subprocess.run(["bash", "-c", example.command], cwd=cwd, env=env,
                                stdin=subprocess.DEVNULL, capture_output=True, timeout=300)
        if result.returncode != example.exit_code:
            said = result.stderr.decode(errors="replace").strip().splitlines()[-3:]
            failures.append(f"{example.where}: `{example.command}` exited "
                            f"{result.returncode}, not {example.exit_code}: {' / '.join(said)}")
        elif b"internal error" in result.stderr or b"Traceback" in result.stderr:
            failures.append(f"{example.where}: `{example.command}`: {result.stderr[-300:]!r}")
    return failures


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_example_of_a_page_runs_as_documented(page: Path, tmp_path: Path) -> None:
    examples = page_examples(page)
    failures = run_all(examples, clone(tmp_path), tmp_path)
    assert not failures, "\n".join(failures)


def test_every_help_example_runs_as_documented(tmp_path: Path) -> None:
    examples = help_examples()
    assert len(examples) > 50  # every command has some
    failures = run_all(examples, None, tmp_path)
    assert not failures, "\n".join(failures)


def test_the_readme_and_the_docs_have_examples_of_the_main_commands() -> None:
    commands = {shlex.split(e.command)[1] for page in PAGES for e in page_examples(page)}
    assert {"lint", "actions", "attendance", "benchmark", "import", "render",
            "site"} <= commands


def test_an_example_states_its_exit_status_in_its_comment() -> None:
    line = 'fostlog benchmark 2021-22 --compare 2020-21   # exit 2: one year "held"'
    assert _example(line, "x") == Example("x", "fostlog benchmark 2021-22 --compare 2020-21",
                                          2)
    assert _example('COLUMNS=100 fostlog actions --open | less', "x") == Example(
        "x", "COLUMNS=100 fostlog actions --open | less", 0)
    assert _example("make demo   # fostlog", "x") is None
    assert _example("fostlog capacity 2019-20 --compare 2018-19  (exit 2: no 2019-20 yet)", "x",
                    remark="  (") == Example("x", "fostlog capacity 2019-20 --compare 2018-19", 2)
    assert _example("fostlog actions show 47    (or simply: fostlog actions 47)", "x",
                    remark="  (") == Example("x", "fostlog actions show 47", 0)
    assert _example('fostlog import minutes "a # b.txt"', "x") == Example(
        "x", 'fostlog import minutes "a # b.txt"', 0)
