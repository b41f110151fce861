"""The execution budget of a render grows with the data it is given, and only linearly.

A công văn đôn đốc over a large repository loops over tens of thousands of rows: a fixed step
budget refused it. The budget is MAX_STEPS plus STEPS_PER_VALUE per value of the frozen context
(`data_size`); a loop nested in a loop over the same rows is quadratic and still stops. The
fixed part is made small here so that the cases stay fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

import pytest

from cchc import sandbox
from cchc.errors import DataError
from cchc.render.environment import compile_string, make_environment, render_template
from cchc.sandbox import FrozenDict, Record, data_size, freeze


class Colour(Enum):
    RED = "do"

    @property
    def label(self) -> str:
        return "Đỏ"


@dataclass
class Row:
    title: str
    due: date
    days: int
    leads: list[str]
    colour: Colour


ROWS = [Row(f"Nhiệm vụ {i}", date(2021, 7, 1 + i % 28), i, ["so-a", "so-b"], Colour.RED) for i in range(600)]
LINEAR = "{% for r in rows %}- {{ r.title }}: {{ r.days }} ({{ r.due.year }}, {{ r.colour.label }})\n{% endfor %}"
QUADRATIC = "{% for r in rows %}{% for s in rows %}{{ r.days + s.days }}{% endfor %}{% endfor %}"


@pytest.fixture
def small_budget(monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_STEPS", 1000)


def _render(source: str, context: dict) -> str:
    env = make_environment(None, folders=[])
    return render_template(compile_string(env, source, name="mẫu thử"), context, name="mẫu thử")


def test_a_loop_over_big_data_gets_a_budget_that_grows_with_it(small_budget):
    context = {"rows": freeze(ROWS)}
    text = _render(LINEAR, context)  # about 5 steps a row, 3,000 in all: over the fixed 1,000
    assert text.count("\n") == 600 and "Nhiệm vụ 599: 599 (2021, Đỏ)" in text


def test_a_nested_loop_over_the_same_data_still_stops(small_budget):
    with pytest.raises(DataError) as caught:
        _render(QUADRATIC, {"rows": freeze(ROWS)})
    assert "bị dừng" in caught.value.message and "dòng 1" in caught.value.message


def test_the_fixed_budget_still_stops_a_runaway_template_without_data(small_budget):
    with pytest.raises(DataError) as caught:
        _render("{% for i in range(5000) %}{{ i }}{% endfor %}", {})
    assert "1.000 bước" in caught.value.message


def test_data_size_counts_every_value_once():
    frozen = freeze(ROWS[:2])
    # per row: itself, 5 fields, 2 leads; the enum label (value, name, label) counts too
    assert data_size(frozen) == 1 + 2 * (1 + 5 + 2 + 3)
    assert data_size(freeze({"a": 1, "b": [1, 2]})) == 1 + 4 + 2  # itself, 2 keys and 2 values, 2 items
    assert data_size({"rows": frozen, "today": date(2021, 1, 1)}) == 1 + 2 + data_size(frozen) + 1
    # records made by hand (the vetted helpers of the renderer) count their fields
    assert data_size(Record({"a": 1})) == 2 and data_size(FrozenDict({"a": 1})) == 3


def test_freeze_shares_one_label_per_enum_member_and_keeps_records_plain():
    frozen = freeze(ROWS[:3])
    assert frozen[0].colour is frozen[2].colour and frozen[0].colour == "do"
    assert frozen[1].leads == ("so-a", "so-b") and isinstance(frozen[1], Record)
    assert freeze(frozen[0]) is frozen[0]
