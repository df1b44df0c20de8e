"""Issue 24: every importer fed random bytes and random mutations of real inputs (the
minutes' text in minutes/, a Word document made from it, Ofsted's CSVs in reference/, and
DfE's neighbours workbooks, damaged as bytes or inside their sheet's XML):
no input, however damaged, is an internal error (exit 3), and nothing is written outside
the data folder, even with --write.

The number of cases comes from HYPOTHESIS_PROFILE: 'ci' (the default, a bounded sample
for `make test`) or 'long' (`make fuzz`: 10,000 per importer)."""

from __future__ import annotations

import functools
import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import MINI, ROOT
from fostlog.cli import app

PROFILES = {
    "ci": settings(max_examples=25, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow]),
    "long": settings(max_examples=10_000, deadline=None, database=None,
                     suppress_health_check=[HealthCheck.too_slow]),
}
SETTINGS = PROFILES[os.environ.get("HYPOTHESIS_PROFILE", "ci")]
ENV = {"FOSTLOG_TODAY": "2025-10-14", "NO_COLOR": "1", "FOSTLOG_NO_CACHE": "1"}
runner = CliRunner()

MINUTES = sorted((ROOT / "minutes").glob("0*.txt"))
OFSTED = sorted((ROOT / "reference" / "ofsted").glob("*.csv"))
WORKBOOKS = sorted((ROOT / "reference" / "lait").glob("*.xlsx"))
SHEETS = ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml")  # where a workbook's cells are
NASTY = [b"\x00", b"\x1b[31m", b"\r", b"\r\n", "\u2028".encode(), "\u0085".encode(),
         "\u202e".encode(), b"\xff\xfe", b"\xef\xbb\xbf", b'"', b",", b"\t", b"|", b"..",
         b"9" * 5_000, b"1000000001", b"\n" * 500, b"Action:", b"Apologies:", b"PK\x03\x04"]


@functools.cache
def word_document(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _seeds(importer: str) -> list[bytes]:
    if importer == "ofsted":
        return [p.read_bytes() for p in OFSTED]
    if importer == "neighbours":
        return [p.read_bytes() for p in WORKBOOKS]
    texts = [p.read_bytes() for p in MINUTES]
    return texts + [word_document(texts[-1].decode("utf-8", "replace"))]


@st.composite
def mutated(draw: st.DrawFn, importer: str) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=2_000))
    return _damaged(draw, bytearray(draw(st.sampled_from(_seeds(importer)))))


@st.composite
def mutated_workbook(draw: st.DrawFn) -> bytes:
    """A workbook damaged as bytes (mostly a broken zip) or, more often, inside the XML of
    its cells and rezipped, so the reader gets past the zip to damaged cells."""
    seed = draw(st.sampled_from(_seeds("neighbours")))
    if draw(st.integers(0, 3)) == 0:
        return draw(mutated("neighbours"))
    inside = draw(st.sampled_from(SHEETS))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(seed)) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            part = old.read(item)
            new.writestr(item, _damaged(draw, bytearray(part)) if item.filename == inside
                         else part)
    return out.getvalue()


def _damaged(draw: st.DrawFn, data: bytearray) -> bytes:
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        how = draw(st.integers(0, 4))
        if how == 0:
            data[at:at] = draw(st.sampled_from(NASTY))
        elif how == 1:
            data[at:at] = draw(st.binary(min_size=1, max_size=40))
        elif how == 2:
            del data[at:at + draw(st.integers(1, 400))]
        elif how == 3:
            piece = data[at:at + draw(st.integers(1, 2_000))]
            data[at:at] = piece * draw(st.integers(1, 20))
        elif at < len(data):
            data[at] = draw(st.integers(0, 255))
    return bytes(data)


def _import(importer: str, content: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        top = Path(folder)
        data = top / "data"
        shutil.copytree(MINI, data)
        (data / "meetings" / "2025-07-07.yaml").unlink()
        document = top / "in" / name
        document.parent.mkdir()
        document.write_bytes(content)
        before = sorted(str(p) for p in top.rglob("*") if data not in p.parents and p != data)
        args = (["--year", "2018-19", "--all"] if importer == "ofsted" else [])
        result = runner.invoke(app, ["import", importer, str(document), *args, "--data",
                                     str(data), "--write"], env=ENV)
        assert result.exit_code in (0, 1, 2), (result.exit_code, result.output,
                                                repr(result.exception))
        assert result.exception is None or isinstance(result.exception, SystemExit), \
            repr(result.exception)
        after = sorted(str(p) for p in top.rglob("*") if data not in p.parents and p != data)
        assert after == before  # nothing written outside the data folder


@SETTINGS
@given(content=mutated("minutes"), docx=st.booleans())
def test_the_minutes_importer_survives_any_input(content: bytes, docx: bool) -> None:
    _import("minutes", content, "minutes.docx" if docx else "minutes.txt")


@SETTINGS
@given(content=mutated("ofsted"))
def test_the_ofsted_importer_survives_any_input(content: bytes) -> None:
    _import("ofsted", content, "ofsted.csv")


@SETTINGS
@given(content=mutated_workbook())
def test_the_neighbours_importer_survives_any_input(content: bytes) -> None:
    _import("neighbours", content, "sn_may_2025.xlsx")
