"""Golden tests of the three scoring documents, read back with python-docx and checked against ND 30."""

from __future__ import annotations

from datetime import date

from docx import Document

from cchc.render.service import render_to_file
from tests.conftest import DATA

TODAY = date(2026, 2, 25)


def render(doc_id, tmp_path):
    result = render_to_file(DATA, doc_id, today=TODAY, output=tmp_path / f"{doc_id}.docx", check=True)
    assert [f for f in result.findings if f.severity == "error"] == []
    return Document(str(result.path))


def texts(document):
    return [p.text for p in document.paragraphs if p.text.strip()]


def cells(table):
    return [[c.text for c in row.cells] for row in table.rows]


def test_self_assessment_report(tmp_path):
    document = render("vi-du-bc-tu-danh-gia-chi-so-cchc-2021", tmp_path)
    lines = texts(document)
    assert "BÁO CÁO" in lines
    assert "Kính gửi: Bộ Nội vụ." in lines
    assert any(line.startswith("(Số liệu minh họa") for line in lines)
    body = "\n".join(lines)
    assert "tổng điểm tự chấm đạt 66/70 điểm của phần tự đánh giá (bộ tiêu chí 100 điểm;" in body
    assert "- Tiêu chí 6.2 - [minh họa] Giải ngân kế hoạch vốn đầu tư công: tự chấm 4/5 điểm (cơ quan chủ trì: " \
           "Sở Tài chính)." in lines
    assert "- Văn phòng UBND tỉnh: 5/5 tiêu chí đã tự chấm." in lines
    domains = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    rows = cells(domains)
    assert rows[0] == ["STT", "Lĩnh vực", "Điểm tối đa của lĩnh vực", "Điểm tối đa phần tự đánh giá", "Điểm tự chấm"]
    assert rows[1] == ["1", "Công tác chỉ đạo, điều hành CCHC", "9", "7", "7"]
    assert rows[-1][2:] == ["100", "70", "66"]
    appendix = next(t for t in document.tables if t.rows[0].cells[0].text == "Mã")
    by_code = {row[0]: row for row in cells(appendix)[1:]}
    assert by_code["7.4"][3:] == ["5", "[minh họa] tài liệu kiểm chứng của cơ quan chủ trì", "Sở Khoa học và Công nghệ"]
    assert by_code["1.2"][3] == ""  # a survey criterion is not self-scored
    # A domain row is bold, not "**…**" printed as text (the template once escaped its own markup).
    domain_cell = next(row.cells[1] for row in appendix.rows if row.cells[0].text == "1")
    assert domain_cell.text == "Công tác chỉ đạo, điều hành CCHC"
    assert all(run.bold for run in domain_cell.paragraphs[0].runs if run.text.strip())
    assert any(line.startswith("(Kèm theo Báo cáo số") for line in lines)


def test_request_for_explanation(tmp_path):
    document = render("vi-du-cv-de-nghi-giai-trinh-2025", tmp_path)
    lines = texts(document)
    assert "- UBND phường Buôn Ma Thuột;" in lines and "- UBND phường Tân An." in lines
    assert "- Sở Nội vụ;" not in lines and "- Sở Tư pháp;" in lines  # the issuer does not address itself
    assert any(line.startswith("1. Sở Nội vụ (tự chấm") for line in lines)  # its own criteria are still listed
    assert "- UBND phường Tân Lập;" not in lines and "- UBND phường Tân Lập." not in lines  # not appraised yet
    assert "5. Ủy ban nhân dân phường Buôn Ma Thuột (tự chấm 95 điểm, thẩm định lần 1: 91 điểm):" in lines
    assert ("- Tiêu chí 2.2 - [minh họa] Tỷ lệ hồ sơ giải quyết đúng hạn: tự chấm 14 điểm, thẩm định 12 điểm; "
            "lý do: còn 25 hồ sơ quá hạn (đề nghị giải trình).") in lines
    assert any("Điểm trừ - [minh họa] Bị phê bình" in line and "thẩm định -0,5 điểm" in line for line in lines)
    assert any("trong thời hạn 5 ngày làm việc" in line for line in lines)


def test_decision_with_the_ranking_appendix(tmp_path):
    document = render("vi-du-qd-cong-bo-chi-so-cchc-2025", tmp_path)
    lines = texts(document)
    order = [lines.index(x) for x in ("QUYẾT ĐỊNH", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK",
                                      "Theo đề nghị của Giám đốc Sở Nội vụ.", "QUYẾT ĐỊNH:")]
    assert order == sorted(order)
    assert lines[order[1] + 1].startswith("Căn cứ Luật Tổ chức chính quyền địa phương") and lines[order[1] + 1][-1] == ";"
    assert any(line.startswith("Điều 1. Phê duyệt và công bố Chỉ số cải cách hành chính năm 2025 của các sở, ban, "
                               "ngành và UBND các xã, phường") for line in lines)
    assert any(line.startswith("Điều 3.") and line.endswith("chịu trách nhiệm thi hành Quyết định này./.")
               for line in lines)
    assert "I. CÁC SỞ, BAN, NGÀNH" in lines and "II. UBND CÁC XÃ, PHƯỜNG" in lines
    departments, communes = [t for t in document.tables if t.rows[0].cells[0].text == "Xếp hạng"]
    assert [row[:3] + row[5:] for row in cells(departments)[1:]] == [
        ["1", "Sở Nội vụ", "93", "Xuất sắc", "tăng 2 bậc"],
        ["2", "Sở Tư pháp", "91,5", "Xuất sắc", "giảm 1 bậc"],
        ["2", "Sở Khoa học và Công nghệ", "91,5", "Xuất sắc", "tăng 2 bậc"],
        ["4", "Văn phòng Ủy ban nhân dân tỉnh", "90", "Xuất sắc", "giảm 2 bậc"]]
    assert cells(communes)[2][1:5] == ["Ủy ban nhân dân phường Tân An", "75", "90", "83,33"]  # giam-toi-da
