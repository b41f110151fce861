"""One fixture file per failure mode: the exact message, line and column are part of the contract."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cchc.services.validation import validate_repo
from tests.conftest import FIXTURES

BAD = FIXTURES / "bad"

# fixture → (severity, line, column, exact message, text the hint must contain)
CASES = {
    "unknown-key.yaml": ("error", 4, 5, "trường «titel» không hợp lệ ở đây", "«title»"),
    "duplicate-key.yaml": ("error", 7, 5, "khóa «due» bị lặp lại (đã có ở dòng 6)", "xóa một trong hai dòng"),
    "tab-indent.yaml": ("error", 4, 1, "dòng thụt lề bằng ký tự tab; YAML chỉ cho phép thụt lề bằng dấu cách", "dấu cách"),
    "invalid-date.yaml": ("error", 6, 10, "«due»: «2021-02-30» không có trong lịch", "YYYY-MM-DD"),
    "empty.yaml": ("error", 1, 1, "tệp rỗng: không có dữ liệu", "schema"),
    "not-utf8.yaml": ("error", 4, 13, "tệp không phải văn bản UTF-8 (byte 0xE1 không hợp lệ)", "UTF-8"),
    "alias-bomb.yaml": ("error", 1, 1, "tệp dùng bí danh (alias «*») lồng nhau quá nhiều, khi mở rộng sẽ quá lớn", "bí danh"),
    "nfd.yaml": ("warning", 4, None, "tệp có chữ tiếng Việt ở dạng tổ hợp (NFD); đã chuẩn hóa sang dạng dựng sẵn (NFC) khi đọc", "cchc fmt"),
    "code-as-number.yaml": ("error", 7, 16, "mã tiêu chí 7.10 bị YAML đọc thành số 7.1; hãy đặt trong dấu nháy: \"7.10\"", "\"7.10\""),
    "unknown-kind.yaml": ("error", 1, 9, "loại dữ liệu «task» không tồn tại", "«tasks»"),
    "unknown-version.yaml": ("error", 1, 9, "phiên bản tasks@9 không tồn tại", "tasks@1"),
    "missing-schema.yaml": ("error", 1, 1, "thiếu dòng `schema:` cho biết loại dữ liệu của tệp", "schema: tasks@1"),
    "wrong-type.yaml": ("error", 6, 12, "«score» phải là số, không phải «tám mươi ba»", "83.22"),
    "unknown-agency.yaml": ("error", 5, 11, "cơ quan chủ trì «so-noi-vuu» không có trong danh mục cơ quan", "«so-noi-vu»"),
    "agency-ended.yaml": ("warning", 5, 11,
                          "cơ quan chủ trì «Sở Thông tin và Truyền thông» đã kết thúc hoạt động từ sau ngày 28/2/2025, nhưng được dùng cho 31/3/2026",
                          "«so-khcn»"),
    "points-sum.yaml": ("error", 9, 49, "điểm tối đa của «1» là 6 nhưng các mục con cộng lại được 5 (1.1: 2 + 1.2: 3)", None),
    "missing-parent.yaml": ("error", 10, 12, "tiêu chí «2.1» không có mục cha «2» trong bộ tiêu chí", "code \"2\""),
    "duplicate-id.yaml": ("error", 4, 9, "mã cơ quan «so-noi-vu» bị trùng (đã dùng tại agencies.yaml:8)", "duy nhất"),
    "syntax.yaml": ("error", 6, 1, "lỗi cú pháp YAML: tệp kết thúc đột ngột (thiếu dấu nháy đóng?); "
                    "chuỗi trong dấu nháy bắt đầu ở dòng 4", "dấu nháy"),
    "dates-order.yaml": ("error", 4, 5, "valid_until (2025-01-01) trước valid_from (2025-03-01)", None),
}


def _validate_with(fixture: Path, base_repo: Path):
    shutil.copy(fixture, base_repo / "zz.yaml")
    return validate_repo(base_repo, use_cache=False)


def test_every_fixture_has_a_case():
    assert {p.name for p in BAD.glob("*.yaml")} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_failure_mode(name, base_repo):
    severity, line, column, message, hint = CASES[name]
    result = _validate_with(BAD / name, base_repo)
    found = [d for d in result.diagnostics if d.message == message]
    assert found, f"expected {message!r}, got {[d.format() for d in result.diagnostics]}"
    diagnostic = found[0]
    assert diagnostic.severity.value == severity
    assert diagnostic.file is not None and diagnostic.file.name == "zz.yaml"
    assert diagnostic.line == line
    assert diagnostic.column == column
    if hint is not None:
        assert diagnostic.hint and hint in diagnostic.hint
    # The base repository itself is clean: every problem comes from the fixture.
    assert all(d.file.name == "zz.yaml" for d in result.diagnostics if d.file is not None
               and d.code != "duplicate-id")


def test_crlf_and_bom_are_accepted(base_repo):
    result = _validate_with(FIXTURES / "crlf-bom.yaml", base_repo)
    assert result.diagnostics == []
    assert result.records["tasks"] == 1


def test_all_problems_reported_at_once(base_repo):
    for name in ("unknown-agency.yaml", "invalid-date.yaml", "wrong-type.yaml"):
        shutil.copy(BAD / name, base_repo / f"zz-{name}")
    result = validate_repo(base_repo, use_cache=False)
    assert {d.file.name for d in result.errors} == {
        "zz-unknown-agency.yaml", "zz-invalid-date.yaml", "zz-wrong-type.yaml"}
