"""resolve_leads: exclusions, coverage findings, points, and a property test on random trees."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.models.agencies import Agency
from cchc.models.assignments import AssignmentSet
from cchc.models.common import is_within
from cchc.models.criteria import CriteriaSet
from cchc.services.assignments import resolve_leads


def criteria(items: list[tuple[str, float | None]], *, complete: bool = True, total: float = 20) -> CriteriaSet:
    return CriteriaSet.model_validate({
        "schema": "criteria@1", "id": "bo", "index": "PAR_INDEX", "name": "Bộ thử",
        "legal_basis": {"number": "1/QĐ-BNV"}, "years": [2021], "total_points": total, "complete": complete,
        "items": [{"code": code, "name": f"Mục {code}", "max_points": points} for code, points in items],
    })


def assignment(leads: list[tuple[str, list[str]]], unassigned: list[tuple[str, str]] = (), *,
               year: int = 2021) -> AssignmentSet:
    return AssignmentSet.model_validate({
        "schema": "assignments@1", "id": "pc", "year": year, "criteria_set": "bo",
        "leads": [{"agency": a, "codes": codes} for a, codes in leads],
        "unassigned": [{"code": c, "reason": r} for c, r in unassigned],
    })


AGENCIES = {a.id: a for a in [
    Agency(id="a", name="Cơ quan A", kind="so", order=3),
    Agency(id="b", name="Cơ quan B", kind="so", order=1),
    Agency(id="c", name="Cơ quan C", kind="so", order=2),
    Agency(id="old", name="Sở cũ", kind="so", order=4, valid_until="2025-02-28", successor="new"),
    Agency(id="new", name="Sở mới", kind="so", order=5),
]}

TREE = criteria([("1", 10), ("1.1", 4), ("1.2", 6), ("1.2.1", 2), ("1.2.2", 4), ("2", 6), ("3", 4)])


def codes_of(resolution, code: str):
    return [d for d in resolution.diagnostics if d.code == code]


def test_more_specific_code_overrides_and_is_listed_as_exclusion():
    r = resolve_leads(TREE, assignment([("a", ["1", "2", "3"]), ("b", ["1.2.1"])]), AGENCIES)
    assert [g.agency_id for g in r.groups] == ["a", "b"]  # the file's order (its document's), not `order:`
    a_items = {it.code: it for it in r.groups[0].items}
    assert a_items["1"].exclusions == ["1.2.1"]
    assert a_items["1"].line() == "Lĩnh vực 1: Mục 1 (không gồm tiêu chí 1.2.1)."
    assert r.groups[1].items[0].line() == "Tiêu chí 1.2.1 - Mục 1.2.1."
    assert r.leads["1.2.1"] == "b" and r.leads["1.2.2"] == "a" and r.leads["1.2"] == "a"
    assert r.ok and not r.diagnostics


def test_exclusions_are_only_the_maximal_codes_of_other_agencies():
    # a: 1, b: 1.2, a: 1.2.2 -> item 1 excludes 1.2 only; item 1.2 (b) excludes 1.2.2.
    r = resolve_leads(TREE, assignment([("a", ["1", "1.2.2", "2", "3"]), ("b", ["1.2"])]), AGENCIES)
    items = {(g.agency_id, it.code): it.exclusions for g in r.groups for it in g.items}
    assert items[("a", "1")] == ["1.2"]
    assert items[("b", "1.2")] == ["1.2.2"]
    assert items[("a", "1.2.2")] == []
    assert r.leads["1.2.1"] == "b" and r.leads["1.2.2"] == "a"


def test_same_code_to_two_agencies_is_an_error_at_the_second_occurrence():
    r = resolve_leads(TREE, assignment([("a", ["1", "2", "3"]), ("b", ["2"])]), AGENCIES)
    [dup] = codes_of(r, "duplicate-lead")
    assert dup.path == ("leads", 1, "codes", 0)
    assert "Cơ quan A" in dup.message and "Cơ quan B" in dup.message
    assert not r.ok


def test_uncovered_leaf_is_an_error_unless_declared_unassigned_with_reason():
    r = resolve_leads(TREE, assignment([("a", ["1", "2"])]), AGENCIES)
    assert [c.code for c in r.uncovered] == ["3"]
    assert [d.message for d in codes_of(r, "uncovered-criterion")] == ["Lĩnh vực 3: Mục 3 chưa có cơ quan chủ trì"]
    declared = resolve_leads(TREE, assignment([("a", ["1", "2"])], [("3", "điều tra xã hội học")]), AGENCIES)
    assert declared.ok and declared.uncovered == []
    assert [(c.code, reason) for c, reason in declared.unassigned] == [("3", "điều tra xã hội học")]
    assert declared.leads["3"] is None


def test_declared_unassigned_inside_an_assigned_code_is_excluded():
    r = resolve_leads(TREE, assignment([("a", ["1", "2", "3"])], [("1.2.1", "điều tra xã hội học")]), AGENCIES)
    assert r.groups[0].items[0].exclusions == ["1.2.1"]


def test_unknown_code_and_ended_agency_with_successor():
    r = resolve_leads(TREE, assignment([("a", ["1", "2", "9.9"]), ("old", ["3"])], year=2026), AGENCIES)
    [unknown] = codes_of(r, "unknown-criterion")
    assert unknown.path == ("leads", 0, "codes", 2)
    [ended] = codes_of(r, "agency-not-valid")
    assert ended.path == ("leads", 1, "agency")
    assert "Sở cũ" in ended.message and "2026" in ended.message
    assert "«new» (Sở mới)" in ended.hint


def test_redundant_nested_code_of_same_agency_is_a_warning():
    r = resolve_leads(TREE, assignment([("a", ["1", "1.2", "2", "3"])]), AGENCIES)
    [redundant] = codes_of(r, "redundant-code")
    assert redundant.path == ("leads", 0, "codes", 1)
    assert r.ok


def test_points_per_agency_partition_the_total():
    r = resolve_leads(TREE, assignment([("a", ["1", "3"]), ("b", ["1.2.2", "2"])]), AGENCIES)
    totals = {p.agency_id: p.points for p in r.points_by_agency()}
    assert totals == {"a": 10, "b": 10}
    assert sum(totals.values()) == TREE.total_points
    partial = resolve_leads(TREE, assignment([("a", ["1"])], [("2", "điều tra xã hội học")]), AGENCIES)
    rows = {p.name: p.points for p in partial.points_by_agency()}
    assert rows == {"Cơ quan A": 10, "Không phân công (có lý do)": 6, "Chưa có cơ quan chủ trì": 4}


def test_unknown_points_are_unknown_not_zero():
    tree = criteria([("1", None), ("1.1", 4), ("2", 6)], complete=False, total=10)
    r = resolve_leads(tree, assignment([("a", ["1"]), ("b", ["2"])]), AGENCIES)
    by_id = {p.agency_id: p for p in r.points_by_agency()}
    assert by_id["a"].points is None and by_id["a"].display().startswith("chưa rõ")
    assert by_id["b"].points == 6 and by_id["b"].display() == "6"


def test_incomplete_set_is_said_and_implied_gaps_are_reported():
    tree = criteria([("1", None), ("1.2", None), ("1.3", None), ("2", None)], complete=False)
    r = resolve_leads(tree, assignment([("a", ["1.2", "1.3", "2"])]), AGENCIES)
    assert any("chưa đầy đủ" in note for note in r.notes)
    [gap] = codes_of(r, "implied-uncovered")
    assert "1.1" in gap.message
    covered = resolve_leads(tree, assignment([("a", ["1", "2"])]), AGENCIES)
    assert not codes_of(covered, "implied-uncovered")


def test_without_agencies_first_appearance_orders_and_ids_name():
    r = resolve_leads(TREE, assignment([("c", ["2"]), ("a", ["1", "3"])]))
    assert [(g.agency_id, g.name) for g in r.groups] == [("c", "c"), ("a", "a")]


# --- property: every leaf has exactly one lead per the rendered lines, or is reported ---------


@st.composite
def trees_and_assignments(draw):
    codes = ["1"]
    frontier = ["1"]
    for _ in range(draw(st.integers(0, 14))):
        parent = draw(st.sampled_from([None, *codes]))
        siblings = [c for c in codes if (c.rpartition(".")[0] or None) == parent] if parent else \
            [c for c in codes if "." not in c]
        code = f"{parent}.{len(siblings) + 1}" if parent else str(len(siblings) + 1)
        codes.append(code)
        frontier.append(code)
    agencies = ["a", "b", "c"]
    leads = []
    for agency in agencies:
        chosen = draw(st.lists(st.sampled_from(codes), max_size=4, unique=True))
        if chosen:
            leads.append((agency, chosen))
    if not leads:
        leads = [("a", [draw(st.sampled_from(codes))])]
    unassigned = draw(st.lists(st.sampled_from(codes), max_size=2, unique=True))
    return codes, leads, [(c, "lý do") for c in unassigned]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees_and_assignments())
def test_every_leaf_resolves_to_exactly_one_lead_or_is_reported(case):
    codes, leads, unassigned = case
    tree = criteria([(c, None) for c in codes])
    r = resolve_leads(tree, assignment(leads, unassigned))
    reported_dup = {d.path for d in r.diagnostics if d.code == "duplicate-lead"}
    duplicated_codes = {leads[p[1]][1][p[3]] if p[0] == "leads" else None for p in reported_dup}
    duplicated_codes |= {c for c, _ in unassigned if any(c in cs for _, cs in leads)}
    uncovered = {c.code for c in r.uncovered}
    declared = {c.code for c, _ in r.unassigned}
    for leaf in tree.leaves():
        # Which agencies' lines, read with their "(không gồm …)" exclusions, contain this leaf?
        covering = {g.agency_id for g in r.groups for item in g.items if item.covers(leaf.code)}
        involved_dup = any(is_within(leaf.code, d) for d in duplicated_codes if d)
        if involved_dup:
            assert not r.ok  # reported as an error
            continue
        if leaf.code in uncovered:
            assert covering == set() and r.leads[leaf.code] is None and not r.covered
        elif r.leads[leaf.code] is None:
            # Declared unassigned (itself or an ancestor), with its reason.
            assert covering == set()
            assert any(is_within(leaf.code, d) for d in declared)
        else:
            assert covering == {r.leads[leaf.code]}
