"""`cchc render` says, in one list on stderr, every ND 30 element the data could not fill, and
`--check` fails on those the data does not declare unknown (issue 12, item 7)."""

from __future__ import annotations

import shutil

from render_cases import DATA, EXAMPLE

from cchc.cli.main import app
from cchc.io.loader import load_dataset
from cchc.models.documents import Element
from cchc.render.pipeline import render_spec, unfilled_elements

ENV = {"COLUMNS": "200", "NO_COLOR": "1", "CCHC_TODAY": "2022-12-21"}


def test_example_states_what_its_source_lacks(example):
    document = example.documents["cv-nhan-rong-mo-hinh-2022"]
    unfilled = unfilled_elements(example, document, render_spec(example, document, today=document.date))
    assert {u.element for u in unfilled} == {Element.NUMBER, Element.DRAFTING_UNIT, Element.SIGNER,
                                             Element.APPENDIX}
    assert all(u.reason and "seed 002" in u.reason for u in unfilled)  # stated unknown, not silently blank


def test_missing_elements_are_listed_and_fail_the_check(runner, tmp_path):
    repo = tmp_path / "brvt"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".cchc-cache"))
    path = repo / "documents" / "2022-cv-nhan-rong-mo-hinh.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    unknown:\n")
    end = text.index("    note:", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")  # the statements removed
    result = runner.invoke(app, ["--data", str(repo), "render", "cv-nhan-rong-mo-hinh-2022", "-o",
                                 str(tmp_path / "x.docx"), "--check"], env=ENV)
    assert result.exit_code == 1
    assert "Chưa đủ để trình ký: 4 thành phần thể thức" in result.output
    for label in ("Số văn bản: đã ghi ngày ban hành 21/12/2022 nhưng chưa có số", "Đơn vị soạn thảo",
                  "Quyền hạn, chức vụ người ký", "Phụ lục: nội dung ghi «Kèm phụ lục»"):
        assert label in result.output


def test_stated_unknowns_are_listed_but_do_not_fail_the_check(runner, tmp_path):
    result = runner.invoke(app, ["--data", str(DATA), "render", "tb-bcd-2022-10-ket-luan", "-o",
                                 str(tmp_path / "tb.docx"), "--check"], env=ENV)
    assert result.exit_code == 0, result.output
    assert "Để trống vì nguồn không có (1)" in result.output
    assert "Họ tên người ký" in result.output and "seed 003" in result.output


def test_complete_bundled_documents_have_nothing_unfilled(bundled):
    for doc_id in ("cv-ubnd-2021-nang-cao-chi-so", "tgv-2022-de-xuat-nhiem-vu"):
        document = bundled.documents[doc_id]
        spec = render_spec(bundled, document, today=__import__("datetime").date(2022, 7, 1))
        assert unfilled_elements(bundled, document, spec) == [], doc_id


def test_unknown_keys_are_validated(tmp_path):
    repo = tmp_path / "brvt"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".cchc-cache"))
    path = repo / "documents" / "2022-cv-nhan-rong-mo-hinh.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("      signer: seed", "      signr: seed"),
                    encoding="utf-8")
    ds = load_dataset(repo)
    assert any(d.is_error and "unknown" in str(d.path) for d in ds.diagnostics)
