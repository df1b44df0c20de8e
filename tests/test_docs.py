"""The documentation site (mkdocs.yml, docs/): it builds with `mkdocs build --strict`, so a
broken link or anchor fails; its command reference is made from every command's --help;
its page on the code names every package and module there is (issue 22)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _mkdocs_or_skip() -> None:
    from importlib.util import find_spec

    if find_spec("mkdocs") is None or find_spec("material") is None:
        assert os.environ.get("FOSTLOG_DOCS_TESTS") != "required", "mkdocs is not installed"
        pytest.skip("mkdocs is not installed: pip install -e '.[docs]'")


def test_the_docs_build_strictly_with_the_command_reference(tmp_path: Path) -> None:
    _mkdocs_or_skip()
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    commands = (site / "commands" / "index.html").read_text(encoding="utf-8")
    for words in ["fostlog lint", "fostlog actions update", "fostlog import minutes",
                  "fostlog export sqlite", "Examples:"]:
        assert words in commands
    assert "<!-- commands:" not in commands  # the marker was replaced


def test_a_broken_link_fails_the_build(tmp_path: Path) -> None:
    _mkdocs_or_skip()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# x\n\nSee [nowhere](nowhere.md).\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nstrict: true\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode != 0 and "nowhere.md" in result.stderr


def test_every_page_is_in_the_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in DOCS.glob("*.md"):
        assert f" {page.name}" in nav, page.name


def test_the_code_page_names_every_package_and_module() -> None:
    page = (DOCS / "code.md").read_text(encoding="utf-8")
    package = ROOT / "src" / "fostlog"
    for folder in sorted(p for p in package.iterdir() if (p / "__init__.py").is_file()):
        assert f"`{folder.name}/`" in page, f"docs/code.md does not mention {folder.name}/"
        for module in folder.glob("*.py"):
            if module.name != "__init__.py" and folder.name not in {"cli"}:
                assert f"`{module.name}`" in page or f"`{module.stem}`" in page, (
                    f"docs/code.md does not mention {folder.name}/{module.name}")


def test_the_readme_is_short_and_points_to_the_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 120  # about two screens
    for step in ["Import the minutes", "Check the data", "Update the actions",
                 "Render and send", "Publish the site"]:
        assert step in readme
    assert "docs/index.md" in readme and "make install" in readme
