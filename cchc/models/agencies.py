"""Agencies: departments, districts and the bodies that issue or receive documents."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from cchc.models.common import Model, Slug, Text


class AgencyKind(StrEnum):
    CENTRAL = "trung-uong"  # Chính phủ, Bộ Nội vụ...
    PROVINCE = "tinh"  # UBND tỉnh
    OFFICE = "van-phong"  # Văn phòng UBND tỉnh
    DEPARTMENT = "so"  # Sở
    SECTOR = "ban-nganh"  # other provincial bodies
    DISTRICT = "huyen"  # huyện, thị xã, thành phố thuộc tỉnh (abolished 1/7/2025)
    COMMUNE = "xa"  # xã, phường, thị trấn
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


class AgenciesFile(Model):
    schema_: str = Field(alias="schema")
    province: Text = Field(description="Tỉnh, ví dụ \"Đắk Lắk\"")
    agencies: list[Agency]
