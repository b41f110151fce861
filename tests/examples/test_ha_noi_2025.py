"""The Hà Nội 2025 example (examples/ha-noi-2025): a real plan of today's two-level government,
Kế hoạch số 307/KH-UBND ngày 17/11/2025 of UBND thành phố Hà Nội (self-scoring of the 2025 PAR
INDEX), encoded with the README and ``--help`` only. Its seven joint leads, its month deadline
("trong tháng 01/2026"), its groups ("các Sở, cơ quan tương đương Sở", "UBND các xã, phường"), the
departments merged on 1/3/2025 and a commune formed on 1/7/2025 read as the sources do (checks
against the sentences quoted in the example's YAML comments)."""

from __future__ import annotations

from pathlib import Path

import docx

from tests.examples.conftest import deadline_rows

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ha-noi-2025"
AS_OF = "2026-02-10"  # tháng 01/2026 ended on Saturday 31/1; Tết 2026 is 16–20/2

# «Văn phòng UBND Thành phố, Trung tâm Phục vụ hành chính công Thành phố, Thuế thành phố Hà Nội và
# các Sở: Nội vụ, Tư pháp, Tài chính, Khoa học và Công nghệ» — in the plan's order.
LEADS = ["Văn phòng UBND Thành phố", "Trung tâm Phục vụ hành chính công Thành phố", "Thuế thành phố Hà Nội",
         "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Khoa học và Công nghệ"]
# «… các Sở, cơ quan tương đương Sở và UBND các xã, phường thuộc thành phố Hà Nội» (QĐ 5666/QĐ-UBND)
GROUPS = "Các Sở, cơ quan tương đương Sở, UBND các xã, phường"


def test_validates(cchc):
    assert "HỢP LỆ: 3 tệp, 0 lỗi, 0 cảnh báo." in cchc("validate", "--no-cache").output


def test_month_deadline_and_joint_leads_as_the_plan_writes_them(cchc):
    rows = deadline_rows(cchc, "--as-of", AS_OF)
    self_scoring = rows["kh-307-2025-1"]
    assert self_scoring["due_label"] == "Tháng 1/2026"
    assert self_scoring["state"] == "overdue"
    # Overdue from the end of the month (Saturday 31/1, effective Monday 2/2): 10 days, 7 working days.
    assert (self_scoring["days_late"], self_scoring["working_days_late"]) == (10, 7)
    assert self_scoring["lead_names"] == LEADS
    # The survey task's deadline is cut off in the source: no deadline is invented.
    assert rows["kh-307-2025-2"]["state"] == "no_deadline"


def test_text_report_prints_the_month_and_every_lead(cchc):
    text = cchc("deadlines", "--as-of", AS_OF, "--format", "text").stdout
    assert "THÀNH PHỐ HÀ NỘI" in text
    assert ", ".join(LEADS[:-1]) + " và " + LEADS[-1] + "; hạn tháng 1/2026" in text
    assert "31/1/2026" not in text  # the period, not an invented day


def test_groups_are_printed_as_the_plan_and_their_members_see_the_task(cchc):
    md = cchc("deadlines", "--as-of", AS_OF, "--format", "md").stdout
    assert f"| {GROUPS} |" in md
    # A commune formed on 1/7/2025 and a department each hold the group task as a member.
    assert set(deadline_rows(cchc, "--as-of", AS_OF, "--agency", "xa-dan-hoa")) == {"kh-307-2025-2"}
    assert set(deadline_rows(cchc, "--as-of", AS_OF, "--agency", "so-tu-phap")) == {"kh-307-2025-1", "kh-307-2025-2"}
    # A department merged away on 1/3/2025 is no member of «các Sở» in 2026.
    assert deadline_rows(cchc, "--as-of", AS_OF, "--agency", "so-tttt") == {}


def test_reminder_is_addressed_to_the_bodies_that_exist(cchc, tmp_path):
    cchc("deadlines", "--as-of", AS_OF, "--remind", "-o", "don-doc.docx")
    document = docx.Document(str(tmp_path / "don-doc.docx"))
    header = "\n".join(cell.text for row in document.tables[0].rows for cell in row.cells)
    assert "THÀNH PHỐ HÀ NỘI" in header and "Hà Nội, ngày" in header and "TỈNH" not in header
    text = [p.text for p in document.paragraphs if p.text.strip()]
    start = text.index("Kính gửi:")
    assert [line.strip("-;. ") for line in text[start + 1:start + 8]] == LEADS
    body = "\n".join(text)
    assert "tính đến ngày 10/2/2026" in body
    assert "theo Kế hoạch số 307/KH-UBND ngày 17/11/2025: hạn tháng 1/2026, đã quá hạn 10 ngày (7 ngày làm việc)" in body
    # Five working days for the reply, across Tết (16–20/2/2026).
    assert "trước ngày 24/2/2026" in body
    # No body that ended on 28/02/2025 is addressed; the groups' task has no deadline.
    assert "Thông tin và Truyền thông" not in body and "Kế hoạch và Đầu tư" not in body
    assert "UBND các xã, phường" not in body
