"""Agencies: departments, districts and the bodies that issue or receive documents."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from cchc.models.common import Model, Slug, Text


class AgencyKind(StrEnum):
    CENTRAL = "trung-uong"  # Chính phủ, Bộ Nội vụ...
    PROVINCE = "tinh"  # UBND tỉnh
    OFFICE = "van-phong"  # Văn phòng UBND tỉnh
    DEPARTMENT = "so"  # Sở
    SECTOR = "ban-nganh"  # other provincial bodies
    DISTRICT = "huyen"  # huyện, thị xã, thành phố thuộc tỉnh (abolished 1/7/2025)
    COMMUNE = "xa"  # xã, phường, đặc khu (thị trấn until 30/6/2025)
    BODY = "to-chuc"  # Ban Chỉ đạo, Tổ giúp việc, Hội đồng...

    @property
    def label(self) -> str:
        return AGENCY_KIND_LABELS[self]


AGENCY_KIND_LABELS = {
    AgencyKind.CENTRAL: "cơ quan trung ương",
    AgencyKind.PROVINCE: "UBND tỉnh",
    AgencyKind.OFFICE: "văn phòng",
    AgencyKind.DEPARTMENT: "sở",
    AgencyKind.SECTOR: "ban, ngành",
    AgencyKind.DISTRICT: "UBND cấp huyện",
    AgencyKind.COMMUNE: "UBND cấp xã",
    AgencyKind.BODY: "tổ chức phối hợp liên ngành",
}


class Agency(Model):
    id: Slug = Field(description="Mã ngắn, ổn định, ví dụ \"so-noi-vu\"")
    name: Text = Field(description="Tên chính thức, ví dụ \"Sở Nội vụ\"")
    short_name: str | None = Field(default=None, description="Tên ngắn dùng trong bảng, ví dụ \"UBND tỉnh\"")
    abbreviation: str | None = Field(
        default=None, description="Chữ viết tắt dùng trong ký hiệu văn bản, ví dụ \"SNV\", \"UBND\"")
    kind: AgencyKind
    order: int = Field(default=1000, description="Thứ tự hiển thị chính thức (nhỏ đứng trước)")
    parent: Slug | None = Field(default=None, description="Cơ quan chủ quản trực tiếp")
    place: str | None = Field(default=None, description="Địa danh ghi trên văn bản, ví dụ \"Đắk Lắk\"")
    head_title: str | None = Field(default=None, description="Chức danh người đứng đầu, ví dụ \"Giám đốc\"")
    valid_from: date | None = None
    valid_until: date | None = Field(default=None, description="Ngày cuối cùng cơ quan còn tồn tại")
    successor: Slug | None = Field(default=None, description="Cơ quan tiếp nhận chức năng, nhiệm vụ")
    code: str | None = Field(
        default=None, description="Mã đơn vị hành chính (chuỗi, giữ số 0 đầu), ví dụ \"24175\"")
    predecessors: list[str] = Field(
        default_factory=list, description="Các đơn vị trước sắp xếp hợp thành đơn vị này, như văn bản ghi, ví dụ "
                                          "[\"các xã Hòa Phú, Hòa Xuân và Hòa Khánh\"]")
    note: str | None = None
    source: str | None = Field(default=None, description="Văn bản làm căn cứ (thành lập, hợp nhất...)")

    @model_validator(mode="after")
    def _dates_in_order(self) -> Agency:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise PydanticCustomError(
                "date_order", "valid_until ({until}) trước valid_from ({start})",
                {"until": self.valid_until.isoformat(), "start": self.valid_from.isoformat()})
        if self.successor and self.successor == self.id:
            raise PydanticCustomError("self_successor", "cơ quan không thể là cơ quan kế nhiệm của chính nó")
        return self

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def is_valid_on(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)

    def is_valid_in_year(self, year: int) -> bool:
        """Valid at some point of the year."""
        return self.is_valid_on(date(year, 12, 31)) or self.is_valid_on(date(year, 1, 1)) or (
            bool(self.valid_from and self.valid_until)
            and self.valid_from.year <= year <= self.valid_until.year  # type: ignore[union-attr]
        )


class ProvinceLevel(StrEnum):
    """A province-level unit is a tỉnh or a thành phố trực thuộc trung ương (Hiến pháp, Điều 110)."""

    PROVINCE = "tinh"
    CITY = "thanh-pho"

    @property
    def label(self) -> str:
        """The word every text puts before the name: "tỉnh" Đắk Lắk, "thành phố" Hà Nội."""
        return "thành phố" if self is ProvinceLevel.CITY else "tỉnh"


class ProvincePredecessor(Model):
    """A province-level unit merged into (or renamed as) this one."""

    name: Text = Field(description="Tên, ví dụ \"Phú Yên\", \"Thừa Thiên Huế\"")
    level: ProvinceLevel = Field(
        default=ProvinceLevel.PROVINCE,
        description="Cấp khi còn hoạt động: tinh hoặc thanh-pho, ví dụ tinh (Thừa Thiên Huế đến 31/12/2024)")
    code: str | None = Field(default=None, description="Mã đơn vị hành chính (chuỗi), ví dụ \"54\"")
    valid_until: date | None = Field(default=None, description="Ngày cuối cùng đơn vị còn hoạt động")
    source: str | None = None


class Province(Model):
    """The province (or centrally-run city) whose data this is."""

    name: Text = Field(description="Tên, không kèm \"tỉnh\"/\"thành phố\", ví dụ \"Đắk Lắk\"")
    level: ProvinceLevel = Field(
        default=ProvinceLevel.PROVINCE, description="tinh (tỉnh) hoặc thanh-pho (thành phố trực thuộc trung ương)")
    code: str | None = Field(default=None, description="Mã đơn vị hành chính (chuỗi), ví dụ \"66\"")
    valid_from: date | None = Field(default=None, description="Ngày đơn vị (sau sắp xếp) bắt đầu hoạt động")
    predecessors: list[ProvincePredecessor] = Field(
        default_factory=list,
        description="Các đơn vị hợp nhất (hoặc đổi tên, đổi cấp) thành đơn vị này; văn bản trước valid_from lấy "
                    "tên, cấp của đơn vị đầu tiên còn hoạt động vào ngày đó, ví dụ [{name: Thừa Thiên Huế, "
                    "level: tinh, valid_until: 2024-12-31}]")
    source: str | None = Field(default=None, description="Văn bản làm căn cứ (nghị quyết sắp xếp...)")

    @property
    def title(self) -> str:
        """"tỉnh Đắk Lắk", "thành phố Hà Nội": the record's own (today's) title; a text of a given
        day takes it from :func:`cchc.domain.provinces.province_at` (a predecessor before ``valid_from``)."""
        return f"{self.level.label} {self.name}"


class AgencyGroup(Model):
    """A group named by agency kinds ("UBND các xã, phường"), standing wherever an agency id may."""

    id: Slug = Field(description="Mã nhóm, cùng không gian mã với cơ quan, ví dụ \"ubnd-cac-xa-phuong\"")
    name: Text = Field(description="Tên nhóm như văn bản ghi, ví dụ \"UBND các xã, phường\"")
    kinds: list[AgencyKind] = Field(min_length=1, description="Các loại cơ quan thuộc nhóm, ví dụ [xa]")
    note: str | None = None


def _province(value: object) -> object:
    """``province: Đắk Lắk`` is short for ``province: {name: Đắk Lắk, level: tinh}``."""
    return {"name": value} if isinstance(value, str) else value


class AgenciesFile(Model):
    schema_: str = Field(alias="schema")
    province: Annotated[Province, BeforeValidator(_province)] = Field(
        description="Tỉnh hoặc thành phố trực thuộc trung ương: tên (\"Đắk Lắk\") hoặc "
                    "{name, level: tinh|thanh-pho, code, valid_from, predecessors}")
    groups: list[AgencyGroup] = Field(default_factory=list, description="Nhóm cơ quan theo loại")
    agencies: list[Agency]
