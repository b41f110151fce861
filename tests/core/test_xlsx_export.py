"""Every Excel export: typed cells, page header date, page-number footer, frozen header, row heights."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from cchc.output.tables import Column, Percent, TableData, to_csv, to_markdown, write_xlsx


def _table() -> TableData:
    return TableData(
        title="Bảng thử", as_of=dt.date(2021, 7, 20),
        columns=[Column("stt", "STT", 6, kind="int"), Column("name", "Nội dung", 30),
                 Column("due", "Hạn", 12, kind="date"), Column("score", "Điểm", 10, kind="number"),
                 Column("rate", "Tỷ lệ", 10, kind="percent")],
        rows=[{"stt": 1, "name": "Một dòng ngắn", "due": dt.date(2021, 7, 17), "score": 83.22, "rate": 0.5},
              {"stt": 2, "name": "Một nội dung rất dài " * 8, "due": None, "score": None, "rate": Percent(0.25)}],
    )


def test_cells_are_dates_numbers_and_percentages(tmp_path):
    path = tmp_path / "t.xlsx"
    write_xlsx(_table(), path)
    ws = load_workbook(path).active
    header = next(r for r in range(1, 6) if ws.cell(r, 1).value == "STT")
    first = header + 1
    assert ws.cell(first, 1).value == 1
    assert ws.cell(first, 3).value == dt.datetime(2021, 7, 17) and ws.cell(first, 3).number_format == "dd/mm/yyyy"
    assert ws.cell(first, 4).value == 83.22
    assert ws.cell(first, 5).value == 0.5 and ws.cell(first, 5).number_format == "0.0%"
    assert ws.cell(first + 1, 3).value is None and ws.cell(first + 1, 4).value is None
    assert "Tính đến ngày 20/7/2021" in ws["A2"].value
    assert ws.oddHeader.right.text == "Tính đến ngày 20/7/2021"
    assert ws.oddFooter.center.text == "Trang &P/&N"
    assert ws.freeze_panes == f"A{first}"
    short, long = ws.row_dimensions[first].height, ws.row_dimensions[first + 1].height
    assert short < 20 < long  # one line stays one line high; wrapped text grows


def test_text_formats_write_dates_and_numbers_the_vietnamese_way():
    csv_text, md = to_csv(_table()), to_markdown(_table())
    for text in (csv_text, md):
        assert "17/7/2021" in text and "83,22" in text and "50%" in text and "25%" in text
