"""Reading deadlines as plans write them ("trước ngày 15/7/2022", "Quý III/2022", "Thường xuyên")
into the deadline forms of the data (contract 2 of docs/architecture.md):

=============================  ==============================================
text in the plan               YAML value (``due:`` unless noted)
=============================  ==============================================
15/7/2022, trước ngày 15/7/2022 ``2022-07-15`` (a day)
tháng 7/2022, trong tháng 7     ``2022-07`` (a month)
quý III/2022, quý 3 năm 2022    ``2022-Q3`` (a quarter)
6 tháng đầu năm (2022)          ``2022-H1``; "6 tháng cuối năm" → ``2022-H2``
3 tháng cuối năm 2022           ``2022-Q4`` ("3 tháng đầu năm" → ``Q1``)
năm 2026, trong năm 2026        ``2026`` (a year)
thường xuyên, liên tục          ``thường xuyên``
định kỳ (kỳ không nêu)          ``định kỳ`` (never overdue, like continuous work)
hằng quý, hằng tháng, hằng năm  ``{every: quarter}`` …
trước ngày 15 hằng tháng        ``{every: month, day: 15}``
10 ngày làm việc                ``due_working_days: 10``
=============================  ==============================================

A text without a year ("tháng 7", "6 tháng đầu năm") takes the plan's year, given by the caller;
without one it is not understood. A text that is none of these (a range, two deadlines, "theo
tiến độ") is *not* turned into anything: :func:`parse_deadline_text` raises
:class:`DeadlineTextError` so the caller reports it with its row. The model parses the YAML value
(``cchc.domain.deadlines``); this module only turns human text into it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

CONTINUOUS = "thường xuyên"
PERIODIC = "định kỳ"

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_EVERY = {"thang": "month", "quy": "quarter", "nam": "year"}

# Leading words that do not change the deadline.
_LEAD_IN = re.compile(
    r"^(?:(?:hoan thanh|thuc hien|xong|han|thoi han|chap nhat|cham nhat|truoc|den|trong|vao|"
    r"ngay|toi|khong qua|duoc)\b\s*[:,]?\s*)+")


class DeadlineTextError(ValueError):
    """The text is not a deadline this module understands (the message says why, in Vietnamese)."""


@dataclass(frozen=True)
class ParsedDeadline:
    """A deadline ready for YAML: ``key`` is ``due`` or ``due_working_days``."""

    key: str
    value: Any
    text: str


def fold(text: str) -> str:
    """Lower case, no diacritics ("đ" → "d"), single spaces: what the patterns below read."""
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).lower().replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("–", "-").replace("—", "-").replace("\u00a0", " ")
    return " ".join(text.split()).strip(" .;,")


def _year(text: str | None, default: int | None, original: str) -> int:
    if text:
        return int(text)
    if default is None:
        raise DeadlineTextError(f"«{original}» không ghi năm; ghi rõ năm trong bảng (ví dụ «{original}/2026») "
                               "hoặc cho biết năm của kế hoạch bằng --year")
    return default


def _day(year: int, month: int, day: int, original: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DeadlineTextError(f"«{original}» không phải một ngày có thật") from None


_YEAR = r"(?:\s*(?:/|-|nam)\s*(\d{4}))"
_DATE_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?$")
_DATE_WORDS = re.compile(r"^(\d{1,2})\s+thang\s+(\d{1,2})(?:\s*(?:,\s*)?nam\s+(\d{4}))?$")
_MONTH = re.compile(rf"^thang\s+(\d{{1,2}}){_YEAR}?$")
_MONTH_BARE = re.compile(r"^(\d{1,2})\s*/\s*(\d{4})$")
_QUARTER = re.compile(rf"^quy\s+(iv|iii|ii|i|[1-4]){_YEAR}?$")
_HALF = re.compile(rf"^(?:6|sau)\s+thang\s+(dau|cuoi)\s+nam{_YEAR}?$|^(?:6|sau)\s+thang\s+(dau|cuoi)\s+nam\s*(\d{{4}})$")
_QUARTER_WORDS = re.compile(rf"^(?:3|ba)\s+thang\s+(dau|cuoi)\s+nam{_YEAR}?$|^(?:3|ba)\s+thang\s+(dau|cuoi)\s+nam\s*(\d{{4}})$")
_YEAR_ONLY = re.compile(r"^(?:(?:ca\s+)?nam\s+)?(\d{4})$")
_WHOLE_YEAR = re.compile(r"^ca\s+nam$")
_WORKING_DAYS = re.compile(r"^(\d{1,3})\s+ngay\s+lam\s+viec\b.*$")
_CONTINUOUS = re.compile(r"^(?:thuong xuyen|lien tuc|thuong xuyen,? lien tuc|hang ngay|thuong xuyen hang ngay)$")
_PERIODIC = re.compile(r"^(?:dinh ky|theo dinh ky|bao cao dinh ky)$")
_EVERY_RE = re.compile(
    r"^(?:(?:dinh ky\s+)?hang\s+(thang|quy|nam)|dinh ky\s+(thang|quy|nam)|(?:dinh ky\s+)?(?:6|sau)\s+thang(?:\s+mot\s+lan)?)$")
_EVERY_DAY = re.compile(
    r"^(?:ngay\s+)?(\d{1,2})\s+(?:cua\s+)?(?:hang|moi|cac)\s+(thang|quy)$|"
    r"^(?:hang|moi)\s+(thang|quy)\s*,?\s*(?:truoc\s+)?ngay\s+(\d{1,2})$")


def parse_deadline_text(text: str | None, *, year: int | None = None) -> ParsedDeadline | None:
    """The deadline written in ``text``; None when the cell is empty.

    ``year`` is the plan's year, used when the text names no year. Raises
    :class:`DeadlineTextError` when the text is not one deadline.
    """
    if text is None:
        return None
    original = " ".join(str(text).split())
    if not original or original in ("-", "–", "x"):
        return None
    folded = fold(original)
    body = _LEAD_IN.sub("", folded).strip(" :,")
    due = _parse(body, year, original)
    if isinstance(due, ParsedDeadline):
        return due
    return ParsedDeadline("due", due, original)


def _parse(body: str, year: int | None, original: str) -> Any:
    if _CONTINUOUS.match(body):
        return CONTINUOUS
    if _PERIODIC.match(body):
        return PERIODIC
    if match := _WORKING_DAYS.match(body):
        return ParsedDeadline("due_working_days", int(match.group(1)), original)
    if match := _EVERY_DAY.match(body):
        day = int(match.group(1) or match.group(4))
        unit = match.group(2) or match.group(3)
        if not 1 <= day <= 31:
            raise DeadlineTextError(f"«{original}»: ngày {day} không có trong tháng")
        return {"every": _EVERY[unit], "day": day}
    if match := _EVERY_RE.match(body):
        unit = match.group(1) or match.group(2)
        return {"every": _EVERY[unit] if unit else "half"}
    if match := _DATE_NUMERIC.match(body) or _DATE_WORDS.match(body):
        day, month = int(match.group(1)), int(match.group(2))
        return _day(_year(match.group(3), year, original), month, day, original)
    if match := _MONTH.match(body) or _MONTH_BARE.match(body):
        month = int(match.group(1))
        if not 1 <= month <= 12:
            raise DeadlineTextError(f"«{original}»: tháng {month} không có thật")
        return f"{_year(match.group(2), year, original):04d}-{month:02d}"
    if match := _QUARTER.match(body):
        quarter = _ROMAN.get(match.group(1)) or int(match.group(1))
        return f"{_year(match.group(2), year, original):04d}-Q{quarter}"
    if match := _HALF.match(body):
        which = match.group(1) or match.group(3)
        given = match.group(2) or match.group(4)
        return f"{_year(given, year, original):04d}-H{1 if which == 'dau' else 2}"
    if match := _QUARTER_WORDS.match(body):
        which = match.group(1) or match.group(3)
        given = match.group(2) or match.group(4)
        return f"{_year(given, year, original):04d}-Q{1 if which == 'dau' else 4}"
    if match := _YEAR_ONLY.match(body):
        return int(match.group(1))
    if _WHOLE_YEAR.match(body):
        return _year(None, year, original)
    raise DeadlineTextError(
        f"không hiểu thời hạn «{original}»; viết theo một trong các dạng: «15/7/2022», «tháng 7/2022», "
        "«quý III/2022», «6 tháng đầu năm 2022», «năm 2026», «thường xuyên», «định kỳ», «hằng quý», "
        "«trước ngày 15 hằng tháng», «10 ngày làm việc»")


def deadline_yaml(value: Any) -> str:
    """The YAML text of a ``due`` value as :func:`parse_deadline_text` returns it."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        inner = ", ".join(f"{k}: {v}" for k, v in value.items())
        return "{" + inner + "}"
    return str(value)
