"""Tests for cchc.calendar.recurrence."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.calendar import CalendarError, RecurrenceRule, WorkCalendar, expand, period_label_vi

D = date
YEAR_2021 = (D(2021, 1, 1), D(2021, 12, 31))
BNV_581 = RecurrenceRule(every="quarter", day=20)  # 20th of the last month of each quarter


def dues(occurrences):
    return [o.due for o in occurrences]


def test_bnv_581_quarterly_2021_moves_to_previous_working_day():
    occ = expand(BNV_581, *YEAR_2021)
    assert [o.period_label_vi for o in occ] == ["Quý I/2021", "Quý II/2021", "Quý III/2021",
                                               "Quý IV/2021"]
    assert [o.nominal_due for o in occ] == [D(2021, 3, 20), D(2021, 6, 20), D(2021, 9, 20),
                                            D(2021, 12, 20)]
    # 20/3 is a Saturday → Fri 19/3; 20/6 is a Sunday → Fri 18/6.
    assert dues(occ) == [D(2021, 3, 19), D(2021, 6, 18), D(2021, 9, 20), D(2021, 12, 20)]
    assert [o.adjusted for o in occ] == [True, True, False, False]
    assert occ[0].period_start == D(2021, 1, 1)
    assert occ[0].period_end == D(2021, 3, 31)
    assert occ[3].period_end == D(2021, 12, 31)


def test_adjust_next_and_none():
    assert dues(expand(BNV_581, *YEAR_2021, adjust="next")) == [
        D(2021, 3, 22), D(2021, 6, 21), D(2021, 9, 20), D(2021, 12, 20)]
    assert dues(expand(BNV_581, *YEAR_2021, adjust="none")) == [
        D(2021, 3, 20), D(2021, 6, 20), D(2021, 9, 20), D(2021, 12, 20)]


def test_adjust_uses_the_given_calendar():
    cal = WorkCalendar(extra_working_days={D(2021, 3, 20): "Làm bù"},
                       extra_days_off={D(2021, 9, 20): "Nghỉ theo thông báo"})
    assert dues(expand(BNV_581, *YEAR_2021, calendar=cal)) == [
        D(2021, 3, 20), D(2021, 6, 18), D(2021, 9, 17), D(2021, 12, 20)]


def test_adjustment_skips_holidays_not_only_weekends():
    # 5/2/2022 is a Saturday right after Tết (31/1–4/2/2022): previous working day 28/1.
    rule = RecurrenceRule(every="month", day=5)
    occ = expand(rule, D(2022, 2, 1), D(2022, 2, 28))
    assert occ == []  # moved into January, outside the window
    occ = expand(rule, D(2022, 1, 1), D(2022, 2, 28))
    assert [(o.period_label_vi, o.due) for o in occ] == [
        ("Tháng 1/2022", D(2022, 1, 5)), ("Tháng 2/2022", D(2022, 1, 28))]
    assert dues(expand(rule, D(2022, 2, 1), D(2022, 2, 28), adjust="next")) == [D(2022, 2, 7)]


def test_br_vt_quarterly_before_5th_of_last_month():
    rule = RecurrenceRule(every="quarter", day=5, month_of_period="last")
    occ = expand(rule, *YEAR_2021)
    # 5/3 Fri; 5/6 Sat → 4/6; 5/9 Sun → 3/9 is Quốc khánh → 1/9; 5/12 Sun → 3/12.
    assert dues(occ) == [D(2021, 3, 5), D(2021, 6, 4), D(2021, 9, 1), D(2021, 12, 3)]


def test_half_year_and_year_labels():
    half = expand(RecurrenceRule(every="half_year", day=20), *YEAR_2021)
    assert [(o.period_label_vi, o.due) for o in half] == [
        ("6 tháng đầu năm 2021", D(2021, 6, 18)), ("6 tháng cuối năm 2021", D(2021, 12, 20))]
    assert half[1].period_start == D(2021, 7, 1)
    year = expand(RecurrenceRule(every="year", day=20), *YEAR_2021)
    assert [(o.period_label_vi, o.due) for o in year] == [("Năm 2021", D(2021, 12, 20))]
    assert (year[0].period_start, year[0].period_end) == (D(2021, 1, 1), D(2021, 12, 31))


def test_monthly_labels_and_clamping():
    rule = RecurrenceRule(every="month", day=31)
    occ = expand(rule, D(2021, 1, 1), D(2021, 6, 30), adjust="none")
    assert [o.period_label_vi for o in occ] == [f"Tháng {m}/2021" for m in range(1, 7)]
    assert [o.due.day for o in occ] == [31, 28, 31, 30, 31, 30]
    leap = expand(rule, D(2024, 2, 1), D(2024, 2, 29), adjust="none")
    assert dues(leap) == [D(2024, 2, 29)]
    assert period_label_vi("month", 2021, 7) == "Tháng 7/2021"


def test_annual_plan_for_next_year_due_20_11():
    rule = RecurrenceRule(every="year", day=20, month_of_period=11, period_offset=1)
    occ = expand(rule, D(2021, 1, 1), D(2022, 12, 31))
    # 20/11/2021 is a Saturday → 19/11/2021.
    assert [(o.period_label_vi, o.due) for o in occ] == [
        ("Năm 2022", D(2021, 11, 19)), ("Năm 2023", D(2022, 11, 18))]
    assert occ[0].period_start == D(2022, 1, 1)


def test_report_on_previous_quarter():
    rule = RecurrenceRule(every="quarter", day=10, month_of_period="first", period_offset=-1)
    occ = expand(rule, D(2021, 1, 1), D(2021, 4, 30), adjust="none")
    assert [(o.period_label_vi, o.due) for o in occ] == [
        ("Quý IV/2020", D(2021, 1, 10)), ("Quý I/2021", D(2021, 4, 10))]


def test_months_filter_and_window_bounds():
    rule = RecurrenceRule(every="quarter", day=20, months=[3, 9])
    assert rule.months == frozenset({3, 9})
    occ = expand(rule, *YEAR_2021)
    assert [o.period_label_vi for o in occ] == ["Quý I/2021", "Quý III/2021"]
    # Window bounds are inclusive and apply to the adjusted date.
    assert dues(expand(BNV_581, D(2021, 3, 19), D(2021, 3, 19))) == [D(2021, 3, 19)]
    assert expand(BNV_581, D(2021, 3, 20), D(2021, 3, 20)) == []
    multi = expand(BNV_581, D(2020, 12, 1), D(2022, 3, 31))
    assert [o.period_label_vi for o in multi][:2] == ["Quý IV/2020", "Quý I/2021"]
    assert len(multi) == 6
    assert dues(multi) == sorted(dues(multi))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"every": "week", "day": 1}, "Chu kỳ 'every' không hợp lệ: 'week'"),
        ({"every": "quarter", "day": 0}, "'day' phải là số nguyên từ 1 đến 31"),
        ({"every": "quarter", "day": 32}, "'day' phải là số nguyên từ 1 đến 31"),
        ({"every": "quarter", "day": True}, "'day' phải là số nguyên"),
        ({"every": "quarter", "day": "20"}, "'day' phải là số nguyên"),
        ({"every": "quarter", "day": 20, "month_of_period": 4},
         r"số từ 1 đến 3 \(chu kỳ quý\), nhận được: 4"),
        ({"every": "month", "day": 20, "month_of_period": 2}, r"số từ 1 đến 1 \(chu kỳ tháng\)"),
        ({"every": "quarter", "day": 20, "month_of_period": "middle"}, "'first', 'last'"),
        ({"every": "year", "day": 30, "month_of_period": 2}, "Tháng 2 không có ngày 30"),
        ({"every": "year", "day": 31, "month_of_period": "last"}, None),
        ({"every": "quarter", "day": 20, "months": [13]}, "từ 1 đến 12"),
        ({"every": "quarter", "day": 20, "months": []}, "từ 1 đến 12"),
        ({"every": "quarter", "day": 20, "months": "3"}, "danh sách các tháng"),
        ({"every": "quarter", "day": 20, "months": [1, 2]},
         r"Không tháng nào trong 'months'.*3, 6, 9, 12"),
        ({"every": "quarter", "day": 20, "period_offset": 1.5}, "'period_offset' phải là số"),
    ],
)
def test_rule_validation(kwargs, message):
    if message is None:
        RecurrenceRule(**kwargs)
        return
    with pytest.raises(ValueError, match=message) as exc:
        RecurrenceRule(**kwargs)
    assert isinstance(exc.value, CalendarError)


def test_expand_argument_errors():
    with pytest.raises(CalendarError, match=r"Ngày bắt đầu \(31/12/2021\) sau ngày kết thúc"):
        expand(BNV_581, D(2021, 12, 31), D(2021, 1, 1))
    with pytest.raises(CalendarError, match="'adjust' không hợp lệ: 'later'"):
        expand(BNV_581, *YEAR_2021, adjust="later")  # type: ignore[arg-type]
