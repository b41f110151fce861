"""Document specs modelled on the seed dispatches (shared/seeds/000 and 001)."""

from __future__ import annotations

import pytest

from cchc.docx.markup import parse_markup
from cchc.docx.spec import (
    AppendixSpec,
    Column,
    DocumentSpec,
    HeaderSpec,
    SignatureSpec,
    TableBlock,
    TitleSpec,
    merged_rows,
)

CONG_VAN_BODY = """\
Ngày 24/6/2020, Bộ Nội vụ đã công bố Chỉ số cải cách hành chính (CCHC) năm 2020 của các bộ, \
cơ quan ngang bộ, UBND các tỉnh, thành phố trực thuộc Trung ương. Theo đó, Chỉ số CCHC tỉnh \
Đắk Lắk năm 2020 đạt 83,22 điểm, xếp vị thứ 45/63 tỉnh, thành phố trực thuộc Trung ương. Để kịp \
thời khắc phục các tồn tại, hạn chế, Chủ tịch UBND tỉnh chỉ đạo:

## 1. Giao Giám đốc các Sở Nội vụ, Tư pháp, Tài chính, Kế hoạch và Đầu tư, Thông tin và \
Truyền thông và Chánh Văn phòng UBND tỉnh:

- Khẩn trương rà soát, giải trình nguyên nhân các tiêu chí, tiêu chí thành phần chưa đạt điểm \
cao so với yêu cầu Chỉ số CCHC tỉnh năm 2020.

- Xây dựng, đề xuất giải pháp nâng cao Chỉ số CCHC tỉnh năm 2021 theo từng lĩnh vực, tiêu chí \
được phân công tại Phụ lục kèm theo, gửi về Sở Nội vụ **trước ngày 17/7/2021**, để tổng hợp, \
tham mưu UBND tỉnh.

## 2. Giao Sở Nội vụ

- Căn cứ đề xuất, giải pháp khắc phục của các cơ quan, đơn vị gửi về, xây dựng Kế hoạch cải \
thiện Chỉ số CCHC năm 2021, trình UBND tỉnh **trước ngày 30/7/2021**.

- Tham mưu, tổ chức ký cam kết hoặc giao ước thi đua thực hiện nhiệm vụ CCHC năm 2021 giữa \
cơ quan, đơn vị, địa phương trên địa bàn tỉnh.

Nhận được Công văn này, Thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện./.
"""

# Seed 001's appendix: 7 agencies, STT and agency merged over each agency's rows.
ASSIGNMENT_GROUPS = [
    (
        ["1", "Sở Nội vụ"],
        [
            ["Lĩnh vực 1: Công tác chỉ đạo, điều hành CCHC."],
            ["Lĩnh vực 4: Cải cách tổ chức bộ máy hành chính."],
            ["Lĩnh vực 5: Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức."],
        ],
    ),
    (
        ["2", "Sở Tư pháp"],
        [["Lĩnh vực 2: Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật tại tỉnh."]],
    ),
    (
        ["3", "Văn phòng UBND tỉnh"],
        [
            ["Tiêu chí 1.6 - Thực hiện các nhiệm vụ được Chính phủ, Thủ tướng Chính phủ giao."],
            ["Lĩnh vực 3: Cải cách thủ tục hành chính."],
            ["Tiêu chí 7.1.10 - Xây dựng Hệ thống thông tin báo cáo cấp tỉnh."],
            [
                "Tiêu chí 7.1.11 - Tỷ lệ kết nối chế độ báo cáo của UBND tỉnh với Hệ thống "
                "thông tin báo cáo Chính phủ."
            ],
        ],
    ),
    (
        ["4", "Sở Tài chính"],
        [
            ["Lĩnh vực 6: Cải cách tài chính công."],
            [
                "Tiêu chí 8.4 - Thực hiện thu ngân sách hàng năm của tỉnh theo Kế hoạch được Chính phủ giao."
            ],
        ],
    ),
    (
        ["5", "Sở Thông tin và Truyền thông"],
        [["Lĩnh vực 7: Hiện đại hóa hành chính (không gồm tiêu chí 7.4)."]],
    ),
    (
        ["6", "Sở Khoa học và Công nghệ"],
        [["Tiêu chí 7.4 - Áp dụng Hệ thống quản lý chất lượng (ISO 9001) theo quy định."]],
    ),
    (
        ["7", "Sở Kế hoạch và Đầu tư"],
        [
            ["Tiêu chí 8.2 - Mức độ thu hút đầu tư của tỉnh."],
            ["Tiêu chí 8.3 - Mức độ phát triển doanh nghiệp của tỉnh."],
            ["Tiêu chí 8.5 - Tỷ lệ tăng tổng sản phẩm trên địa bàn (GRDP)."],
            [
                "Tiêu chí 8.6 - Mức độ thực hiện các chỉ tiêu phát triển kinh tế - xã hội do HĐND tỉnh giao."
            ],
        ],
    ),
]


def assignment_table() -> TableBlock:
    return TableBlock(
        columns=[
            Column("STT", 15, "center"),
            Column("Tên cơ quan", 50, "left"),
            Column("Lĩnh vực/Tiêu chí/Tiêu chí thành phần", None, "left"),
        ],
        rows=merged_rows(ASSIGNMENT_GROUPS),
    )


def cong_van_spec(**overrides) -> DocumentSpec:
    """Seed 001: công văn of UBND tỉnh Đắk Lắk with the assignment appendix."""
    values = dict(
        header=HeaderSpec(
            parent_name=None,
            issuer_lines=["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK"],
            number_line="Số:        /UBND-KSTTHC",
            subject_vv=(
                "V/v tham mưu giải pháp nâng cao\nkết quả Chỉ số CCHC, Chỉ số Hài\n"
                "lòng về sự phục vụ của cơ quan\nhành chính Nhà nước năm 2021"
            ),
            place_date="Đắk Lắk, ngày      tháng 7 năm 2021",
        ),
        recipients=[
            "Các Sở: Nội vụ, Tư pháp, Tài chính, Thông tin và Truyền thông, Khoa học và Công nghệ, "
            "Kế hoạch và Đầu tư",
            "Văn phòng UBND tỉnh",
        ],
        body=parse_markup(CONG_VAN_BODY),
        signature=SignatureSpec(
            cc=[
                "Như trên",
                "CT, các PCT UBND tỉnh",
                "CVP, các PCVP UBND tỉnh",
                "UBND các huyện, thị xã, thành phố",
                "Cổng thông tin điện tử tỉnh",
                "Các Phòng, TT: TH, KGVX, HCTC, PVHCC, TTCB (QC45a)",
                "Lưu: VT, KSTTHC (D 4)",
            ],
            authority_lines=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
            signer_name="Nguyễn Tuấn Hà",
        ),
        appendices=[
            AppendixSpec(
                label="Phụ lục",
                title_lines=[
                    "PHÂN CÔNG CÁC CƠ QUAN CHỦ TRÌ TRIỂN KHAI, THEO DÕI,",
                    "ĐÔN ĐỐC THỰC HIỆN CÁC TIÊU CHÍ, TIÊU CHÍ THÀNH PHẦN",
                    "CỦA CHỈ SỐ CCHC NĂM 2021",
                ],
                reference_line=(
                    "(Kèm theo Công văn số      /UBND-KSTTHC ngày      tháng      năm 2021\n"
                    "của Ủy ban nhân dân tỉnh Đắk Lắk)"
                ),
                blocks=[assignment_table()],
            )
        ],
    )
    values.update(overrides)
    return DocumentSpec(**values)


TO_TRINH_BODY = """\
Thực hiện Quyết định số 3547/QĐ-UBND ngày 28/12/2019 của UBND tỉnh về việc ban hành Quy chế \
làm việc của Ban Chỉ đạo và Tổ giúp việc của Ban Chỉ đạo Cải cách hành chính tỉnh; Tổ giúp việc \
kính đề nghị Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo CCHC một số nội dung sau:

1. Chỉ đạo các Sở, ban, ngành, UBND các huyện, thị xã, thành phố tăng cường tìm kiếm, thực hiện \
các sáng kiến CCHC năm 2022.

Giao UBND các huyện, thị xã, thành phố nghiên cứu mô hình “**Ngày thứ 4 trực tuyến**”, \
“**ngày không viết**”, “**ngày không hẹn**” để áp dụng, triển khai tại địa phương.

*Lý do:* Mô hình lấy người dân làm trung tâm, giúp nâng cao sự hài lòng của người dân đối với \
sự phục vụ của cơ quan hành chính Nhà nước.

2. Cho chủ trương tổ chức Hội thảo, tọa đàm khoa học về Chỉ số SIPAS trên địa bàn tỉnh.

Kính đề nghị Chủ tịch UBND tỉnh, Trưởng Ban chỉ đạo Cải cách hành chính xem xét, quyết định./.
"""


def to_trinh_spec(**overrides) -> DocumentSpec:
    """Seed 000 presented as a tờ trình of the Tổ giúp việc Ban Chỉ đạo CCHC."""
    values = dict(
        size_pairing="13/14/14",
        header=HeaderSpec(
            parent_name="UBND TỈNH ĐẮK LẮK",
            issuer_lines=["BAN CHỈ ĐẠO CẢI CÁCH", "HÀNH CHÍNH TỈNH"],
            number_line="Số:        /TTr-BCĐ.CCHC",
            place_date="Đắk Lắk, ngày      tháng 7 năm 2022",
        ),
        title=TitleSpec(
            doc_type_name="TỜ TRÌNH",
            summary_lines=["Đề xuất nội dung thực hiện nhiệm vụ cải cách hành chính"],
        ),
        recipients=["Chủ tịch UBND tỉnh, Trưởng Ban chỉ đạo CCHC tỉnh"],
        body=parse_markup(TO_TRINH_BODY),
        signature=SignatureSpec(
            cc=[
                "Như trên",
                "Đ/c Nguyễn Tuấn Hà – PCT UBND tỉnh (b/c)",
                "Sở Nội vụ (b/c)",
                "Lưu: VT, TGV CCHC",
            ],
            authority_lines=["TỔ TRƯỞNG", "PHÓ GIÁM ĐỐC SỞ NỘI VỤ"],
            signer_name="Hoàng Mạnh Hùng",
        ),
    )
    values.update(overrides)
    return DocumentSpec(**values)


QUYET_DINH_BODY = """\
::: center
**QUYẾT ĐỊNH:**
:::

**Điều 1.** Kiện toàn Tổ giúp việc Ban Chỉ đạo Cải cách hành chính tỉnh gồm các ông, bà có tên \
tại danh sách kèm theo.

**Điều 2.** Quyết định này có hiệu lực kể từ ngày ký.

**Điều 3.** Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ và các thành viên có tên tại Điều 1 \
chịu trách nhiệm thi hành Quyết định này./.
"""


def quyet_dinh_spec(**overrides) -> DocumentSpec:
    """Mẫu 1.2: a quyết định cá biệt with căn cứ and a centred "QUYẾT ĐỊNH:"."""
    values = dict(
        header=HeaderSpec(
            issuer_lines=["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK"],
            number_line="Số:        /QĐ-UBND",
            place_date="Đắk Lắk, ngày      tháng      năm 2021",
        ),
        title=TitleSpec("QUYẾT ĐỊNH", ["Về việc kiện toàn Tổ giúp việc Ban Chỉ đạo CCHC tỉnh"]),
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK",
        legal_bases=[
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
            "Theo đề nghị của Giám đốc Sở Nội vụ.",
        ],
        body=parse_markup(QUYET_DINH_BODY),
        signature=SignatureSpec(
            cc=["Như Điều 3", "CT, các PCT UBND tỉnh", "Lưu: VT, NC"],
            authority_lines=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
            signer_name="Nguyễn Tuấn Hà",
        ),
    )
    values.update(overrides)
    return DocumentSpec(**values)


# --- read-back helpers, exposed through the ``rb`` fixture -------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def para_text(p) -> str:
    out = []
    for el in p.iter(w("t"), w("br")):
        out.append(el.text or "" if el.tag == w("t") else "\n")
    return "".join(out)


def text_runs(p) -> list:
    return [r for r in p.iter(w("r")) if "".join(t.text or "" for t in r.findall(w("t"))).strip()]


def run_props(r) -> dict:
    """Direct run properties: size (pt), bold, italic and the four font slots."""
    rpr = r.find(w("rPr"))
    assert rpr is not None, "run without rPr"
    fonts = rpr.find(w("rFonts"))
    sz = rpr.find(w("sz"))
    sz_cs = rpr.find(w("szCs"))
    return {
        "size": int(sz.get(w("val"))) / 2 if sz is not None else None,
        "size_cs": int(sz_cs.get(w("val"))) / 2 if sz_cs is not None else None,
        "bold": rpr.find(w("b")) is not None,
        "italic": rpr.find(w("i")) is not None,
        "fonts": {slot: fonts.get(w(slot)) for slot in ("ascii", "hAnsi", "eastAsia", "cs")}
        if fonts is not None
        else {},
        "theme": [
            a for a in (fonts.attrib if fonts is not None else {}) if "Theme" in a or "theme" in a
        ],
    }


def para_format(paragraph_el) -> dict:
    """One paragraph's formatting: every text run must share it; returns it with alignment."""
    props = [run_props(r) for r in text_runs(paragraph_el)]
    assert props, f"no text in paragraph {para_text(paragraph_el)!r}"
    sizes = {p["size"] for p in props}
    return {
        "size": sizes.pop() if len(sizes) == 1 else sizes,
        "bold": all(p["bold"] for p in props),
        "any_bold": any(p["bold"] for p in props),
        "italic": all(p["italic"] for p in props),
        "any_italic": any(p["italic"] for p in props),
        "text": para_text(paragraph_el),
    }


def cell_paragraphs(tbl_el, row: int, col: int) -> list:
    tr = tbl_el.findall(w("tr"))[row]
    tc = tr.findall(w("tc"))[col]
    return tc.findall(w("p"))


def twips_mm(value) -> float:
    return int(value) * 25.4 / 1440


def rule_length_mm(p, available_mm: float) -> float:
    """Length of a bottom-border rule line: available width minus both indents."""
    ppr = p.find(w("pPr"))
    assert ppr.find(f"{w('pBdr')}/{w('bottom')}") is not None, "not a rule line"
    ind = ppr.find(w("ind"))
    return available_mm - twips_mm(ind.get(w("left"))) - twips_mm(ind.get(w("right")))


def is_rule(p) -> bool:
    return p.find(f"{w('pPr')}/{w('pBdr')}/{w('bottom')}") is not None and not para_text(p).strip()


class ReadBack:
    """Helpers for tests that open a written .docx again."""

    w = staticmethod(w)
    para_text = staticmethod(para_text)
    text_runs = staticmethod(text_runs)
    run_props = staticmethod(run_props)
    para_format = staticmethod(para_format)
    cell_paragraphs = staticmethod(cell_paragraphs)
    twips_mm = staticmethod(twips_mm)
    rule_length_mm = staticmethod(rule_length_mm)
    is_rule = staticmethod(is_rule)

    @staticmethod
    def write_and_open(spec: DocumentSpec, path):
        import docx

        from cchc.docx.writer import write_docx

        write_docx(spec, path)
        return docx.Document(str(path))


@pytest.fixture(scope="session")
def rb() -> type[ReadBack]:
    return ReadBack


@pytest.fixture(scope="session")
def make_cong_van():
    return cong_van_spec


@pytest.fixture(scope="session")
def make_to_trinh():
    return to_trinh_spec


@pytest.fixture(scope="session")
def make_quyet_dinh():
    return quyet_dinh_spec


def _docx_bytes(spec: DocumentSpec) -> bytes:
    import io

    from cchc.docx.writer import build_document

    buffer = io.BytesIO()
    build_document(spec).save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def cong_van_bytes() -> bytes:
    """The seed-001 công văn, built once; tests open private copies with ``docx.Document``."""
    return _docx_bytes(cong_van_spec())


@pytest.fixture(scope="session")
def to_trinh_bytes() -> bytes:
    return _docx_bytes(to_trinh_spec())
