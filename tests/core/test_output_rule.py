"""The one `-o` rule (#11 item 10): the extension decides the format, a contradicting --format is a
usage error, and a command given -o writes that file or refuses (nothing written)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from cchc.cli.main import app
from cchc.errors import UsageError
from cchc.output.formats import format_of, output_format
from tests.conftest import DATA

AS_OF = "2022-08-15"


# --- the rule itself ---------------------------------------------------------------------------


def test_without_output_the_format_or_the_screen():
    assert output_format(None, None, ("table", "md"), screen="table") == "table"
    assert output_format(None, "md", ("table", "md"), screen="table") == "md"


@pytest.mark.parametrize(("name", "expected"), [
    ("a.xlsx", "xlsx"), ("A.XLSX", "xlsx"), ("a.md", "md"), ("a.markdown", "md"), ("b.json", "json"),
    ("c.csv", "csv"), ("d.txt", "text"), ("e.docx", "docx"), ("f.html", "html"), ("f.htm", "html"),
])
def test_the_extension_decides(name, expected):
    assert format_of(Path(name)) == expected
    assert output_format(Path(name), None, (expected,)) == expected
    assert output_format(Path(name), expected, (expected, "other")) == expected


@pytest.mark.parametrize(("output", "fmt", "words"), [
    ("pl.xlsx", "csv", "--format csv mâu thuẫn với đuôi tệp «pl.xlsx»"),
    ("pl.csv", "table", "--format table là bảng trên màn hình"),
    ("pl.pdf", None, "không xuất được tệp «pl.pdf»"),
    ("pl", None, "không có đuôi"),
    ("pl.table", None, "không xuất được tệp"),
])
def test_contradictions_and_unknown_extensions_are_usage_errors(output, fmt, words):
    with pytest.raises(UsageError) as info:
        output_format(Path(output), fmt, ("table", "xlsx", "csv", "md"), screen="table")
    assert words in info.value.message
    assert info.value.exit_code == 2


# --- every command -------------------------------------------------------------------------------

REFUSED = [
    (["assign", "-y", "2021", "--format", "csv"], "pl.xlsx", "mâu thuẫn"),
    (["assign", "-y", "2021", "--format", "table"], "pl.csv", "bảng trên màn hình"),
    (["assign", "-y", "2021"], "pl.pdf", "không xuất được tệp"),
    (["assign", "-y", "2022", "--from", "2021"], "de-xuat.csv", "chỉ ghi .yaml"),
    (["deadlines", "--as-of", AS_OF], "dd.docx", "khi có --remind"),
    (["deadlines", "--as-of", AS_OF, "--format", "json"], "dd.md", "mâu thuẫn"),
    (["deadlines", "--as-of", AS_OF, "--remind"], "dd.xlsx", "chỉ ghi .docx"),
    (["deadlines", "--as-of", AS_OF, "--remind", "--format", "md"], "dd.docx", "không dùng cùng --format"),
    (["results", "--format", "md"], "kq.json", "mâu thuẫn"),
    (["results"], "kq.docx", "không xuất được tệp"),
    (["initiatives", "--format", "json"], "mh.md", "mâu thuẫn"),
    (["score", "-y", "2021", "--format", "csv"], "diem.md", "mâu thuẫn"),
    (["report", "--as-of", AS_OF], "bao-cao.pdf", "chỉ ghi .html"),
    (["render", "cv-ubnd-2021-nang-cao-chi-so"], "cv.pdf", "chỉ ghi .docx"),
    (["schema"], "schemas.json", "ghi nhiều tệp vào một thư mục"),
]


@pytest.mark.parametrize(("args", "name", "words"), REFUSED, ids=lambda v: v if isinstance(v, str) else None)
def test_a_contradiction_refuses_and_writes_nothing(runner, tmp_path, args, name, words):
    target = tmp_path / name
    result = runner.invoke(app, ["--data", str(DATA), *args, "-o", str(target)], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert words in result.stderr, result.stderr
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_assign_writes_what_the_extension_says(runner, tmp_path):
    for name in ("pl.csv", "pl.xlsx", "pl.md", "pl.json"):
        result = runner.invoke(app, ["--data", str(DATA), "assign", "-y", "2021", "-o", str(tmp_path / name)])
        assert result.exit_code in (0, 1), result.output
    assert _csv_rows(tmp_path / "pl.csv")[0][0] == "STT"
    assert openpyxl.load_workbook(tmp_path / "pl.xlsx").sheetnames
    assert (tmp_path / "pl.md").read_text(encoding="utf-8").lstrip().startswith(("#", "|", "**"))
    json.loads((tmp_path / "pl.json").read_text(encoding="utf-8"))


def _deadlines(runner, *args):
    return runner.invoke(app, ["--data", str(DATA), "deadlines", "--as-of", AS_OF, *args], catch_exceptions=False)


def test_deadlines_exports_every_listing_format(runner, tmp_path):
    screen = json.loads(_deadlines(runner, "--format", "json").stdout)
    for name in ("dd.csv", "dd.md", "dd.json", "dd.txt", "dd.xlsx"):
        result = _deadlines(runner, "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert f"Đã ghi {tmp_path / name}" in result.stderr
        assert result.stdout == ""
    rows = _csv_rows(tmp_path / "dd.csv")
    assert len(rows) == len(screen) + 1  # header, then one row per record
    assert json.loads((tmp_path / "dd.json").read_text(encoding="utf-8")) == screen
    assert (tmp_path / "dd.md").read_text(encoding="utf-8") == _deadlines(runner, "--format", "md").stdout
    assert (tmp_path / "dd.txt").read_text(encoding="utf-8") == _deadlines(runner, "--format", "text").stdout
    assert "Theo dõi" in openpyxl.load_workbook(tmp_path / "dd.xlsx").sheetnames
    # --format that agrees with the extension is fine
    assert _deadlines(runner, "--format", "md", "-o", str(tmp_path / "again.md")).exit_code == 0
    assert (tmp_path / "again.md").read_bytes() == (tmp_path / "dd.md").read_bytes()


def test_deadlines_csv_to_stdout(runner):
    result = _deadlines(runner, "--format", "csv")
    assert result.exit_code == 0
    header = next(csv.reader(io.StringIO(result.stdout)))
    assert "Hạn" in header


def test_deadlines_never_overwrites_without_force(runner, tmp_path):
    target = tmp_path / "dd.md"
    target.write_text("của người dùng\n", encoding="utf-8")
    result = _deadlines(runner, "-o", str(target))
    assert result.exit_code == 2
    assert "đã tồn tại" in result.stderr
    assert target.read_text(encoding="utf-8") == "của người dùng\n"
    assert _deadlines(runner, "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8") != "của người dùng\n"


def test_deadlines_fail_on_overdue_still_counts_with_a_file(runner, tmp_path):
    result = _deadlines(runner, "--fail-on-overdue", "-o", str(tmp_path / "dd.csv"))
    assert result.exit_code == 3
    assert (tmp_path / "dd.csv").exists()


@pytest.mark.parametrize(("args", "name", "check"), [
    (["results"], "kq.json", lambda p: json.loads(p.read_text(encoding="utf-8"))),
    (["results"], "kq.md", lambda p: p.read_text(encoding="utf-8")),
    (["initiatives", "--as-of", AS_OF], "mh.csv", _csv_rows),
    (["initiatives", "--as-of", AS_OF], "mh.xlsx", openpyxl.load_workbook),
    (["score", "-y", "2021"], "diem.csv", _csv_rows),
    (["score", "-y", "2021"], "diem.json", lambda p: json.loads(p.read_text(encoding="utf-8"))),
])
def test_listing_commands_infer_the_format_from_the_extension(runner, tmp_path, args, name, check):
    target = tmp_path / name
    result = runner.invoke(app, ["--data", str(DATA), *args, "-o", str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    check(target)


def test_schema_does_not_overwrite_without_force(runner, tmp_path):
    out = tmp_path / "schemas"
    first = runner.invoke(app, ["schema", "-o", str(out)], catch_exceptions=False)
    assert first.exit_code == 0
    files = sorted(out.iterdir())
    assert files
    again = runner.invoke(app, ["schema", "-o", str(out)], catch_exceptions=False)
    assert again.exit_code == 0  # the same schemas: nothing to replace
    assert "không đổi" in again.stdout
    edited = out / "tasks@1.json"
    edited.write_text('{"sửa": "tay"}\n', encoding="utf-8")
    refused = runner.invoke(app, ["schema", "-o", str(out)], catch_exceptions=False)
    assert refused.exit_code == 2
    assert "tasks@1.json" in refused.stderr and "--force" in refused.stderr
    assert edited.read_text(encoding="utf-8") == '{"sửa": "tay"}\n'
    forced = runner.invoke(app, ["schema", "-o", str(out), "--force"], catch_exceptions=False)
    assert forced.exit_code == 0
    assert json.loads(edited.read_text(encoding="utf-8"))["title"].startswith("cchc tasks@1")
