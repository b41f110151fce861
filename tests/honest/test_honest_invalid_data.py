"""#11 item 1 (contract 7): a command that computes from data with errors refuses, or with
--skip-invalid computes from the valid records and says how many it left out, in its output and
on stderr; --fail-on-overdue never passes while records were left out."""

from __future__ import annotations

import json
import shutil

import pytest

from cchc.cli.main import app
from cchc.errors import DataError, Diagnostic, Severity
from cchc.io.loader import Dataset, load_dataset
from cchc.services.integrity import require_usable
from tests.conftest import DATA, FIXTURES

GOOD = """\
schema: tasks@1
tasks:
  - id: nhiem-vu-con-han
    title: Nhiệm vụ còn hạn
    lead: so-noi-vu
    due: 2030-12-31
    status: dang-thuc-hien
  - id: nhiem-vu-hong
    title: Nhiệm vụ ghi hạn sai dạng
    lead: so-noi-vu
    due: 31/07/2022
    status: dang-thuc-hien
"""


@pytest.fixture
def small_repo(tmp_path):
    """Agencies, criteria and two tasks: one valid and not overdue, one with a date typed by hand."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", repo)
    (repo / "tasks.yaml").write_text(GOOD, encoding="utf-8")
    return repo


def _run(runner, repo, *args):
    return runner.invoke(app, ["--data", str(repo), *args])


def test_the_cron_check_does_not_go_blind(runner, small_repo):
    """The issue's reproduction: before, exit 0 and "Không có nhiệm vụ quá hạn"."""
    result = _run(runner, small_repo, "deadlines", "--as-of", "2022-08-15", "--fail-on-overdue")
    assert result.exit_code == 1
    assert "tasks.yaml:11:10" in result.stderr
    assert "chạy `cchc validate` để xem tất cả" in result.stderr
    assert result.stdout == ""


def test_skip_invalid_says_so_in_the_output_and_on_stderr(runner, small_repo):
    result = _run(runner, small_repo, "deadlines", "--as-of", "2022-08-15", "--skip-invalid")
    assert result.exit_code == 0
    assert "Đã bỏ qua 1 bản ghi lỗi" in result.stdout
    assert "Đã bỏ qua 1 bản ghi lỗi" in result.stderr
    assert "nhiem-vu-con-han" in result.stdout and "nhiem-vu-hong" not in result.stdout


def test_fail_on_overdue_still_fails_when_records_were_skipped(runner, small_repo):
    result = _run(runner, small_repo, "deadlines", "--as-of", "2022-08-15", "--skip-invalid", "--fail-on-overdue")
    assert result.exit_code == 1  # nothing overdue among the valid records, but one was not read
    clean = small_repo / "tasks.yaml"
    clean.write_text(GOOD.split("  - id: nhiem-vu-hong")[0], encoding="utf-8")
    result = _run(runner, small_repo, "deadlines", "--as-of", "2022-08-15", "--skip-invalid", "--fail-on-overdue")
    assert result.exit_code == 0 and "Đã bỏ qua" not in result.stdout + result.stderr


@pytest.mark.parametrize("fmt", ["json", "md", "text"])
def test_every_deadlines_format_carries_the_count(runner, small_repo, fmt):
    result = _run(runner, small_repo, "deadlines", "--as-of", "2022-08-15", "--skip-invalid", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "Đã bỏ qua 1 bản ghi lỗi" in result.stdout
    if fmt == "json":
        rows = json.loads(result.stdout)
        assert [r["id"] for r in rows[:-1]] == ["nhiem-vu-con-han"]
        assert rows[-1]["warnings"][0].startswith("Đã bỏ qua 1 bản ghi lỗi")


def test_the_tracker_workbook_says_what_it_left_out(runner, small_repo, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "theo-doi.xlsx"
    result = _run(runner, small_repo, "deadlines", "--as-of", "2022-08-15", "--skip-invalid", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    book = load_workbook(out)
    summary = [c.value for row in book["Tổng hợp"].iter_rows() for c in row if c.value]
    assert any(str(v).startswith("Lưu ý: Đã bỏ qua 1 bản ghi lỗi") for v in summary)
    meta = dict((row[0].value, row[1].value) for row in book["_cchc"].iter_rows())
    assert meta["skipped_invalid"] == 1


def _bad_results(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".cchc-cache"))
    path = data / "results" / "par-index.yaml"
    text = path.read_text(encoding="utf-8")
    # The first result's year typed as text: the record is dropped by its own error.
    first = text.index("year:")
    end = text.index("\n", first)
    path.write_text(text[:first] + "year: năm-hai-không" + text[end:], encoding="utf-8")
    return data


def test_results_do_not_drop_records_silently(runner, tmp_path):
    data = _bad_results(tmp_path)
    result = _run(runner, data, "results")
    assert result.exit_code == 1 and "results/par-index.yaml:" in result.stderr
    result = _run(runner, data, "results", "--skip-invalid", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["warnings"][0].startswith("Đã bỏ qua 1 bản ghi lỗi")
    result = _run(runner, data, "results", "--skip-invalid", "--format", "md")
    assert "> **Lưu ý:** Đã bỏ qua 1 bản ghi lỗi" in result.stdout
    result = _run(runner, data, "results", "--skip-invalid")
    assert "Đã bỏ qua 1 bản ghi lỗi" in result.stdout and "Đã bỏ qua 1 bản ghi lỗi" in result.stderr
    result = _run(runner, data, "results", "--skip-invalid", "-o", str(tmp_path / "x.png"))
    assert result.exit_code == 2 and not (tmp_path / "x.png").exists()


def test_initiatives_do_not_drop_records_silently(runner, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".cchc-cache"))
    path = data / "initiatives" / "krong-pac.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: mo-hinh", "kind: mo-hinh-moi", 1),
                    encoding="utf-8")
    result = _run(runner, data, "initiatives", "--as-of", "2022-12-31")
    assert result.exit_code == 1 and "initiatives/krong-pac.yaml:" in result.stderr
    result = _run(runner, data, "initiatives", "--as-of", "2022-12-31", "--skip-invalid", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip().splitlines()[-1].startswith("Lưu ý: Đã bỏ qua 1 bản ghi lỗi")


def test_assign_refuses_and_its_word_appendix_never_skips(runner, tmp_path):
    data = _bad_results(tmp_path)
    result = _run(runner, data, "assign", "--year", "2021")
    assert result.exit_code == 1 and "cchc validate" in result.stderr
    result = _run(runner, data, "assign", "--year", "2021", "--skip-invalid", "--format", "csv")
    assert "Lưu ý: Đã bỏ qua 1 bản ghi lỗi" in result.stdout
    out = tmp_path / "pc.docx"
    result = _run(runner, data, "assign", "--year", "2021", "--skip-invalid", "--format", "docx", "-o", str(out))
    assert result.exit_code == 1 and not out.exists()


def test_documents_refuse_data_with_errors(runner, tmp_path):
    data = _bad_results(tmp_path)
    out = tmp_path / "cv.docx"
    result = _run(runner, data, "render", "cv-ubnd-2021-nang-cao-chi-so", "-o", str(out))
    assert result.exit_code == 1 and not out.exists()
    assert "results/par-index.yaml:" in result.stderr and "cchc validate" in result.stderr


def test_score_refuses_or_marks_its_table(runner, tmp_path):
    data = _bad_results(tmp_path)
    result = _run(runner, data, "score", "--year", "2021")
    assert result.exit_code == 1 and "cchc validate" in result.stderr
    result = _run(runner, data, "score", "--year", "2021", "--skip-invalid", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["warnings"][0].startswith("Đã bỏ qua 1 bản ghi lỗi")


def test_the_refusal_names_the_first_errors_only(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", repo)
    tasks = "".join(f"  - id: t{i}\n    title: T\n    lead: so-noi-vu\n    due: 31/07/2022\n"
                    f"    status: dang-thuc-hien\n" for i in range(8))
    (repo / "tasks.yaml").write_text("schema: tasks@1\ntasks:\n" + tasks, encoding="utf-8")
    ds = load_dataset(repo)
    with pytest.raises(DataError) as caught:
        require_usable(ds)
    assert len(caught.value.diagnostics) == 5 and all(d.line for d in caught.value.diagnostics)
    assert "3 lỗi khác" in caught.value.hint and "cchc validate" in caught.value.hint
    skipped = require_usable(ds, skip_invalid=True)
    assert (skipped.records, skipped.errors) == (8, 8) and ds.skipped is skipped
    with pytest.raises(DataError):
        require_usable(ds, skip_invalid=True, document=True)


def test_warnings_do_not_block(tmp_path):
    ds = Dataset(root=tmp_path, diagnostics=[Diagnostic(Severity.WARNING, "cảnh báo")])
    assert require_usable(ds) is None and ds.skipped is None


def test_agency_end_does_not_list_hand_overs_from_part_of_the_data(runner, small_repo):
    before = (small_repo / "agencies.yaml").read_bytes()
    result = _run(runner, small_repo, "agency", "end", "so-tttt", "--on", "2025-02-28", "--successor", "so-khcn")
    assert result.exit_code == 1 and "tasks.yaml:11" in result.stderr
    assert (small_repo / "agencies.yaml").read_bytes() == before
