"""The Hà Nội example (examples/ha-noi): a real plan of a centrally-run city, Kế hoạch số
192/KH-UBND ngày 08/7/2022 of UBND thành phố Hà Nội (PAR INDEX and SIPAS 2022), encoded with the
README and ``--help`` only. Its appendix (a joint lead for Lĩnh vực 7), its period deadlines
("tháng 7/2022", "quý III-2022"), its group leads and its reminder read as the plan does (checks
against the sentences quoted in the example's YAML comments)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import docx
import openpyxl
from openpyxl.utils.datetime import from_excel

from cchc.cli.main import app
from tests.examples.conftest import ENV, deadline_rows, paragraphs

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ha-noi"
AS_OF = "2022-10-05"  # a Wednesday: quý III/2022 ended on Friday 30/9/2022

# «Sở Thông tin và Truyền thông (TT và TT), Sở Khoa học và Công nghệ (KH và CN), Văn phòng UBND
# thành phố về xây dựng và phát triển chính quyền điện tử, chính quyền số» — in the plan's order.
JOINT_7 = ["Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ", "Văn phòng UBND thành phố"]
# The appendix order is the order the plan names the agencies in.
ORDER = ["Sở Nội vụ", "Sở Tư pháp", "Văn phòng UBND thành phố", "Sở Tài chính", "Sở Thông tin và Truyền thông",
         "Sở Khoa học và Công nghệ", "Sở Kế hoạch và Đầu tư"]
LV7 = "Lĩnh vực 7: Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"
# «Các sở, ban, ngành, UBND các quận, huyện, thị xã, UBND các xã, phường, thị trấn tăng cường …»
GROUPS = ["Các sở, ban, ngành", "UBND các quận, huyện, thị xã", "UBND các xã, phường, thị trấn"]


def test_validates_and_says_the_commune_group_has_no_members(cchc):
    result = cchc("validate", "--no-cache")
    assert "HỢP LỆ: 5 tệp, 0 lỗi, 1 cảnh báo." in result.output
    # The example lists no xã, phường, thị trấn of 2022 (no source read): the group is said empty.
    assert "«UBND các xã, phường, thị trấn» không có cơ quan nào còn hoạt động vào 8/7/2022" in result.output


def test_the_province_is_a_city(cchc):
    text = cchc("deadlines", "--as-of", AS_OF, "--format", "text").stdout
    assert text.startswith("TÌNH HÌNH THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH THÀNH PHỐ HÀ NỘI")
    assert "TỈNH" not in text


def test_appendix_by_criterion_names_the_joint_leads_as_the_plan(cchc):
    result = cchc("assign", "--year", "2022", "--by", "criterion", "--format", "md")
    line = next(row for row in result.stdout.splitlines() if row.startswith("| 7 |"))
    assert f"| {', '.join(JOINT_7)} |" in line
    assert "PHỦ KÍN các mục đã có" in result.output  # covered, with the criteria set said incomplete


def test_appendix_markdown_lists_agencies_in_the_plan_order(cchc):
    markdown = cchc("assign", "--year", "2022", "--format", "md").stdout
    rows = [line.split(" | ") for line in markdown.splitlines() if line.startswith("| ") and line[2].isdigit()]
    names = list(dict.fromkeys(row[1] for row in rows))
    assert names == ORDER
    joint = {row[1]: row[-1].rstrip(" |") for row in rows if row[2] == "7"}
    assert joint == {"Văn phòng UBND thành phố": "Sở Thông tin và Truyền thông, Sở Khoa học và Công nghệ",
                     "Sở Thông tin và Truyền thông": "Sở Khoa học và Công nghệ, Văn phòng UBND thành phố",
                     "Sở Khoa học và Công nghệ": "Sở Thông tin và Truyền thông, Văn phòng UBND thành phố"}
    # The sources name no coordinating agencies, so no "Cơ quan phối hợp" column is made up.
    assert "Cơ quan phối hợp" not in markdown


def test_appendix_docx(cchc, tmp_path):
    cchc("assign", "--year", "2022", "-o", "pc.docx")
    document = docx.Document(str(tmp_path / "pc.docx"))
    text = "\n".join(paragraphs(tmp_path / "pc.docx"))
    assert "(Kèm theo Kế hoạch số 192/KH-UBND ngày 08 tháng 7 năm 2022" in text
    assert "của Ủy ban nhân dân thành phố Hà Nội)" in text
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert [row[1] for row in rows[1:]] == ORDER
    office = dict((row[1], row[2]) for row in rows[1:])["Văn phòng UBND thành phố"]
    assert office.splitlines() == [
        "Lĩnh vực 3: Cải cách thủ tục hành chính.",
        f"{LV7} (đồng chủ trì với Sở Thông tin và Truyền thông, Sở Khoa học và Công nghệ)."]


def test_appendix_xlsx(cchc, tmp_path):
    cchc("assign", "--year", "2022", "-o", "pc.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "pc.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(values) if row and row[0] == "STT")
    assert values[header][-1] == "Đồng chủ trì với"
    by_code = {(row[1], row[2]): row for row in values[header + 1:] if row[0]}
    assert by_code[("Sở Khoa học và Công nghệ", "7")][-1] == "Sở Thông tin và Truyền thông, Văn phòng UBND thành phố"
    assert by_code[("Sở Kế hoạch và Đầu tư", "8")][-1] is None


def test_deadlines_are_printed_as_the_plan_writes_them(cchc):
    rows = deadline_rows(cchc, "--as-of", AS_OF)
    month, quarter, checks = rows["kh-192-2022-1"], rows["kh-192-2022-2"], rows["kh-192-2022-3"]
    # «hoàn thành trong tháng 7/2022»: due at the end of the month (31/7/2022, a Sunday).
    assert (month["due_label"], month["due"], month["state"], month["days_late"]) == (
        "Tháng 7/2022", "2022-07-31", "overdue", 66)
    # «hoàn thành trong quý III-2022»: due Friday 30/9/2022; 5 days, 3 working days late on 5/10.
    assert (quarter["due_label"], quarter["due"], quarter["state"], quarter["days_late"],
            quarter["working_days_late"]) == ("Quý III/2022", "2022-09-30", "overdue", 5, 3)
    assert quarter["lead_names"] == ["Văn phòng UBND thành phố"]
    assert month["source_ref"] == "Kế hoạch số 192/KH-UBND ngày 8/7/2022"
    # The group task's deadline is cut off in the source: none is invented.
    assert checks["lead_names"] == GROUPS and checks["state"] == "no_deadline" and checks["due"] is None
    early = deadline_rows(cchc, "--as-of", "2022-09-26")["kh-192-2022-2"]
    assert early["state"] == "due_soon"


def test_text_report_prints_the_period_labels(cchc):
    text = cchc("deadlines", "--as-of", AS_OF, "--format", "text").stdout
    assert "Sở Nội vụ; hạn tháng 7/2022, quá 66 ngày" in text
    assert "Văn phòng UBND thành phố; hạn quý III/2022, quá 5 ngày (3 ngày làm việc)" in text
    assert "31/7/2022" not in text and "30/9/2022" not in text  # no invented day


def test_markdown_names_the_groups_as_the_plan(cchc):
    markdown = cchc("deadlines", "--as-of", AS_OF, "--format", "md").stdout
    assert f"| {', '.join(GROUPS)} |" in markdown
    assert "cac-so-ban-nganh" not in markdown and "ubnd-cac-quan-huyen" not in markdown


def test_a_district_and_a_department_see_the_group_task(cchc):
    assert set(deadline_rows(cchc, "--as-of", AS_OF, "--agency", "q-cau-giay")) == {"kh-192-2022-3"}
    assert set(deadline_rows(cchc, "--as-of", AS_OF, "--agency", "so-noi-vu")) == {"kh-192-2022-1", "kh-192-2022-3"}


def test_tracker_workbook_keeps_the_period_labels(cchc, tmp_path):
    cchc("deadlines", "--as-of", AS_OF, "-o", "theo-doi.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "theo-doi.xlsx")["Theo dõi"]
    header = [c.value for c in sheet[1]]
    task, due, lead = header.index("Mã nhiệm vụ"), header.index("Hạn"), header.index("Cơ quan chủ trì")
    cells = {row[task].value: row for row in sheet.iter_rows(min_row=2) if row[task].value}
    # The cell shows the period as the plan writes it and keeps the day it falls due on, so the
    # workbook's colour rules and date filters still compare dates; no day is printed.
    month, quarter = cells["kh-192-2022-1"][due], cells["kh-192-2022-2"][due]
    assert (from_excel(month.value), month.number_format) == (datetime(2022, 7, 31), '"Tháng 7/2022"')
    assert (from_excel(quarter.value), quarter.number_format) == (datetime(2022, 9, 30), '"Quý III/2022"')
    assert cells["kh-192-2022-3"][due].value is None
    assert cells["kh-192-2022-3"][lead].value == ", ".join(GROUPS)


def test_reminder_reads_as_the_plan(cchc, tmp_path):
    cchc("deadlines", "--as-of", AS_OF, "--remind", "-o", "don-doc.docx")
    document = docx.Document(str(tmp_path / "don-doc.docx"))
    header = "\n".join(cell.text for row in document.tables[0].rows for cell in row.cells)
    assert "THÀNH PHỐ HÀ NỘI" in header and "Hà Nội, ngày" in header and "TỈNH" not in header
    text = paragraphs(tmp_path / "don-doc.docx")
    start = text.index("Kính gửi:")
    assert [line.strip("-;. ") for line in text[start + 1:start + 3]] == ["Sở Nội vụ", "Văn phòng UBND thành phố"]
    body = "\n".join(text)
    assert "tính đến ngày 5/10/2022" in body and "Chủ tịch UBND thành phố yêu cầu" in body
    assert "theo Kế hoạch số 192/KH-UBND ngày 8/7/2022: hạn quý III/2022, đã quá hạn 5 ngày (3 ngày làm việc)" in body
    assert "hạn tháng 7/2022" in body
    # Only bodies with an overdue task are addressed: the groups' task has no deadline.
    assert not any(group in body for group in GROUPS)


def test_terminal_table_names_the_three_groups(cchc):
    table = " ".join(cchc("deadlines", "--as-of", AS_OF).stdout.split())
    # The cell wraps over three lines of the column, each line between the table's borders.
    for line in ("Các sở, ban, ngành, UBND các quận,", "huyện, thị xã, UBND các xã, phường, thị", "│ trấn"):
        assert line in table
    assert "cơ quan khác" not in table and "đơn vị khác" not in table


def test_an_empty_group_says_why(runner, tmp_path):
    # The commune group has no member of its kind at all: the hint says to add them.
    result = runner.invoke(app, ["--data", str(EXAMPLE), "validate", "--no-cache"], env=ENV)
    assert "danh mục cơ quan chưa có cơ quan nào thuộc loại của nhóm (kinds: xa)" in result.output
    # Districts that all ended before the plan: the hint gives the day they ended.
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".cchc-cache"))
    agencies = repo / "agencies.yaml"
    text = agencies.read_text(encoding="utf-8")
    assert text.count("kind: huyen,") == 30
    agencies.write_text(text.replace("kind: huyen,", "kind: huyen, valid_until: 2021-12-31,"), encoding="utf-8")
    result = runner.invoke(app, ["--data", str(repo), "validate", "--no-cache"], env=ENV)
    assert "«UBND các quận, huyện, thị xã» không có cơ quan nào còn hoạt động vào 8/7/2022" in result.output
    assert "chọn nhóm hoặc cơ quan còn hoạt động vào ngày đó (các cơ quan của nhóm hoạt động đến 31/12/2021)" in (
        " ".join(result.output.split()))


def test_criterion_markdown_gives_each_agency_points_once(cchc):
    # The points per agency are a table of their own in Markdown, not notes repeated above it.
    md = cchc("assign", "--year", "2022", "--by", "criterion", "--format", "md").stdout
    assert "- Sở Nội vụ: chưa rõ điểm" not in md
    assert md.count("| Sở Nội vụ | chưa rõ |") == 1


def test_appendix_round_trip_keeps_the_plan_order_of_the_joint_lead(cchc, tmp_path):
    from ruamel.yaml import YAML

    from cchc.importers.assignment import import_assignment
    from cchc.io.loader import load_dataset
    from cchc.models.assignments import AssignmentSet

    cchc("assign", "--year", "2022", "-o", "pc.docx")
    rows = [[cell.text for cell in row.cells] for row in docx.Document(str(tmp_path / "pc.docx")).tables[0].rows]
    lines = {row[1]: row[2] for row in rows[1:]}
    # Each row names its partners in the plan's order, whatever the row's place in the appendix.
    assert f"{LV7} (đồng chủ trì với Sở Khoa học và Công nghệ, Văn phòng UBND thành phố)." in lines[
        "Sở Thông tin và Truyền thông"]
    assert f"{LV7} (đồng chủ trì với Sở Thông tin và Truyền thông, Văn phòng UBND thành phố)." in lines[
        "Sở Khoa học và Công nghệ"]
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo)
    result = import_assignment(load_dataset(repo), tmp_path / "pc.docx", year=2022,
                               criteria_id="par-index-tinh-876", dry_run=True)
    written = AssignmentSet.model_validate(YAML(typ="safe").load(next(iter(result.files.values()))))
    leads = {code: lead.agency for lead in written.leads for code in lead.codes}
    assert leads["7"] == ["so-tttt", "so-khcn", "van-phong-ubnd"]
