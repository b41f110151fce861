"""Constants of Nghị định 30/2020/NĐ-CP (Phụ lục I and III) used by the writer and the checker.

Rule ids (R1…R44) refer to the project note ``nd30-format.md``. Lengths are millimetres, sizes
points. The margins are one choice inside the ranges of R2; the checker tests the ranges.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

# --- R1/R2: paper, margins -------------------------------------------------------------
A4_WIDTH_MM = 210.0
A4_HEIGHT_MM = 297.0

MARGIN_TOP_MM = 20.0
MARGIN_BOTTOM_MM = 20.0
MARGIN_LEFT_MM = 30.0
MARGIN_RIGHT_MM = 15.0
HEADER_DISTANCE_MM = 10.0  # must stay below the top margin (R5)
FOOTER_DISTANCE_MM = 10.0

MARGIN_RANGES_MM: dict[str, tuple[float, float]] = {
    "top": (20.0, 25.0),
    "bottom": (20.0, 25.0),
    "left": (30.0, 35.0),
    "right": (15.0, 20.0),
}

TEXT_WIDTH_MM = A4_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165 mm portrait
LANDSCAPE_TEXT_WIDTH_MM = A4_HEIGHT_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 252 mm

LENGTH_TOLERANCE_MM = 0.2  # H-mm

# --- R3: font ----------------------------------------------------------------------------
FONT_NAME = "Times New Roman"

# --- Header / signature table geometry (R42) ---------------------------------------------
HEADER_LEFT_MM = 65.0
HEADER_RIGHT_MM = TEXT_WIDTH_MM - HEADER_LEFT_MM  # 100 mm: holds a 13 pt Quốc hiệu (95.7 mm)
SIGNATURE_LEFT_MM = 70.0
SIGNATURE_RIGHT_MM = TEXT_WIDTH_MM - SIGNATURE_LEFT_MM  # 95 mm
LAYOUT_CELL_MARGIN_MM = 1.0  # left and right cell margins of header and signature tables
DATA_CELL_MARGIN_MM = 1.5  # left and right cell margins of data tables

# --- Rule lines (R8, R9, R15, R41) -------------------------------------------------------
# Short lines are this fraction of the text line they underline (R9/R15 allow 1/3 to 1/2).
SHORT_RULE_RATIO = 0.42
RULE_LINE_HEIGHT_PT = 5.0  # height of the empty paragraph that carries the border
RULE_LINE_WEIGHT_EIGHTHS = 6  # border width in eighths of a point (0.75 pt)

# --- Body (R20) --------------------------------------------------------------------------
BODY_FIRST_LINE_INDENT_MM = 12.7
BODY_SPACE_BEFORE_PT = 6.0
BODY_LINE_SPACING = 1.0  # single; R20 allows 1.0 to 1.5 lines
ACCEPTED_FIRST_LINE_INDENTS_MM = (10.0, 12.7)

# --- Kính gửi (R24) ----------------------------------------------------------------------
KINH_GUI = "Kính gửi:"
KINH_GUI_MIN_INDENT_MM = 15.0
KINH_GUI_MAX_INDENT_MM = 35.0

# --- Texts -------------------------------------------------------------------------------
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_NAME_VARIANTS = (NATIONAL_NAME, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NOI_NHAN = "Nơi nhận:"
END_MARK = "./."

SizePairing = Literal["13/14/14", "12/13/13"]


@dataclass(frozen=True)
class Sizes:
    """Font sizes (pt) of every element, derived from one size pairing (R4)."""

    national: int  # Quốc hiệu (R7)
    motto: int  # Tiêu ngữ (R8)
    place_date: int  # địa danh, ngày (R14)
    agency: int  # tên cơ quan chủ quản and ban hành (R9)
    subject_vv: int  # "V/v" of a công văn (R16)
    title: int  # tên loại and trích yếu (R15)
    body: int  # căn cứ, Kính gửi, content (R17, R20, R24)
    signature: int  # quyền hạn, chức vụ, họ tên (R21, R22)
    page_number: int  # R5
    number: int = 13  # "Số:" (R10)
    cc_heading: int = 12  # "Nơi nhận:" (R25)
    cc_item: int = 11  # recipients (R25)
    appendix_label: int = 14  # "Phụ lục I" (R28)


SIZE_PAIRINGS: dict[str, Sizes] = {
    "13/14/14": Sizes(
        national=13,
        motto=14,
        place_date=14,
        agency=13,
        subject_vv=13,
        title=14,
        body=14,
        signature=14,
        page_number=14,
    ),
    "12/13/13": Sizes(
        national=12,
        motto=13,
        place_date=13,
        agency=12,
        subject_vv=12,
        title=13,
        body=13,
        signature=13,
        page_number=13,
    ),
}

# --- R11: abbreviations of tên loại (PL-III Mục I) ---------------------------------------
ABBREVIATIONS: dict[str, str] = {
    "Nghị quyết": "NQ",
    "Quyết định": "QĐ",
    "Chỉ thị": "CT",
    "Quy chế": "QC",
    "Quy định": "QyĐ",
    "Thông cáo": "TC",
    "Thông báo": "TB",
    "Hướng dẫn": "HD",
    "Chương trình": "CTr",
    "Kế hoạch": "KH",
    "Phương án": "PA",
    "Đề án": "ĐA",
    "Dự án": "DA",
    "Báo cáo": "BC",
    "Biên bản": "BB",
    "Tờ trình": "TTr",
    "Hợp đồng": "HĐ",
    "Công điện": "CĐ",
    "Bản ghi nhớ": "BGN",
    "Bản thỏa thuận": "BTT",
    "Giấy ủy quyền": "GUQ",
    "Giấy mời": "GM",
    "Giấy giới thiệu": "GGT",
    "Giấy nghỉ phép": "GNP",
    "Phiếu gửi": "PG",
    "Phiếu chuyển": "PC",
    "Phiếu báo": "PB",
    "Bản sao y": "SY",
    "Bản trích sao": "TrS",
    "Bản sao lục": "SL",
}
CONG_VAN = "Công văn"
# Types without an abbreviation (Điều 7): they carry no tên loại in the ký hiệu.
TYPES_WITHOUT_ABBREVIATION = ("Công văn", "Thư công")

SIGNING_PREFIXES = ("TM.", "Q.", "KT.", "TL.", "TUQ.")
ACADEMIC_TITLES = ("GS", "PGS", "TS", "ThS", "BS", "KS", "CN")


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return "-".join(plain.casefold().split())


def canonical_doc_type(doc_type: str) -> str:
    """Return the canonical name of a document type.

    Accepts the name in any case ("tờ trình", "Tờ trình") or its slug ("to-trinh", as in
    ``cchc.models.documents.DocType``). Raises ``ValueError`` with a Vietnamese message for an
    unknown type.
    """
    wanted = unicodedata.normalize("NFC", str(doc_type)).strip()
    for name in (*TYPES_WITHOUT_ABBREVIATION, *ABBREVIATIONS):
        if name.casefold() == wanted.casefold() or _slug(name) == _slug(wanted):
            return name
    raise ValueError(
        f"Loại văn bản “{doc_type}” không có trong danh mục của Nghị định 30/2020/NĐ-CP."
    )


def has_type_name(doc_type: str) -> bool:
    """True if the type is presented with a tên loại line (all types but công văn, thư công)."""
    return canonical_doc_type(doc_type) not in TYPES_WITHOUT_ABBREVIATION
