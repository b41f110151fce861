"""The Thừa Thiên Huế example (examples/thua-thien-hue): a real plan of another province,
Kế hoạch số 126/KH-UBND ngày 18/6/2018 of UBND tỉnh Thừa Thiên Huế, encoded with the README and
``--help`` only. Every command a user would run on it works, and its tables and dispatches read as
the plan does (spot checks against the sentences quoted in the example's YAML comments)."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import openpyxl

from cchc.cli.main import app
from cchc.io.loader import load_dataset
from cchc.services.semantic_diff import diff_datasets
from tests.examples.conftest import ENV, deadline_rows, paragraphs

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "thua-thien-hue"

# «Các Sở: Nội vụ, Khoa học và Công nghệ, Tài chính, Thông tin và Truyền thông, Tư pháp, Kế hoạch
# và Đầu tư, Sở Tài nguyên và Môi trường, Văn phòng UBND tỉnh, UBND các huyện, thị xã và thành phố
# Huế ban hành hoặc tham mưu UBND tỉnh ban hành …» — in the plan's order, the group as it names it.
JOINT_LEADS = [
    "Sở Nội vụ", "Sở Khoa học và Công nghệ", "Sở Tài chính", "Sở Thông tin và Truyền thông",
    "Sở Tư pháp", "Sở Kế hoạch và Đầu tư", "Sở Tài nguyên và Môi trường", "Văn phòng UBND tỉnh",
    "UBND các huyện, thị xã và thành phố Huế",
]
DISTRICTS = ["UBND thành phố Huế", "UBND huyện Phong Điền", "UBND huyện Quảng Điền", "UBND thị xã Hương Trà",
             "UBND huyện Phú Vang", "UBND thị xã Hương Thủy", "UBND huyện Phú Lộc", "UBND huyện A Lưới",
             "UBND huyện Nam Đông"]


def test_validates_without_warnings(cchc):
    result = cchc("validate", "--no-cache")
    assert "HỢP LỆ: 3 tệp, 0 lỗi, 0 cảnh báo." in result.output


def test_deadlines_read_as_the_plan(cchc):
    rows = deadline_rows(cchc, "--as-of", "2018-12-20")
    assert list(rows) == ["kh-126-2018-4", "kh-126-2018-2", "kh-126-2018-1", "kh-126-2018-3"]
    report = rows["kh-126-2018-4"]  # «… trước ngày 15/12/2018» (a Saturday)
    assert report["lead_names"] == JOINT_LEADS and report["report_to"] == "so-noi-vu"
    # The source says nothing of progress (status chua-ro): past due it is neither plain overdue nor fine.
    assert (report["due_label"], report["state"], report["days_late"], report["working_days_late"]) == (
        "15/12/2018", "overdue_unknown", 5, 4)
    assert report["source_ref"] == "Kế hoạch số 126/KH-UBND ngày 18/6/2018"
    assert rows["kh-126-2018-3"]["lead_names"] == JOINT_LEADS
    # «UBND tỉnh yêu cầu các sở, ban, ngành cấp tỉnh và UBND các huyện, thị xã, thành phố …»: groups
    # named as the data names them, not as ids; no deadline in the source, so none is invented.
    for task in ("kh-126-2018-1", "kh-126-2018-2"):
        assert rows[task]["lead_names"] == ["Các sở, ban, ngành cấp tỉnh", "UBND các huyện, thị xã và thành phố Huế"]
        assert rows[task]["due"] is None and rows[task]["status"] == "chua-ro"
    assert rows["kh-126-2018-1"]["state"] == "no_deadline"
    # «định kỳ tổng hợp, báo cáo» with no stated period: "Định kỳ", ongoing work, never overdue.
    assert (rows["kh-126-2018-2"]["due_label"], rows["kh-126-2018-2"]["state"]) == ("Định kỳ", "in_progress")
    soon = deadline_rows(cchc, "--as-of", "2018-12-10")["kh-126-2018-4"]
    assert soon["state"] == "due_soon"


def test_a_group_member_sees_the_tasks_it_holds_through_the_group(cchc):
    district = deadline_rows(cchc, "--as-of", "2018-12-20", "--agency", "nam-dong")
    assert set(district) == {"kh-126-2018-1", "kh-126-2018-2", "kh-126-2018-3", "kh-126-2018-4"}
    department = deadline_rows(cchc, "--as-of", "2018-12-20", "--agency", "so-y-te")  # in "các sở, ban, ngành" only
    assert set(department) == {"kh-126-2018-1", "kh-126-2018-2"}


def test_a_member_and_a_group_get_their_own_summary(cchc):
    markdown = cchc("deadlines", "--as-of", "2018-12-20", "--agency", "tp-hue", "--format", "md").stdout
    # held through the group; the report's progress is unknown, so it is counted apart ("Quá hạn, chưa rõ")
    assert "| Cơ quan | Tổng số | Chưa xong | Quá hạn | Quá hạn, chưa rõ | Sắp đến hạn |" in markdown
    assert "| UBND thành phố Huế | 4 | 4 | 0 | 1 | 0 | 0 | 0 | 0% |" in markdown
    group = cchc("deadlines", "--as-of", "2018-12-20", "--agency", "ubnd-cac-huyen", "--format", "md").stdout
    assert "đến ngày 20/12/2018: UBND các huyện, thị xã và thành phố Huế" in group
    assert "| UBND các huyện, thị xã và thành phố Huế | 4 | 4 | 0 | 1 | 0 | 0 | 0 | 0% |" in group


def test_reminder_to_a_group(cchc, tmp_path):
    cchc("deadlines", "--as-of", "2018-12-20", "--agency", "ubnd-cac-huyen", "--remind", "-o", "nhom.docx")
    text = paragraphs(tmp_path / "nhom.docx")
    assert "Kính gửi: UBND các huyện, thị xã và thành phố Huế." in text
    assert "1. UBND các huyện, thị xã và thành phố Huế:" in text


def test_markdown_and_table_name_the_groups(cchc):
    markdown = cchc("deadlines", "--as-of", "2018-12-20", "--format", "md").stdout
    assert "| Các sở, ban, ngành cấp tỉnh, UBND các huyện, thị xã và thành phố Huế |" in markdown
    assert "cac-so-ban-nganh" not in markdown and "ubnd-cac-huyen" not in markdown
    table = cchc("deadlines", "--as-of", "2018-12-20").stdout
    assert "cac-so-ban-nganh" not in table and "quá hạn" in table


def test_tracker_workbook(cchc, tmp_path):
    cchc("deadlines", "--as-of", "2018-12-20", "-o", "theo-doi.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "theo-doi.xlsx")["Theo dõi"]
    header = [c.value for c in sheet[1]]
    lead_col, task_col = header.index("Cơ quan chủ trì"), header.index("Mã nhiệm vụ")
    leads = {row[task_col]: row[lead_col] for row in sheet.iter_rows(min_row=2, values_only=True) if row[task_col]}
    assert "UBND các huyện, thị xã và thành phố Huế" in leads["kh-126-2018-3"]
    assert "Sở Nội vụ" in leads["kh-126-2018-3"]
    # «định kỳ tổng hợp, báo cáo» has no due day but is not without a deadline: its cell says so
    due_col = header.index("Hạn")
    dues = {row[task_col]: row[due_col] for row in sheet.iter_rows(min_row=2, values_only=True) if row[task_col]}
    assert dues["kh-126-2018-2"] == "Định kỳ"
    assert dues["kh-126-2018-1"] is None  # the source gives no deadline at all


def test_reminder_addresses_the_plan_agencies_and_names_the_group_once(cchc, tmp_path):
    cchc("deadlines", "--as-of", "2018-12-20", "--remind", "-o", "don-doc.docx")
    text = paragraphs(tmp_path / "don-doc.docx")
    start = text.index("Kính gửi:")
    recipients = [line.strip("-;. ") for line in text[start + 1:start + 1 + len(JOINT_LEADS)]]
    assert recipients == JOINT_LEADS
    body = "\n".join(text)
    assert "tính đến ngày 20/12/2018" in body
    assert "hạn 15/12/2018, đã quá hạn 5 ngày (4 ngày làm việc)" in body
    assert "theo Kế hoạch số 126/KH-UBND ngày 18/6/2018" in body
    assert "Văn phòng UBND tỉnh và UBND các huyện, thị xã và thành phố Huế:" in body
    assert not any(name in body for name in DISTRICTS)  # all nine districts: the group, not nine lines
    assert "báo cáo kết quả về UBND tỉnh (qua Sở Nội vụ)" in body


def test_render_the_reminder_frame(cchc, tmp_path):
    result = cchc("render", "cv-ubnd-don-doc-cchc-2018", "--as-of", "2018-12-20", "-o", "cv.docx")
    assert "Để trống vì nguồn không có" in result.output  # the signer's name: unknown, said so
    document = docx.Document(str(tmp_path / "cv.docx"))
    header = "\n".join(cell.text for row in document.tables[0].rows for cell in row.cells)
    assert "TỈNH THỪA THIÊN HUẾ" in header and "Thừa Thiên Huế, ngày" in header
    assert "Kính gửi:" in paragraphs(tmp_path / "cv.docx")


def test_no_assignment_appendix_is_invented(cchc):
    # The source names who leads, not which criteria: the example has no assignments file, and
    # `assign` says so instead of printing an empty appendix.
    result = cchc("assign", "--year", "2018", code=2)
    assert "không có bảng phân công cho năm 2018" in result.output


def test_diff_names_groups(tmp_path):
    changed = tmp_path / "sau"
    shutil.copytree(EXAMPLE, changed, ignore=shutil.ignore_patterns(".cchc-cache"))
    tasks = changed / "tasks" / "2018-kh-126-nang-cao-chi-so.yaml"
    text = tasks.read_text(encoding="utf-8")
    old = "    title: Định kỳ tổng hợp, báo cáo UBND tỉnh kết quả thực hiện\n    lead: [cac-so-ban-nganh, ubnd-cac-huyen]\n"
    assert old in text
    tasks.write_text(text.replace(old, old.replace("[cac-so-ban-nganh, ubnd-cac-huyen]", "[ubnd-cac-huyen]")),
                     encoding="utf-8")
    texts = [c.text for c in diff_datasets(load_dataset(EXAMPLE), load_dataset(changed))]
    assert texts == ["Nhiệm vụ kh-126-2018-2: chủ trì Các sở, ban, ngành cấp tỉnh và UBND các huyện, thị xã và "
                     "thành phố Huế → UBND các huyện, thị xã và thành phố Huế"]


def test_tracker_names_a_group_of_coordinators(runner, tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".cchc-cache"))
    tasks = repo / "tasks" / "2018-kh-126-nang-cao-chi-so.yaml"
    text = tasks.read_text(encoding="utf-8")
    old = "    report_to: so-noi-vu\n    due: 2018-12-15\n"
    tasks.write_text(text.replace(old, "    coordinators: [ubnd-cac-huyen]\n" + old), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["--data", str(repo), "deadlines", "--as-of", "2018-12-20", "-o", "t.xlsx"], env=ENV)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["Theo dõi"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[header.index("Mã nhiệm vụ")] == "kh-126-2018-4")
    assert row[header.index("Cơ quan phối hợp")] == "UBND các huyện, thị xã và thành phố Huế"


def test_province_is_today_s_city_and_its_2018_documents_say_tinh(cchc, tmp_path):
    from datetime import date

    from cchc.domain.provinces import province_at

    ds = load_dataset(EXAMPLE)
    # Nghị quyết 175/2024/QH15: tỉnh Thừa Thiên Huế is thành phố Huế (trực thuộc trung ương) from 1/1/2025.
    assert province_at(ds, date(2026, 12, 1)).title == "thành phố Huế"
    assert province_at(ds, date(2025, 1, 1)).title == "thành phố Huế"
    assert province_at(ds, date(2024, 12, 31)).title == "tỉnh Thừa Thiên Huế"
    assert province_at(ds, date(2018, 6, 18)).title == "tỉnh Thừa Thiên Huế"
    assert ds.province == "Huế" and ds.province_level == "thành phố"
    then = cchc("deadlines", "--as-of", "2018-12-20", "--format", "text").stdout
    assert then.startswith("TÌNH HÌNH THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH TỈNH THỪA THIÊN HUẾ")
    now = cchc("deadlines", "--as-of", "2026-12-01", "--format", "text").stdout
    assert now.startswith("TÌNH HÌNH THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH THÀNH PHỐ HUẾ")
    cchc("deadlines", "--as-of", "2018-12-20", "--remind", "-o", "2018.docx")
    document = docx.Document(str(tmp_path / "2018.docx"))
    header = "\n".join(cell.text for row in document.tables[0].rows for cell in row.cells)
    assert "ỦY BAN NHÂN DÂN\nTỈNH THỪA THIÊN HUẾ" in header and "Thừa Thiên Huế, ngày" in header
    body = "\n".join(paragraphs(tmp_path / "2018.docx"))
    assert "Chủ tịch UBND tỉnh yêu cầu" in body and "UBND thành phố yêu cầu" not in body
    assert "chưa rõ tình trạng thực hiện" in body  # status chua-ro, past due


def test_unknown_progress_fails_the_cron_check(cchc):
    cchc("deadlines", "--as-of", "2018-12-20", "--fail-on-overdue", code=3)
