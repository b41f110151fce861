"""Vietnamese working-day calendar for public agencies.

The base calendar comes from the ``holidays`` package (``holidays.country_holidays("VN")``),
which implements the Labour Code holidays (Tết Dương lịch, Tết Nguyên đán, Giỗ Tổ Hùng Vương,
30/4, 1/5, Quốc khánh), the "nghỉ bù" rules for holidays falling on a weekend, and a table
of government-announced day swaps ("hoán đổi ngày làm việc": a weekday off compensated by a
working Saturday, exposed by ``holidays`` as ``weekend_workdays``). On top of that, the
province/government overrides that ``holidays`` does not (yet) know about are applied:

* ``extra_days_off``: additional days off (e.g. bridging days announced for Tết);
* ``extra_working_days``: days that are working days even though they fall on a weekend or
  holiday (compensating Saturdays, "làm bù");
* ``removed_holidays``: holidays listed by ``holidays`` that must be ignored (the date then
  follows the ordinary rule: Monday–Friday working, Saturday–Sunday off).

Precedence, highest first: ``extra_working_days`` → ``extra_days_off`` → ``removed_holidays``
→ holidays from ``holidays`` → working weekend days from ``holidays`` → Monday–Friday rule.

Counting conventions (Bộ luật Dân sự 2015, Điều 147–148: when a period is counted in days,
the day of the triggering event is not counted and the period starts on the following day):

* ``add_working_days(start, n)`` is the *n*-th working day strictly after ``start``; ``start``
  itself is never counted, whether or not it is a working day. "Trong 10 ngày làm việc kể từ
  ngày ký" therefore means ``add_working_days(ngay_ky, 10)``. ``n == 0`` returns ``start``
  unchanged; ``n < 0`` returns the ``|n|``-th working day strictly before ``start``.
* ``working_days_between(a, b)`` counts working days in the half-open interval ``(a, b]``,
  and is negative (``-working_days_between(b, a)``) when ``b < a``. For a deadline ``due``
  and a completion date ``done`` it is the number of working days late (``> 0``) or early.
  For every ``start`` and ``n >= 1``:
  ``working_days_between(start, add_working_days(start, n)) == n``.

Implementation: for each loaded year the calendar keeps the exceptions to the
Monday–Friday rule as day ordinals (weekdays that are off: weight -1; weekend days that are
working: weight +1) in one sorted list with prefix sums. Counting is then O(1) week
arithmetic plus two binary searches, and adding working days jumps over whole weeks,
stopping only at the (rare) exceptions. Years are loaded lazily from ``holidays`` the first
time a date in them is used; the loaded range is always contiguous.

The library never reads the clock: all dates are passed in by the caller.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType

from cchc.calendar import library
from cchc.calendar.errors import CalendarError
from cchc.textvn import date_numeric

__all__ = [
    "DEFAULT_DAY_OFF_NAME",
    "DEFAULT_WORKING_DAY_NAME",
    "CalendarOverrides",
    "WorkCalendar",
    "canonical_holiday_name",
]

DEFAULT_DAY_OFF_NAME = "Nghỉ theo thông báo"
DEFAULT_WORKING_DAY_NAME = "Làm bù"


def supported_years() -> tuple[int, int]:
    """First and last year of ``holidays``' Vietnamese calendar.

    ``holidays`` is imported on first use (:mod:`cchc.calendar.library`), not with this
    module: it is the largest import of cchc (every country's calendars), and most commands
    that import the calendar (``validate`` through the deadline rules) never compute a working
    day.
    """
    return library.supported_years()


def __getattr__(name: str) -> int:  # MIN_YEAR, MAX_YEAR, computed on first use
    if name == "MIN_YEAR":
        return supported_years()[0]
    if name == "MAX_YEAR":
        return supported_years()[1]
    raise AttributeError(name)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


# --- names -------------------------------------------------------------------------------

_SUBSTITUTED_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_SUFFIX_RE = re.compile(r"\s*\(([^()]*)\)\s*$")
_LUNAR_DAY_RE = re.compile(r"^\d+\s+tết$")


def _canonical_base(base: str) -> str:
    key = base.casefold()
    if "nguyên đán" in key or "giao thừa" in key or _LUNAR_DAY_RE.match(key):
        return "Tết Nguyên đán"
    if "dương lịch" in key:
        return "Tết Dương lịch"
    if "giỗ tổ" in key:
        return "Giỗ Tổ Hùng Vương"
    if "chiến thắng" in key:
        return "Ngày Chiến thắng"
    if "lao động" in key:
        return "Ngày Quốc tế Lao động"
    if "quốc khánh" in key:
        return "Quốc khánh"
    return base


def _canonical_part(label: str) -> tuple[str, date | None]:
    """Canonical name of one ``holidays`` label and, for a day swap, the working day."""
    label = _nfc(label)
    if label.casefold().startswith("ngày nghỉ") and "thay cho" in label.casefold():
        m = _SUBSTITUTED_RE.search(label)
        if m:
            day, month, year = (int(g) for g in m.groups())
            try:
                workday = date(year, month, day)
            except ValueError:
                workday = None
            if workday is not None:
                return f"{DEFAULT_DAY_OFF_NAME} (làm bù ngày {date_numeric(workday)})", workday
        return DEFAULT_DAY_OFF_NAME, None
    observed = False
    while m := _SUFFIX_RE.search(label):
        flags = {f.strip().casefold() for f in m.group(1).split(",")}
        if not flags <= {"nghỉ bù", "dự kiến"}:
            break
        observed = observed or "nghỉ bù" in flags
        label = label[: m.start()].strip()
    base = _canonical_base(label)
    return (f"Nghỉ bù {base}" if observed else base), None


def canonical_holiday_name(label: str) -> str:
    """Normalize a Vietnamese ``holidays`` label to the name used in this project.

    ``holidays`` (language ``"vi"``) names every day of the Tết break separately
    ("29 Tết", "Giao thừa Tết Nguyên Đán", "Mùng hai Tết Nguyên Đán", …); they all become
    "Tết Nguyên đán". Observed days "X (nghỉ bù)" become "Nghỉ bù X"; the "(dự kiến)"
    (estimated) marker is dropped; swapped days "Ngày nghỉ (thay cho ngày 04/05/2024)"
    become "Nghỉ theo thông báo (làm bù ngày 04/05/2024)". Several labels on one date
    (joined by ``"; "``) are normalized one by one and de-duplicated. Output is NFC.
    """
    names: list[str] = []
    for part in label.split(";"):
        if part.strip():
            name = _canonical_part(part)[0]
            if name not in names:
                names.append(name)
    return "; ".join(names)


# --- overrides ---------------------------------------------------------------------------

_OVERRIDE_SECTIONS = ("days_off", "working_days", "removed_holidays")


def _freeze(entries: Mapping[date, str] | None, what: str) -> Mapping[date, str]:
    result: dict[date, str] = {}
    for d, name in (entries or {}).items():
        if isinstance(d, datetime) or not isinstance(d, date):
            raise CalendarError(f"{what}: khóa phải là ngày (datetime.date), nhận được {d!r}.")
        if not isinstance(name, str):
            raise CalendarError(
                f"{what}: tên của ngày {date_numeric(d)} phải là chuỗi, nhận được {name!r}."
            )
        result[d] = _nfc(name)
    return MappingProxyType(dict(sorted(result.items())))


@dataclass(frozen=True)
class CalendarOverrides:
    """Province/government changes to the ``holidays`` calendar (schema ``calendar@1``).

    Each field maps a date to a short Vietnamese name or note.
    """

    days_off: Mapping[date, str] = field(default_factory=dict)
    working_days: Mapping[date, str] = field(default_factory=dict)
    removed_holidays: Mapping[date, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in _OVERRIDE_SECTIONS:
            object.__setattr__(self, name, _freeze(getattr(self, name), name))
        both = sorted(set(self.days_off) & set(self.working_days))
        if both:
            raise CalendarError(
                "Ngày vừa được khai báo là ngày nghỉ (days_off) vừa là ngày làm việc "
                f"(working_days): {', '.join(date_numeric(d) for d in both)}."
            )

def _weekdays_upto(o: int) -> int:
    """Number of Monday–Friday days among ordinals 1..o (o >= 0)."""
    weeks, rest = divmod(o, 7)
    return 5 * weeks + (rest if rest < 5 else 5)


def _nth_weekday(t: int) -> int:
    """Smallest ordinal x with ``_weekdays_upto(x) == t`` (t >= 1); it is a weekday."""
    weeks, rest = divmod(t - 1, 5)
    return 7 * weeks + rest + 1


def _is_weekend(o: int) -> bool:
    return (o - 1) % 7 >= 5


# --- the calendar ------------------------------------------------------------------------


class WorkCalendar:
    """Working days of Vietnamese public agencies, with province/government overrides.

    See the module docstring for precedence rules and counting conventions. Instances are
    logically immutable; internally they cache years loaded from ``holidays`` (lazy, not
    thread-safe during loading). Supported years: those of ``holidays``' VN calendar
    (1901–2100 in ``holidays`` 0.109); other years raise :class:`CalendarError`.
    """

    def __init__(
        self,
        *,
        extra_days_off: Mapping[date, str] | None = None,
        extra_working_days: Mapping[date, str] | None = None,
        removed_holidays: Iterable[date] = (),
    ) -> None:
        removed = list(removed_holidays)
        overrides = CalendarOverrides(
            days_off=extra_days_off or {},
            working_days=extra_working_days or {},
            removed_holidays=dict.fromkeys(removed, ""),
        )
        self.overrides = overrides
        self._extra_off = {d.toordinal(): n or DEFAULT_DAY_OFF_NAME
                           for d, n in overrides.days_off.items()}
        self._extra_work = {d.toordinal(): n or DEFAULT_WORKING_DAY_NAME
                            for d, n in overrides.working_days.items()}
        self._removed = {d.toordinal() for d in overrides.removed_holidays}
        # Loaded range (contiguous years) and its ordinal bounds.
        self._year_lo = 0
        self._year_hi = -1
        self._ord_lo = 1
        self._ord_hi = 0
        self._off_names: dict[int, str] = {}  # day off (holiday/override) -> name
        self._work_names: dict[int, str] = {}  # working weekend day -> name
        self._minus: set[int] = set()  # weekdays that are not working days
        self._plus: set[int] = set()  # weekend days that are working days
        self._exc: list[int] = []  # sorted minus | plus
        self._exc_plus: list[bool] = []  # parallel to _exc
        self._exc_cum: list[int] = [0]  # prefix sums of weights (+1 plus, -1 minus)

    @classmethod
    def from_overrides(cls, overrides: CalendarOverrides | None = None) -> WorkCalendar:
        """Calendar built from parsed ``calendar@1`` overrides (or none)."""
        if overrides is None:
            return cls()
        return cls(
            extra_days_off=overrides.days_off,
            extra_working_days=overrides.working_days,
            removed_holidays=overrides.removed_holidays,
        )

    def __repr__(self) -> str:
        o = self.overrides
        return (
            f"WorkCalendar(extra_days_off={len(o.days_off)}, "
            f"extra_working_days={len(o.working_days)}, "
            f"removed_holidays={len(o.removed_holidays)})"
        )

    # -- loading --------------------------------------------------------------------------

    def _ensure_ordinal(self, o: int) -> None:
        if not (self._ord_lo <= o <= self._ord_hi):
            self._ensure_years(date.fromordinal(o).year)

    def _ensure_range(self, lo: int, hi: int) -> None:
        if not (self._ord_lo <= lo and hi <= self._ord_hi):
            self._ensure_years(date.fromordinal(lo).year, date.fromordinal(hi).year)

    def _ensure_years(self, first: int, last: int | None = None) -> None:
        last = first if last is None else last
        for y in (first, last):
            min_year, max_year = supported_years()
            if not (min_year <= y <= max_year):
                raise CalendarError(
                    f"Năm {y} nằm ngoài phạm vi được hỗ trợ của lịch ngày nghỉ "
                    f"({min_year}–{max_year})."
                )
        if self._year_lo > self._year_hi:  # nothing loaded yet
            wanted = range(first, last + 1)
        else:
            first = min(first, self._year_lo)
            last = max(last, self._year_hi)
            wanted = [y for y in range(first, last + 1)
                      if not (self._year_lo <= y <= self._year_hi)]
        for y in wanted:
            self._load_year(y)
        self._year_lo, self._year_hi = first, last
        self._ord_lo = date(first, 1, 1).toordinal()
        self._ord_hi = date(last, 12, 31).toordinal()
        self._exc = sorted(self._minus | self._plus)
        self._exc_plus = [o in self._plus for o in self._exc]
        cum = [0]
        for is_plus in self._exc_plus:
            cum.append(cum[-1] + (1 if is_plus else -1))
        self._exc_cum = cum

    def _load_year(self, year: int) -> None:
        # ``holidays``' answer covers the neighbouring years too: a day swap can cross the new
        # year (2018-12-31 off, made up on Saturday 2019-01-05), filed under one year only.
        items, workdays = library.library_year(year)
        lo = date(year, 1, 1).toordinal()
        hi = date(year, 12, 31).toordinal()

        lib_off: dict[int, str] = {}
        makeup_for: dict[int, int] = {}  # working weekend day -> holiday it makes up for
        for o, label in items:
            names: list[str] = []
            for part in label.split(";"):
                if not part.strip():
                    continue
                name, workday = _canonical_part(part)
                if workday is not None:
                    makeup_for[workday.toordinal()] = o
                if name not in names:
                    names.append(name)
            if lo <= o <= hi:
                lib_off[o] = "; ".join(names)
        lib_work = {o for o in workdays if lo <= o <= hi}

        candidates = set(lib_off) | lib_work
        candidates |= {o for o in self._extra_off if lo <= o <= hi}
        candidates |= {o for o in self._extra_work if lo <= o <= hi}
        for o in candidates:
            off_name: str | None = None
            if o in self._extra_work:
                working = True
                work_name = self._extra_work[o]
            elif o in self._extra_off:
                working = False
                off_name = self._extra_off[o]
            elif o in lib_off and o not in self._removed:
                working = False
                off_name = lib_off[o]
            elif o in lib_work:
                working = True
                held = makeup_for.get(o)
                work_name = (
                    f"Làm bù cho ngày {date_numeric(date.fromordinal(held))}"
                    if held is not None
                    else DEFAULT_WORKING_DAY_NAME
                )
            else:  # a removed holiday: ordinary rule
                continue
            weekend = _is_weekend(o)
            if working:
                if weekend:
                    self._plus.add(o)
                    self._work_names[o] = work_name
            else:
                assert off_name is not None
                self._off_names[o] = off_name
                if not weekend:
                    self._minus.add(o)

    # -- queries --------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """True if ``d`` is a working day for public agencies."""
        o = d.toordinal()
        if not (self._ord_lo <= o <= self._ord_hi):
            self._ensure_years(d.year)
        if o in self._minus:
            return False
        if o in self._plus:
            return True
        return (o - 1) % 7 < 5

    def holiday_name(self, d: date) -> str | None:
        """Vietnamese name of the holiday or announced day off on ``d``, else ``None``.

        Ordinary weekends have no name. A holiday falling on a weekend keeps its name
        (e.g. 2021-05-01, Saturday: "Ngày Quốc tế Lao động"); its observed day is named
        "Nghỉ bù Ngày Quốc tế Lao động". A date made a working day by an override has no
        holiday name.
        """
        o = d.toordinal()
        self._ensure_ordinal(o)
        return self._off_names.get(o)

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in ``(a, b]``; ``-working_days_between(b, a)`` if ``b < a``.

        ``working_days_between(due, done)`` is how many working days ``done`` is after
        ``due`` (0 when done on the deadline or on the following days off).
        """
        lo, hi = a.toordinal(), b.toordinal()
        sign = 1
        if hi < lo:
            lo, hi, sign = hi, lo, -1
        elif hi == lo:
            return 0
        if not (self._ord_lo <= lo and hi <= self._ord_hi):
            self._ensure_years(date.fromordinal(lo).year, date.fromordinal(hi).year)
        exc, cum = self._exc, self._exc_cum
        adjust = cum[bisect.bisect_right(exc, hi)] - cum[bisect.bisect_right(exc, lo)]
        return sign * (_weekdays_upto(hi) - _weekdays_upto(lo) + adjust)

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day strictly after ``start`` (``start`` is not counted).

        This is the Vietnamese "trong N ngày làm việc kể từ ngày X" deadline: the period
        starts the day after X (BLDS 2015, Điều 147), so the deadline is
        ``add_working_days(X, N)``; e.g. 10 working days from Friday 2021-02-05 skip Tết
        (10–16/2/2021) and end on 2021-02-26. ``n == 0`` returns ``start`` even if it is
        not a working day; ``n < 0`` gives the ``|n|``-th working day strictly before
        ``start`` (useful for "remind N working days before the deadline").
        """
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"Số ngày làm việc phải là số nguyên, nhận được {n!r}.")
        o = start.toordinal()
        if n == 0:
            return start if type(start) is date else date.fromordinal(o)
        self._ensure_ordinal(o)
        return date.fromordinal(self._forward(o, n) if n > 0 else self._backward(o, -n))

    def _forward(self, p: int, r: int) -> int:
        while True:
            b = _nth_weekday(_weekdays_upto(p) + r)  # r-th Mon–Fri day after p
            if b > self._ord_hi:
                self._ensure_ordinal(b)
            exc = self._exc
            i = bisect.bisect_right(exc, p)
            if i == len(exc) or exc[i] > b:
                return b
            e = exc[i]
            r -= _weekdays_upto(e - 1) - _weekdays_upto(p)
            if self._exc_plus[i]:
                r -= 1
                if r == 0:
                    return e
            p = e

    def _backward(self, p: int, r: int) -> int:
        while True:
            t = _weekdays_upto(p - 1) - r + 1
            if t < 1:
                raise CalendarError("Ngày cần tính nằm ngoài phạm vi được hỗ trợ.")
            b = _nth_weekday(t)  # r-th Mon–Fri day before p
            if b < self._ord_lo:
                self._ensure_ordinal(b)
            exc = self._exc
            i = bisect.bisect_left(exc, p) - 1
            if i < 0 or exc[i] < b:
                return b
            e = exc[i]
            r -= _weekdays_upto(p - 1) - _weekdays_upto(e)
            if self._exc_plus[i]:
                r -= 1
                if r == 0:
                    return e
            p = e

    def next_working_day(self, d: date, *, inclusive: bool = False) -> date:
        """First working day after ``d`` (or ``d`` itself if ``inclusive`` and working)."""
        if inclusive and self.is_working_day(d):
            return d
        return self.add_working_days(d, 1)

    def previous_working_day(self, d: date, *, inclusive: bool = False) -> date:
        """Last working day before ``d`` (or ``d`` itself if ``inclusive`` and working)."""
        if inclusive and self.is_working_day(d):
            return d
        return self.add_working_days(d, -1)
