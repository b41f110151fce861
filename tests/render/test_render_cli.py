"""`cchc render` and `cchc deadlines --remind` from the command line."""

from __future__ import annotations

import docx
import pytest
from render_cases import DATA, EXAMPLE

from cchc.cli.main import app
from cchc.docx.check import check_document

ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_list_shows_documents_and_templates(runner, workdir):
    result = runner.invoke(app, ["--data", str(DATA), "render", "--list"], env=ENV)
    assert result.exit_code == 0, result.output
    for name in ("cv-ubnd-2021-nang-cao-chi-so", "tb-bcd-2022-10-ket-luan", "cong-van-don-doc",
                 "de-xuat-nhiem-vu-cchc", "cong-van-nhan-rong-mo-hinh", "cong-van-giai-trinh-chi-so"):
        assert name in result.output
    assert "qd-3547-2019" not in result.output  # issued documents are cited, not rendered


def test_default_output_path_and_no_overwrite(runner, workdir):
    args = ["--data", str(DATA), "render", "cv-ubnd-2021-nang-cao-chi-so", "--as-of", "2021-07-01"]
    first = runner.invoke(app, args, env=ENV)
    assert first.exit_code == 0, first.output
    target = workdir / "out" / "cv-ubnd-2021-nang-cao-chi-so.docx"
    assert target.is_file() and "out/cv-ubnd-2021-nang-cao-chi-so.docx" in first.output
    target.write_bytes(b"ban cua nguoi dung")
    second = runner.invoke(app, args, env=ENV)
    assert second.exit_code == 2
    assert "--force" in second.output and target.read_bytes() == b"ban cua nguoi dung"
    third = runner.invoke(app, [*args, "--force"], env=ENV)
    assert third.exit_code == 0
    assert docx.Document(str(target)).tables  # a real document again
    assert not [p for p in (workdir / "out").iterdir() if p.name.startswith(".")]  # no temp files left


def test_a_default_output_that_is_a_link_is_refused(runner, workdir, tmp_path_factory):
    """Documents are rendered in CI from what a pull request brings: a committed ``out`` link, or
    a link where the default file goes, must not carry the write outside the checkout, even with
    --force; -o still writes where the user says."""
    outside = tmp_path_factory.mktemp("outside")
    (outside / "cv-ubnd-2021-nang-cao-chi-so.docx").write_bytes(b"tep ben ngoai")
    before = sorted(p.name for p in outside.iterdir())
    (workdir / "out").symlink_to(outside, target_is_directory=True)
    args = ["--data", str(DATA), "render", "cv-ubnd-2021-nang-cao-chi-so", "--as-of", "2021-07-01", "--force"]
    for command in (args, ["--data", str(DATA), "deadlines", "--as-of", "2021-07-20", "--remind", "--force"]):
        result = runner.invoke(app, command, env=ENV)
        assert result.exit_code == 1, result.output
        assert "liên kết tượng trưng" in result.output and "-o" in result.output
        assert "Traceback" not in result.output
    assert sorted(p.name for p in outside.iterdir()) == before
    assert (outside / "cv-ubnd-2021-nang-cao-chi-so.docx").read_bytes() == b"tep ben ngoai"
    (workdir / "out").unlink()
    (workdir / "out").mkdir()
    (workdir / "out" / "cv-ubnd-2021-nang-cao-chi-so.docx").symlink_to(outside / "cv-ubnd-2021-nang-cao-chi-so.docx")
    assert runner.invoke(app, args, env=ENV).exit_code == 1
    assert (outside / "cv-ubnd-2021-nang-cao-chi-so.docx").read_bytes() == b"tep ben ngoai"
    explicit = runner.invoke(app, [*args[:-1], "-o", str(workdir / "chon.docx")], env=ENV)
    assert explicit.exit_code == 0, explicit.output


def test_check_option_reports_and_sets_exit_code(runner, workdir):
    ok = runner.invoke(app, ["--data", str(DATA), "render", "tgv-2022-de-xuat-nhiem-vu", "-o", "a.docx",
                             "--check"], env=ENV)
    assert ok.exit_code == 0, ok.output
    assert "không có lỗi" in ok.output
    bad = runner.invoke(app, ["--data", str(EXAMPLE), "render", "cv-nhan-rong-mo-hinh-2022", "-o", "b.docx",
                              "--check"], env=ENV)
    assert bad.exit_code == 1
    assert "R10" in bad.output and (workdir / "b.docx").is_file()


def test_unknown_document_and_missing_id(runner, workdir):
    result = runner.invoke(app, ["--data", str(DATA), "render", "cv-ubnd-2021-nang-cao-chi-s"], env=ENV)
    assert result.exit_code == 2
    assert "cv-ubnd-2021-nang-cao-chi-so" in result.output  # suggestion
    assert runner.invoke(app, ["--data", str(DATA), "render"], env=ENV).exit_code == 2
    cited = runner.invoke(app, ["--data", str(DATA), "render", "qd-3547-2019"], env=ENV)
    assert cited.exit_code == 2 and "không có mẫu" in cited.output


def test_pdf_without_libreoffice_says_how_to_install(runner, workdir, monkeypatch):
    monkeypatch.setattr("cchc.render.pipeline.soffice_path", lambda: None)
    result = runner.invoke(app, ["--data", str(DATA), "render", "tgv-2022-de-xuat-nhiem-vu", "-o", "c.docx",
                                 "--pdf"], env=ENV)
    assert result.exit_code == 2
    assert "apt-get install libreoffice-writer-nogui" in result.output
    assert not (workdir / "c.pdf").exists()


def test_remind_writes_the_reminder_dispatch(runner, workdir):
    result = runner.invoke(app, ["--data", str(DATA), "deadlines", "--remind", "--as-of", "2021-07-20",
                                 "-o", "don-doc.docx"], env=ENV)
    assert result.exit_code == 0, result.output
    path = workdir / "don-doc.docx"
    findings = check_document(path, doc_type="cong-van")
    assert [f.rule_id for f in findings] == ["R22"] and findings[0].severity == "warning"  # signer not named
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "hạn 17/7/2021, đã quá hạn 3 ngày (2 ngày làm việc)" in text
    assert "Kính gửi:" in text and "- Sở Nội vụ;" in text
    again = runner.invoke(app, ["--data", str(DATA), "deadlines", "--remind", "--as-of", "2021-07-20",
                                "-o", "don-doc.docx"], env=ENV)
    assert again.exit_code == 2


def test_remind_for_one_agency_and_nothing_to_remind(runner, workdir):
    one = runner.invoke(app, ["--data", str(DATA), "deadlines", "--remind", "--as-of", "2021-07-27",
                              "--agency", "so-noi-vu", "-o", "snv.docx"], env=ENV)
    assert one.exit_code == 0, one.output
    text = "\n".join(p.text for p in docx.Document(str(workdir / "snv.docx")).paragraphs)
    assert "Kính gửi: Sở Nội vụ." in text
    assert "còn 3 ngày làm việc" in text  # the plan due 30/7/2021 is due soon
    none = runner.invoke(app, ["--data", str(DATA), "deadlines", "--remind", "--as-of", "2021-07-01",
                               "-o", "x.docx"], env=ENV)
    assert none.exit_code == 2 and "không cần công văn đôn đốc" in none.output
    assert not (workdir / "x.docx").exists()


@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_with_libreoffice(runner, workdir):
    result = runner.invoke(app, ["--data", str(DATA), "render", "tb-bcd-2022-10-ket-luan", "-o", "tb.docx",
                                 "--pdf"], env=ENV)
    assert result.exit_code == 0, result.output
    assert (workdir / "tb.pdf").read_bytes().startswith(b"%PDF")
    assert "tb.pdf" in result.output


def test_remind_today_addresses_existing_agencies_cites_sources_and_lists_shared_tasks_once(runner, workdir):
    result = runner.invoke(app, ["--data", str(DATA), "deadlines", "--remind", "--as-of", "2026-12-01",
                                 "-o", "dd.docx"], env=ENV)
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in docx.Document(str(workdir / "dd.docx")).paragraphs)
    assert "UBND huyện" not in text and "Sở Thông tin và Truyền thông;" not in text  # ended in 2025
    assert "- Sở Khoa học và Công nghệ" in text  # the successor takes over
    assert text.count("Rà soát, giải trình nguyên nhân") == 1  # a shared task is listed once
    assert "(chưa ghi số)" not in text and "theo Công văn của UBND tỉnh về việc tham mưu giải pháp" in text
    assert "đã quá hạn từ ngày 17/7/2021" in text and "1963 ngày" not in text
    assert "……" not in text
    assert "chưa có cơ quan kế nhiệm" in result.output  # the districts' tasks are reported, not dropped silently


def test_render_of_the_reminder_record_reports_what_it_leaves_out_as_remind_does(runner, workdir):
    """`cchc render` of the data's công văn đôn đốc drafts what `--remind` drafts, and says the same
    about the tasks it could not address (it used to drop the districts' task without a word)."""
    remind = runner.invoke(app, ["--data", str(DATA), "deadlines", "--remind", "--as-of", "2026-12-01",
                                 "-o", "a.docx"], env=ENV)
    render = runner.invoke(app, ["--data", str(DATA), "render", "cv-ubnd-don-doc-nhiem-vu-cchc",
                                 "--as-of", "2026-12-01", "-o", "b.docx"], env=ENV)
    assert remind.exit_code == 0 and render.exit_code == 0, render.output

    def left_out(output: str) -> list[str]:
        lines = output.splitlines()
        start = lines.index("Không đưa vào văn bản (1):")
        return lines[start:start + 2]

    assert left_out(render.output) == left_out(remind.output)
    assert "«giam-tre-hen-tthc-2022» của 15 cơ quan đã kết thúc hoạt động" in left_out(render.output)[1]


def test_source_option_compares_with_the_original(runner, workdir):
    from render_cases import SEEDS

    (seed,) = SEEDS.glob("000_*.txt")
    args = ["--data", str(DATA), "render", "tgv-2022-de-xuat-nhiem-vu", "--as-of", "2022-07-01"]
    ok = runner.invoke(app, [*args, "-o", "a.docx", "--source", str(seed)], env=ENV)
    assert ok.exit_code == 0, ok.output
    assert "khớp từng từ (4 chỗ sửa" in ok.output
    drifted = workdir / "goc.txt"
    drifted.write_text(seed.read_text(encoding="utf-8").replace("Sở Tài chính tham mưu", "Sở Tài chính và các cơ "
                                                                  "quan có liên quan tham mưu"), encoding="utf-8")
    bad = runner.invoke(app, [*args, "-o", "b.docx", "--source", str(drifted)], env=ENV)
    assert bad.exit_code == 1
    assert "văn bản bỏ «và các cơ quan có liên quan» của nguồn" in bad.output and (workdir / "b.docx").is_file()
    missing = runner.invoke(app, [*args, "-o", "c.docx", "--source", "khong-co.txt"], env=ENV)
    assert missing.exit_code == 2 and "không có tệp văn bản gốc" in missing.output
