"""Property tests of the scoring rules: totals, the not-applicable rescaling, caps and shared ranks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.models.criteria import CriteriaSet
from cchc.services.scoring import competition_ranks, compute_total

MAXIMA = (20.0, 20.0, 20.0, 40.0)  # lĩnh vực 1..4; 1 has children 1.1 (12) and 1.2 (8)


def criteria_set(rule: str | None = "quy-doi", bonus_cap: float | None = 2, penalty_cap: float | None = 3
                 ) -> CriteriaSet:
    return CriteriaSet.model_validate({
        "schema": "criteria@1", "id": "bo", "index": "PAR_INDEX", "level": "so", "name": "Bộ",
        "legal_basis": {"number": "1/QĐ"}, "years": [2025], "total_points": 100,
        "not_applicable_rule": rule, "bonus_cap": bonus_cap, "penalty_cap": penalty_cap,
        "items": [{"code": "1", "name": "a", "max_points": 20, "optional": True},
                  {"code": "1.1", "name": "a1", "max_points": 12}, {"code": "1.2", "name": "a2", "max_points": 8},
                  {"code": "2", "name": "b", "max_points": 20, "optional": True},
                  {"code": "3", "name": "c", "max_points": 20}, {"code": "4", "name": "d", "max_points": 40}],
        "adjustments": [{"code": "9.1", "name": "thưởng 1", "kind": "thuong", "max_points": 2},
                        {"code": "9.2", "name": "thưởng 2", "kind": "thuong", "max_points": 2},
                        {"code": "9.3", "name": "trừ", "kind": "tru", "max_points": 3},
                        {"code": "9.4", "name": "trừ 2", "kind": "tru", "max_points": 3}]})


fractions = st.floats(min_value=0, max_value=1, allow_nan=False)


@st.composite
def scores(draw):
    parts = [draw(fractions) for _ in range(5)]
    values = {"1.1": 12 * parts[0], "1.2": 8 * parts[1], "2": 20 * parts[2], "3": 20 * parts[3], "4": 40 * parts[4]}
    if draw(st.booleans()):
        values["1"] = values["1.1"] + values["1.2"] + draw(st.floats(-5, 5))  # a parent never counts twice
    return values


@given(scores())
def test_the_total_is_the_sum_of_the_finest_level(values):
    total = compute_total(criteria_set(), values)
    expected = values["1.1"] + values["1.2"] + values["2"] + values["3"] + values["4"]
    assert abs(total.total - expected) < 1e-5
    assert total.maximum == 100 and abs(total.index - total.total) < 1e-5
    assert 0 <= total.total <= 100 + 1e-5


@given(scores(), st.sampled_from([{"1"}, {"2"}, {"1", "2"}, {"1", "1.1"}]))
def test_scaling_to_the_total(values, skipped):
    total = compute_total(criteria_set("quy-doi"), values, skipped)
    applicable = 100 - sum(20 for code in skipped if code in ("1", "2"))
    kept = sum(v for c, v in values.items() if c not in ("1",) and not any(c == s or c.startswith(s + ".")
                                                                             for s in skipped))
    if "1" not in skipped:
        kept = values["1.1"] + values["1.2"] + values["2"] * ("2" not in skipped) + values["3"] + values["4"]
    assert total.applicable_max == applicable
    assert abs(total.total - kept * 100 / applicable) < 1e-5
    assert total.maximum == 100 and total.total <= 100 + 1e-5
    full = {c: (12 if c == "1.1" else 8 if c == "1.2" else 20 if c in ("1", "2", "3") else 40) for c in values}
    assert abs(compute_total(criteria_set("quy-doi"), full, skipped).total - 100) < 1e-5  # full marks stay 100


@given(scores(), st.sampled_from([{"1"}, {"2"}, {"1", "2"}]))
def test_reducing_the_maximum(values, skipped):
    reduced = compute_total(criteria_set("giam-toi-da"), values, skipped)
    scaled = compute_total(criteria_set("quy-doi"), values, skipped)
    assert reduced.maximum == reduced.applicable_max == 100 - 20 * len(skipped)
    assert reduced.total <= reduced.maximum + 1e-5
    assert abs(reduced.index - scaled.total) < 1e-5  # both rules give the same index


@given(scores(), st.lists(st.floats(0, 2), min_size=2, max_size=2), st.lists(st.floats(-3, 0), min_size=2,
                                                                             max_size=2))
def test_bonus_and_penalty_are_capped(values, bonus, penalty):
    with_adjustments = {**values, "9.1": bonus[0], "9.2": bonus[1], "9.3": penalty[0], "9.4": penalty[1]}
    total = compute_total(criteria_set(bonus_cap=2, penalty_cap=3), with_adjustments)
    plain = compute_total(criteria_set(), values)
    assert abs(total.bonus - min(sum(bonus), 2)) < 1e-5
    assert abs(total.penalty - max(sum(penalty), -3)) < 1e-5
    assert abs(total.total - (plain.total + total.bonus + total.penalty)) < 1e-5
    uncapped = compute_total(criteria_set(bonus_cap=None, penalty_cap=None), with_adjustments)
    assert abs(uncapped.bonus - sum(bonus)) < 1e-5


@settings(max_examples=200)
@given(st.lists(st.one_of(st.none(), st.integers(0, 20).map(lambda n: n / 2)), max_size=12))
def test_ties_share_a_rank_and_the_next_rank_skips(values):
    ranks = competition_ranks(values)
    for value, rank in zip(values, ranks, strict=True):
        if value is None:
            assert rank is None
            continue
        better = sum(1 for other in values if other is not None and other > value)
        assert rank == better + 1
    for a, ra in zip(values, ranks, strict=True):
        for b, rb in zip(values, ranks, strict=True):
            if a is not None and b is not None:
                assert (a == b) == (ra == rb)
                assert (a > b) == (ra < rb)


def test_ranks_compare_to_two_decimals():
    assert competition_ranks([90.004, 90.001, 89.5]) == [1, 1, 3]
