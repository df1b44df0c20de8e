"""fostlog as the coordinator gets it (issue 22): the wheel, built from this tree and
installed into a fresh virtual environment, runs `fostlog --version` and `fostlog lint`
on the bundled data; `make install` puts `fostlog` on the PATH; what `make demo` tells a
coordinator to type works as written.

No network: the wheel is built with the setuptools already installed
(--no-build-isolation), and the fresh environment finds fostlog's dependencies in this
environment's site-packages through a .pth line (a plain path entry, so this
environment's editable fostlog is not seen: the wheel's is). .ci/run installs the wheel
from the package index the ordinary way too."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(*command: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None,
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True,
                          env=env or dict(os.environ), timeout=600)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the sources (so no build/ or egg-info is left
    in the tree)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("setuptools")
    except PackageNotFoundError:
        pytest.skip("setuptools is not installed")
    if tuple(int(p) for p in found.split(".")[:2]) < (70, 1):
        pytest.skip("setuptools 70.1 or newer builds a wheel without the network")
    source = tmp_path_factory.mktemp("source")
    for name in ["pyproject.toml", "README.md"]:
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "schema", source / "schema")
    shutil.copytree(ROOT / "src", source / "src", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = tmp_path_factory.mktemp("dist")
    result = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                  "--no-index", "--quiet", "--wheel-dir", out, source)
    assert result.returncode == 0, result.stderr
    (built,) = out.glob("fostlog-*.whl")
    return built


def test_the_wheel_holds_the_schemas_and_the_list_of_las(wheel: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "fostlog/reference/las.csv" in names
    assert sum(1 for n in names if re.fullmatch(r"fostlog/schemas/.+\.json", n)) >= 7
    assert any(n.endswith("entry_points.txt") for n in names)


def test_the_wheel_installs_and_runs_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    assert _run(sys.executable, "-m", "venv", "--without-pip", venv).returncode == 0
    python = venv / "bin" / "python"
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"
                     ).stdout.strip())
    # The dependencies, from here: a path line, which (unlike addsitedir) runs no .pth
    # file of this environment's, so its editable install of fostlog stays out.
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n",
                                           encoding="utf-8")
    installed = _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps",
                     "--no-index", "--quiet", wheel)
    assert installed.returncode == 0, installed.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOSTLOG_DATA", "PYTHON"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}/usr/bin:/bin"
    where = _run(venv / "bin" / "python", "-c", "import fostlog; print(fostlog.__file__)",
                 env=env)
    assert where.stdout.startswith(str(site)), where  # the wheel's fostlog, not the tree's
    version = _run(venv / "bin" / "fostlog", "--version", env=env)
    assert version.returncode == 0 and re.fullmatch(r"fostlog \d+\.\d+\.\d+\n", version.stdout)
    lint = _run(venv / "bin" / "fostlog", "lint", "data", env=env)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "reference-missing" not in lint.stdout + lint.stderr  # DfE's list came with it
    schema = _run(venv / "bin" / "fostlog", "schema", "--check", env=env)
    assert schema.returncode == 0, schema.stdout + schema.stderr


def _make(*args: str, home: Path, path: str) -> subprocess.CompletedProcess[str]:
    # -o venv: the .venv these tests run in is taken as made (never reinstalled here).
    env = {**os.environ, "HOME": str(home), "PATH": path}
    return _run("make", "--no-print-directory", "-o", "venv", *args, env=env)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_install_puts_fostlog_on_the_path(tmp_path: Path) -> None:
    if (BIN / "fostlog").resolve().parent != (ROOT / ".venv" / "bin").resolve():
        pytest.skip("the tests do not run in this checkout's .venv")
    user_bin = tmp_path / ".local" / "bin"
    # Without pipx, and ~/.local/bin not on the PATH yet: it says the line to add.
    result = _make("install", home=tmp_path, path="/usr/bin:/bin")
    assert result.returncode == 0, result.stderr
    assert f"{user_bin} is not on your PATH: add the line  export PATH=\"{user_bin}:$PATH\"" \
        in result.stdout
    # Once it is on the PATH, `fostlog ...` works as every example types it.
    shell = _run("bash", "-c", "fostlog --version && fostlog actions 47 >/dev/null",
                 env={**os.environ, "PATH": f"{user_bin}:/usr/bin:/bin", "HOME": str(tmp_path)})
    assert shell.returncode == 0 and shell.stdout.startswith("fostlog "), shell.stderr
    again = _make("install", home=tmp_path, path=f"{user_bin}:/usr/bin:/bin")
    assert "Type 'fostlog --version' in a new terminal to check." in again.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_what_the_demo_says_to_type_works(tmp_path: Path) -> None:
    if not (ROOT / ".venv" / "bin" / "activate").is_file():
        pytest.skip("no .venv in this checkout")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    said = re.search(r"To type 'fostlog \.\.\.' as the README does: '([^']+)' \(in this "
                     r"shell\), or 'make install'", makefile)
    assert said is not None  # the demo's last line, when fostlog is not on the PATH
    activate = said.group(1)
    assert activate == ". .venv/bin/activate"
    # The hints fostlog itself prints ("'fostlog actions NUMBER' shows one action whole")
    # then work as written.
    shell = _run("bash", "-c", f"{activate} && fostlog --version && fostlog actions 47",
                 env={**os.environ, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert shell.returncode == 0, shell.stderr
    assert "Action 47" in shell.stdout
