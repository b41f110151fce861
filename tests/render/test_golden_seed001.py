"""Seed 001 rendered from the bundled data: deadlines from the tasks, the result figures and the
appendix rows (the whole text word for word, with the corrections of the data file, is
test_source_fidelity.py)."""

from __future__ import annotations

import re

from render_cases import SEEDS
from tests_render_helpers import main_paragraphs


def _seed_text() -> str:
    (path,) = SEEDS.glob("001_*.txt")
    return path.read_text(encoding="utf-8")


def seed_appendix() -> list[tuple[str, str, str]]:
    """(number, agency, item) rows of the seed's table; merged cells repeat the group."""
    rows, number, agency = [], "", ""
    for line in _seed_text().splitlines():
        cells = line.split("\t")
        if len(cells) != 3 or cells[0] == "STT":
            continue
        if cells[0]:
            number, agency = cells[0], cells[1]
        rows.append((number, agency, cells[2].strip()))
    return rows


def _without_exclusions(text: str) -> str:
    return re.sub(r" \(không gồm tiêu chí [^)]*\)", "", text)


def test_deadlines_come_from_the_tasks(bundled, tmp_path):
    from datetime import date

    from cchc.docx.markup import format_markup
    from cchc.render import render_spec

    document = bundled.documents["cv-ubnd-2021-nang-cao-chi-so"]
    task = bundled.tasks["ke-hoach-cai-thien-chi-so-2021"]
    moved = task.model_copy(update={"due": date(2021, 8, 6)})
    bundled.tasks[task.id] = moved
    try:
        text = format_markup(render_spec(bundled, document, today=date(2021, 7, 1)).body)
    finally:
        bundled.tasks[task.id] = task
    assert "**trước ngày 6/8/2021**" in text and "30/7/2021" not in text
    assert "**trước ngày 17/7/2021**" in text


def test_subject_and_result_figures(rendered):
    _, document, _ = rendered["cv-ubnd-2021-nang-cao-chi-so"]
    header_texts = [p.text for p in document.tables[0].cell(1, 0).paragraphs]
    assert ("V/v tham mưu giải pháp nâng cao kết quả Chỉ số CCHC, Chỉ số hài lòng về sự phục vụ của "
            "cơ quan hành chính Nhà nước năm 2021") in header_texts
    body = " ".join(p.text for p in main_paragraphs(document))
    for figure in ("83,22 điểm", "45/63", "tăng 5 bậc so với năm 2019", "27 tiêu chí"):
        assert figure in body


def test_appendix_rows_are_the_seed_assignment(rendered):
    _, document, _ = rendered["cv-ubnd-2021-nang-cao-chi-so"]
    table = document.tables[-1]
    rows = []
    number = agency = ""
    for row in table.rows[1:]:
        cells = [c.text.strip() for c in row.cells]
        number, agency = cells[0] or number, cells[1] or agency
        # One row per agency, one line (paragraph) per item inside the cell.
        rows += [(number, agency, _without_exclusions(p.text.strip())) for p in row.cells[2].paragraphs]
    expected = [(n, a, _without_exclusions(item)) for n, a, item in seed_appendix()]
    assert rows == expected
