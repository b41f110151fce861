"""Validation of assessments: ranges, evidence, level and validity, round order, sums, N/A rules."""

from __future__ import annotations

import pytest

from cchc.checks import run_checks
from cchc.io.loader import load_dataset
from tests.score.conftest import EV, assessment, write


def problems(root):
    ds = load_dataset(root)
    found = ds.diagnostics + run_checks(ds)
    return [(d.code, d.message, d.severity.value) for d in found]


def codes(root):
    return [c for c, _, _ in problems(root)]


def test_the_round_is_valid(score_repo):
    assert problems(score_repo) == []


def add(root, text, name="assessments/x.yaml"):
    write(root, name, text)
    return codes(root)


@pytest.mark.parametrize("scores, code", [
    ('  - {code: "1.1", self_score: 21, evidence: ' + EV + '}\n', "score-range"),
    ('  - {code: "1.1", self_score: -1}\n', "score-range"),
    ('  - {code: "9.1", self_score: 3, evidence: ' + EV + '}\n', "score-range"),
    ('  - {code: "9.2", self_score: 1}\n', "score-range"),
    ('  - {code: "9.2", self_score: -4}\n', "score-range"),
    ('  - {code: "1.1", self_score: 5}\n', "missing-evidence"),
    ('  - {code: "7.7", self_score: 0}\n', "unknown-criterion"),
    ('  - {code: "1.1", self_score: 0}\n  - {code: "1.1", self_score: 0}\n', "duplicate-score"),
    ('  - {code: "1", self_score: 30, evidence: ' + EV + '}\n  - {code: "1.1", self_score: 10, evidence: ' + EV
     + '}\n  - {code: "1.2", self_score: 10, evidence: ' + EV + '}\n', "score-sum"),
    ('  - {code: "1.1", self_score: 0, evidence: [{file: ../../etc/passwd}]}\n', "evidence-outside"),
    ('  - {code: "1.1", self_score: 0, evidence: [{file: kiem-chung/khong-co.pdf}]}\n', "evidence-missing"),
    ('  - {code: "1.1", self_score: 0, evidence: [{document: khong-co}]}\n', "unknown-document"),
    ('  - {code: "1.1", self_score: 0, responsible: so-khong-co}\n', "unknown-agency"),
])
def test_bad_scores(score_repo, scores, code):
    assert code in add(score_repo, assessment("so-c", 2024, scores))


def test_penalty_is_negative_and_zero_self_score_needs_no_evidence(score_repo):
    assert add(score_repo, assessment("so-c", 2024, '  - {code: "9.2", self_score: -2}\n'
                                      '  - {code: "1.1", self_score: 0}\n')) == []


def test_evidence_file_inside_the_repository(score_repo):
    write(score_repo, "kiem-chung/ke-hoach.pdf", "pdf")
    assert add(score_repo, assessment("so-c", 2024, '  - {code: "1.1", self_score: 5, evidence: '
                                      '[{file: kiem-chung/ke-hoach.pdf}]}\n')) == []


def test_unit_of_another_level(score_repo):
    assert "criteria-level" in add(score_repo, assessment("xa-a", 2025, '  - {code: "1.1", self_score: 0}\n'))
    assert "criteria-level" in add(score_repo, assessment("so-c", 2025, '  - {code: "2", self_score: 0}\n',
                                                          cset="bo-xa").replace("id: so-c-2025", "id: so-c-xa"))


def test_outside_the_years_of_the_set(score_repo):
    found = problems(score_repo) or []
    assert found == []
    assert "criteria-year" in add(score_repo, assessment("so-c", 2023, '  - {code: "1.1", self_score: 0}\n'))


def test_unknown_set_and_duplicate_unit_year(score_repo):
    assert "unknown-criteria-set" in add(score_repo, assessment("so-c", 2024, "  []\n", cset="bo-sooo"))
    assert "duplicate-assessment" in add(score_repo, assessment("so-a", 2025, '  - {code: "1.1", self_score: 0}\n')
                                         .replace("id: so-a-2025", "id: so-a-2025-lan-2"))


@pytest.mark.parametrize("extra, scores, code", [
    ("self_assessed_on: 2025-02-01\nround1_on: 2025-01-01\n", "  []\n", "appraisal-before-self-date"),
    ("round2_on: 2025-03-01\n", "  []\n", "round2-without-round1-date"),
    ("self_assessed_on: 2025-01-01\nround1_on: 2025-02-01\nround2_on: 2025-01-15\n", "  []\n", "round2-before-round1"),
    ("", '  - {code: "1.1", round1: {score: 1}}\n', "appraisal-before-self"),
    ("", '  - {code: "1.1", self_score: 0, round1: {score: 0}}\n', "round1-without-date"),
    ("round1_on: 2025-02-01\n", '  - {code: "1.1", self_score: 0, round1: {score: 0}, round2: {score: 0}}\n',
     "round2-without-date"),
    ("", '  - {code: "1.1", self_score: 0, explanation: giải trình}\n', "explanation-without-round1"),
])
def test_rounds_in_order(score_repo, extra, scores, code):
    assert code in add(score_repo, assessment("so-c", 2024, scores, extra=extra))


def test_not_applicable_rules(score_repo):
    na = "not_applicable:\n  - {code: \"1.1\", reason: thử}\n"
    assert "not-optional" in add(score_repo, assessment("so-c", 2024, "  []\n", extra=na))
    na = "not_applicable:\n  - {code: \"2\", reason: thử}\n"
    assert "scored-not-applicable" in add(score_repo, assessment("so-c", 2024, '  - {code: "2", self_score: 0}\n',
                                                                 extra=na))
    no_rule = (score_repo / "criteria/bo-so.yaml").read_text().replace("not_applicable_rule: quy-doi\n", "")
    write(score_repo, "criteria/bo-so.yaml", no_rule)
    assert "not-applicable-rule" in codes(score_repo)


def test_example_set_needs_example_assessment(score_repo):
    text = (score_repo / "criteria/bo-so.yaml").read_text().replace("total_points: 100", "total_points: 100\nexample: true")
    write(score_repo, "criteria/bo-so.yaml", text)
    assert "example-set" in codes(score_repo)


def test_bonus_cap_warns(score_repo):
    text = (score_repo / "criteria/bo-so.yaml").read_text().replace("bonus_cap: 2", "bonus_cap: 1")
    write(score_repo, "criteria/bo-so.yaml", text)
    found = problems(score_repo)
    assert ("adjustment-cap", found[0][1], "warning") in found


def test_published_groups_add_up(score_repo):
    write(score_repo, "results/r.yaml", """\
schema: results@1
results:
  - index: PAR_INDEX
    province: Tỉnh Thử
    year: 2023
    score: 87.33
    groups:
      - {group: tham-dinh, points: 57.92, max_points: 61.5}
      - {group: tac-dong-kt-xh, points: 2.97, max_points: 6.5}
      - {group: khao-sat-lanh-dao, points: 18.29, max_points: 22}
      - {group: sipas, points: 8.15, max_points: 10}
""")
    assert codes(score_repo) == []
    text = (score_repo / "results/r.yaml").read_text().replace("87.33", "86.76")
    write(score_repo, "results/r.yaml", text)
    assert codes(score_repo) == ["groups-sum"]
    write(score_repo, "results/r.yaml", text.replace("points: 8.15", "points: 10.5"))
    assert "group-over-max" in codes(score_repo)


def test_bundled_round_is_valid():
    from tests.conftest import DATA

    assert [c for c in problems(DATA) if c[2] == "error"] == []
