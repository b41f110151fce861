"""The province-level units of Vietnam as they stand now, for `cchc init` and the province record.

Since 1/7/2025 there are 34 units (Nghị quyết 202/2025/QH15 ngày 12/6/2025 of the National
Assembly: 28 tỉnh and 6 thành phố trực thuộc trung ương); since 30/4/2026 Đồng Nai is a
thành phố (Nghị quyết 30/2026/QH16), so 27 tỉnh and 7 thành phố. Sources:
https://www.vietnamplus.vn/danh-sach-dien-tich-va-dan-so-cua-28-tinh-va-6-thanh-pho-trung-uong-post1043830.vnp ;
https://github.com/dvhcvn/20250701/blob/dd94887ce32324380bc5bb0a76fe39867dafc73b/input/docs/60-NQ_TW.md ;
Đồng Nai: https://github.com/thanglequoc/vietnamese-provinces-database/blob/cd58063299585146ded3981f2272946ef19ced54/README.md
(release v3.1.0; the text of NQ 30/2026/QH16 itself was not read).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from cchc.models.agencies import Province, ProvinceLevel

CITY = ProvinceLevel.CITY
PROVINCE = ProvinceLevel.PROVINCE


@dataclass(frozen=True)
class ProvinceEntry:
    name: str
    level: ProvinceLevel
    since: date  # the day the unit took this level and name


_AFTER_MERGER = date(2025, 7, 1)
PROVINCES: tuple[ProvinceEntry, ...] = (
    *(ProvinceEntry(name, CITY, _AFTER_MERGER)
      for name in ("Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ")),
    ProvinceEntry("Đồng Nai", CITY, date(2026, 4, 30)),
    *(ProvinceEntry(name, PROVINCE, _AFTER_MERGER) for name in (
        "Tuyên Quang", "Cao Bằng", "Lai Châu", "Lào Cai", "Thái Nguyên", "Điện Biên", "Lạng Sơn", "Sơn La",
        "Phú Thọ", "Bắc Ninh", "Quảng Ninh", "Hưng Yên", "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh",
        "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Tây Ninh", "Vĩnh Long",
        "Đồng Tháp", "Cà Mau", "An Giang")),
)


def fold(text: str) -> str:
    """Case-, accent- and tone-placement-insensitive key ("hoà" and "Hòa" agree, "dak lak" finds "Đắk Lắk")."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def find_province(name: str) -> ProvinceEntry | None:
    """The current unit called ``name`` ("Hà Nội", "TP. Hồ Chí Minh", "ha noi"), or None."""
    key = fold(name)
    for prefix in ("thanh pho ", "tp. ", "tp ", "tinh "):
        if key.startswith(prefix):
            key = key[len(prefix):].strip()
            break
    return next((p for p in PROVINCES if fold(p.name) == key), None)


def province_names() -> list[str]:
    return [p.name for p in PROVINCES]


# ---- the province at a date ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceAt:
    """The province-level unit as a text of a given day names it."""

    name: str  # "Thừa Thiên Huế", "Huế"
    level: ProvinceLevel

    @property
    def level_label(self) -> str:
        """"tỉnh" or "thành phố": the word before the name ("UBND tỉnh", "Chủ tịch UBND thành phố")."""
        return self.level.label

    @property
    def title(self) -> str:
        """"tỉnh Thừa Thiên Huế", "thành phố Huế"."""
        return f"{self.level.label} {self.name}"


def province_at(record: Province | Any, on: date | None = None) -> ProvinceAt | None:
    """The name and level of the data's province on ``on``: the one rule of a province whose
    level or name changed (Thừa Thiên Huế, a tỉnh until 31/12/2024, is thành phố Huế from
    1/1/2025; the old Đắk Lắk before its merger with Phú Yên on 1/7/2025).

    ``record`` is a :class:`~cchc.models.agencies.Province` or a dataset (its
    ``province_record``, else its bare ``province`` name as a tỉnh). On or after the record's
    ``valid_from`` (or with no day) it is the record itself; before, the first predecessor
    listed that still existed then (``valid_until`` on or after ``on``): list first the unit
    whose documents the data continues. ``None`` when the data names no province."""
    if not isinstance(record, Province):
        found = getattr(record, "province_record", None)
        if found is None:
            name = getattr(record, "province", None)
            return ProvinceAt(name, PROVINCE) if name else None
        record = found
    if on is None or record.valid_from is None or on >= record.valid_from:
        return ProvinceAt(record.name, record.level)
    for before in record.predecessors:
        if before.valid_until is None or on <= before.valid_until:
            return ProvinceAt(before.name, before.level)
    return ProvinceAt(record.name, record.level)


def own_names(data: Province | Any) -> frozenset[str]:
    """The names under which results, scores and documents are the data's own province: today's
    name and that of its continuing predecessor (the first listed, see :func:`province_at`).
    Thành phố Huế's own PAR INDEX of 2021 is recorded as «Thừa Thiên Huế»; the new Đắk Lắk
    continues the old Đắk Lắk (Phú Yên's results stay Phú Yên's). Empty when no province is named."""
    record = data if isinstance(data, Province) else getattr(data, "province_record", None)
    if record is None:
        name = getattr(data, "province", None)
        return frozenset({name}) if name else frozenset()
    return frozenset({record.name, *(p.name for p in record.predecessors[:1])})


def names_meaning(data: Province | Any, province: str | None) -> frozenset[str] | None:
    """The recorded names that mean ``province``: every name of the data's own province
    (:func:`own_names`) when it is one of them, else that name alone; None (every province)
    when no province is asked for."""
    if province is None:
        return None
    own = own_names(data)
    return own if province in own else frozenset({province})
