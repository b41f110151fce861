"""Agency names as documents write them → ids; insensitive to tone placement and NFC/NFD."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pytest

from cchc.domain.agency_names import AgencyNameIndex, is_generic, name_key


@dataclass
class A:
    id: str
    name: str
    short_name: str | None = None
    abbreviation: str | None = None


@dataclass
class G:
    id: str
    name: str


AGENCIES = [
    A("so-noi-vu", "Sở Nội vụ", abbreviation="SNV"),
    A("so-tttt", "Sở Thông tin và Truyền thông", abbreviation="STTTT"),
    A("so-khcn", "Sở Khoa học và Công nghệ"),
    A("so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch"),
    A("van-phong-ubnd", "Văn phòng Ủy ban nhân dân tỉnh", short_name="Văn phòng UBND tỉnh"),
    A("ubnd-tinh", "Ủy ban nhân dân tỉnh Đắk Lắk", short_name="UBND tỉnh", abbreviation="UBND"),
    A("xa-hoa-phu", "Xã Hòa Phú"),
]
GROUPS = [G("ubnd-cac-xa-phuong", "UBND các xã, phường"), G("cac-so-ban-nganh", "Các sở, ban, ngành")]


@pytest.fixture
def index():
    return AgencyNameIndex.from_agencies(AGENCIES, GROUPS, province="Đắk Lắk")


@pytest.mark.parametrize(("text", "expected"), [
    ("Sở TT&TT", "so-tttt"), ("Sở TT và TT", "so-tttt"), ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "so-tttt"),
    ("Sở KH&CN", "so-khcn"), ("VP UBND tỉnh", "van-phong-ubnd"), ("Văn phòng UBND tỉnh", "van-phong-ubnd"),
    ("UBND tỉnh", "ubnd-tinh"), ("Ủy ban nhân dân tỉnh", "ubnd-tinh"), ("SNV", "so-noi-vu"),
    ("Sở VH, TT&DL", "so-vhttdl"), ("Xã Hoà Phú", "xa-hoa-phu"), ("Xã Hòa Phú", "xa-hoa-phu"),
    (unicodedata.normalize("NFD", "Xã Hoà Phú"), "xa-hoa-phu"),
    ("UBND các xã, phường", "ubnd-cac-xa-phuong"), ("Các sở, ban, ngành", "cac-so-ban-nganh"),
])
def test_names_match(index, text, expected):
    match = index.lookup(text)
    assert match.ids == [expected], (text, match)


def test_tone_placement_and_normal_form_share_a_key():
    assert name_key("Hòa") == name_key("Hoà") == name_key(unicodedata.normalize("NFD", "Hoà"))


def test_cell_with_several_agencies_keeps_comma_names_whole(index):
    matches = index.split("Sở Nội vụ, Sở Văn hóa, Thể thao và Du lịch và Sở TT&TT")
    assert [m.ids for m in matches] == [["so-noi-vu"], ["so-vhttdl"], ["so-tttt"]]
    lines = index.split("- Sở Nội vụ\n- UBND các xã, phường; VP UBND tỉnh")
    assert [m.ids[0] for m in lines] == ["so-noi-vu", "ubnd-cac-xa-phuong", "van-phong-ubnd"]


def test_unknown_name_has_candidates_and_no_id(index):
    match = index.lookup("Sở Nội vu")
    assert not match.ok and match.ids == []
    assert match.candidates[0] == "so-noi-vu"


def test_generic_phrases_are_not_agencies(index):
    assert is_generic("Các cơ quan, đơn vị liên quan")
    matches = index.split("Sở Nội vụ, các cơ quan liên quan")
    assert matches[0].ids == ["so-noi-vu"] and matches[1].generic


def test_user_mapping_wins_and_can_say_no_agency():
    index = AgencyNameIndex.from_agencies(AGENCIES, mapping={"Sở TT&TT": "so-khcn", "Tổ công tác": None,
                                                             "Các sở chuyên ngành": ["so-noi-vu", "so-khcn"]})
    assert index.lookup("Sở Thông tin và Truyền thông").ids == ["so-khcn"]
    assert index.lookup("Tổ công tác").generic
    several = index.lookup("các sở chuyên ngành")
    assert several.ok and several.ids == ["so-noi-vu", "so-khcn"]


def test_same_name_twice_is_ambiguous():
    index = AgencyNameIndex.from_agencies([A("a", "Phòng Nội vụ"), A("b", "Phòng Nội vụ")])
    assert index.lookup("Phòng Nội vụ").ambiguous


@dataclass
class Dated(A):
    valid_until: object = None

    def is_valid_on(self, day) -> bool:
        return self.valid_until is None or day <= self.valid_until


def test_namesakes_are_told_apart_by_the_document_date():
    import datetime as dt

    old = Dated("so-tai-chinh-cu", "Sở Tài chính", valid_until=dt.date(2025, 2, 28))
    new = Dated("so-tai-chinh", "Sở Tài chính")
    assert AgencyNameIndex.from_agencies([old, new]).lookup("Sở Tài chính").ambiguous
    later = AgencyNameIndex.from_agencies([old, new], on=dt.date(2026, 1, 15))
    assert later.lookup("Sở Tài chính").ids == ["so-tai-chinh"]
    earlier = AgencyNameIndex.from_agencies([old, new], on=dt.date(2024, 1, 15))
    assert earlier.lookup("Sở Tài chính").ambiguous  # both existed then: never guess
