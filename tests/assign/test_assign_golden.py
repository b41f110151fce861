"""`cchc assign --year 2021` on the bundled data reproduces seed 001's appendix."""

from __future__ import annotations

import json
import re

from cchc.cli.main import app
from tests.conftest import DATA, SEEDS

ENV = {"COLUMNS": "200", "NO_COLOR": "1"}

# Seed 001's appendix, in order, with the exclusions the seed left implicit made explicit
# (Lĩnh vực 1 without 1.6; Lĩnh vực 7 also without 7.1.10 and 7.1.11).
EXPECTED = [
    ("so-noi-vu", "Sở Nội vụ", [
        "Lĩnh vực 1: Công tác chỉ đạo, điều hành CCHC (không gồm tiêu chí 1.6).",
        "Lĩnh vực 4: Cải cách tổ chức bộ máy hành chính.",
        "Lĩnh vực 5: Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức.",
    ]),
    ("so-tu-phap", "Sở Tư pháp", [
        "Lĩnh vực 2: Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật tại tỉnh.",
    ]),
    ("van-phong-ubnd", "Văn phòng UBND tỉnh", [
        "Tiêu chí 1.6 - Thực hiện các nhiệm vụ được Chính phủ, Thủ tướng Chính phủ giao.",
        "Lĩnh vực 3: Cải cách thủ tục hành chính.",
        "Tiêu chí 7.1.10 - Xây dựng Hệ thống thông tin báo cáo cấp tỉnh.",
        "Tiêu chí 7.1.11 - Tỷ lệ kết nối chế độ báo cáo của UBND tỉnh với Hệ thống thông tin báo cáo Chính phủ.",
    ]),
    ("so-tai-chinh", "Sở Tài chính", [
        "Lĩnh vực 6: Cải cách tài chính công.",
        "Tiêu chí 8.4 - Thực hiện thu ngân sách hàng năm của tỉnh theo Kế hoạch được Chính phủ giao.",
    ]),
    ("so-tttt", "Sở Thông tin và Truyền thông", [
        "Lĩnh vực 7: Hiện đại hóa hành chính (không gồm tiêu chí 7.1.10, 7.1.11, 7.4).",
    ]),
    ("so-khcn", "Sở Khoa học và Công nghệ", [
        "Tiêu chí 7.4 - Áp dụng Hệ thống quản lý chất lượng (ISO 9001) theo quy định.",
    ]),
    ("so-khdt", "Sở Kế hoạch và Đầu tư", [
        "Tiêu chí 8.2 - Mức độ thu hút đầu tư của tỉnh.",
        "Tiêu chí 8.3 - Mức độ phát triển doanh nghiệp của tỉnh.",
        "Tiêu chí 8.5 - Tỷ lệ tăng tổng sản phẩm trên địa bàn (GRDP).",
        "Tiêu chí 8.6 - Mức độ thực hiện các chỉ tiêu phát triển kinh tế - xã hội do HĐND tỉnh giao.",
    ]),
]

_EXCLUSION = re.compile(r" \(không gồm tiêu chí [^)]*\)")


def _json(runner) -> dict:
    result = runner.invoke(app, ["--data", str(DATA), "assign", "--year", "2021", "--format", "json"], env=ENV)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_lists_seed_001_agencies_order_and_items(runner):
    payload = _json(runner)
    got = [(a["id"], a["name"], [item["label"] + "." for item in a["items"]]) for a in payload["agencies"]]
    assert got == EXPECTED
    assert [a["stt"] for a in payload["agencies"]] == list(range(1, 8))
    tttt = payload["agencies"][4]["items"][0]
    assert tttt["code"] == "7" and tttt["exclusions"] == ["7.1.10", "7.1.11", "7.4"]
    assert payload["criteria_set"] == {"id": "par-index-tinh-1149", "complete": False, "total_points": 100}


def test_table_output_is_grouped_like_the_seed(runner):
    result = runner.invoke(app, ["--data", str(DATA), "assign", "--year", "2021"], env=ENV)
    assert result.exit_code == 0, result.output
    out = result.stdout
    for header in ("STT", "Tên cơ quan", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần"):
        assert header in out
    lines = [line for line in out.splitlines() if "│" in line]
    cells = [[c.strip() for c in line.strip()[1:-1].split("│")] for line in lines]
    assert all(len(c) == 3 for c in cells), out
    firsts = [(c[0], c[1]) for c in cells if c[0]]
    assert firsts == [(str(n), name) for n, (_, name, _) in enumerate(EXPECTED, start=1)]
    assert [c[2] for c in cells] == [item for _, _, items in EXPECTED for item in items]
    # The incomplete criteria set is said, not hidden; the missing 8.1 is pointed at.
    assert "bộ tiêu chí chưa đầy đủ" in result.stderr
    assert "8.1" in result.stderr
    assert "0 lỗi" in result.stderr


def test_matches_the_seed_text_apart_from_the_explicit_exclusions():
    seed_files = sorted(SEEDS.glob("001_*.txt"))
    assert seed_files, "tests/golden/seeds must hold seed 001"
    text = seed_files[0].read_text(encoding="utf-8")
    appendix = text[text.index("STT\tTên cơ quan"):]
    seed_items: list[str] = []
    seed_agencies: list[str] = []
    for line in appendix.splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or parts[0] == "STT":
            continue
        if parts[1]:
            seed_agencies.append(parts[1])
        seed_items.append(parts[2])
    assert seed_agencies == [name for _, name, _ in EXPECTED]
    ours = [item for _, _, items in EXPECTED for item in items]
    assert [_EXCLUSION.sub("", s) for s in seed_items] == [_EXCLUSION.sub("", s) for s in ours]
