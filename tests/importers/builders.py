"""Word and Excel tables in the shapes provinces send, built with python-docx and openpyxl."""

from __future__ import annotations

import shutil
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK


def _fill(cell, text: str) -> None:
    """Cell text; "\\n" becomes a line break inside the paragraph."""
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        if i < len(text.split("\n")) - 1:
            run.add_break(WD_BREAK.LINE)


def docx_table(path: Path, header: list[list[str]] | list[str], rows: list[list[str | None]], *,
               merges: list[tuple[int, int, int, int]] = (), title: str | None = "KẾ HOẠCH",
               split_after: int | None = None, repeat_header_on_split: bool = True,
               before_table: list[str] = ()) -> Path:
    """A .docx with one task table.

    ``header`` is one row or two rows; ``rows`` are data rows (None = empty cell).
    ``merges`` are (row, col, row2, col2) in whole-table coordinates (header rows included).
    ``split_after`` splits the table after that many data rows into a second table on the next page.
    """
    document = Document()
    if title:
        document.add_paragraph(title)
    for text in before_table:
        document.add_paragraph(text)
    header_rows = header if header and isinstance(header[0], list) else [header]
    width = len(header_rows[0])

    def build(data_rows: list[list[str | None]], with_header: bool, table_merges):
        all_rows = (header_rows if with_header else []) + data_rows
        table = document.add_table(rows=len(all_rows), cols=width)
        table.style = "Table Grid"
        for r, values in enumerate(all_rows):
            for c, value in enumerate(values):
                if value:
                    _fill(table.cell(r, c), value)
        for r1, c1, r2, c2 in table_merges:
            # Word keeps only the first cell's text: clear the covered cells first
            for rr in range(r1, r2 + 1):
                for cc in range(c1, c2 + 1):
                    if (rr, cc) != (r1, c1):
                        for p in table.cell(rr, cc).paragraphs:
                            for run in list(p.runs):
                                run._r.getparent().remove(run._r)
            table.cell(r1, c1).merge(table.cell(r2, c2))
        return table

    head = len(header_rows)
    if split_after is None:
        build(rows, True, merges)
    else:
        first, second = rows[:split_after], rows[split_after:]
        build(first, True, [m for m in merges if m[2] < head + split_after])
        paragraph = document.add_paragraph()
        paragraph.add_run().add_break(WD_BREAK.PAGE)
        shift = head + split_after - (head if repeat_header_on_split else 0)
        second_merges = [m for m in merges if m[2] < head] if repeat_header_on_split else []
        second_merges += [(r1 - shift, c1, r2 - shift, c2) for r1, c1, r2, c2 in merges
                          if r1 >= head + split_after]
        build(second, repeat_header_on_split, second_merges)
    document.save(str(path))
    return path


def criteria_repo(root: Path, codes: list[str], names: dict[str, str]) -> None:
    """A data folder of the bundled agencies and a criteria set ``bo-ngau-nhien`` (2021) of
    ``codes`` named ``names``, with an empty ``assignments/`` for the test to fill."""
    root.mkdir()
    shutil.copy(Path(__file__).resolve().parents[2] / "data" / "agencies.yaml", root / "agencies.yaml")
    (root / "criteria").mkdir()
    (root / "assignments").mkdir()
    items = "\n".join(f'  - code: "{c}"\n    name: "{names[c]}"' for c in codes)
    (root / "criteria" / "bo.yaml").write_text(
        "schema: criteria@1\nid: bo-ngau-nhien\nindex: PAR_INDEX\nname: Bộ ngẫu nhiên\n"
        "legal_basis: {number: 1/QĐ-BNV}\nyears: [2021]\ntotal_points: 100\ncomplete: false\n"
        f"items:\n{items}\n", encoding="utf-8")
