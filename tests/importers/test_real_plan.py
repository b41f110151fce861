"""A real public document's task table (Đắk Lắk, 25/10/2022), retyped into Word, imported.

Source: Cổng TTĐT tỉnh Đắk Lắk, http://daklak.gov.vn, 25/10/2022 (see tests/importers/real/README.md).
The expected leads are those of the hand-typed data/tasks/2022-ket-luan-bcd.yaml.
"""

from __future__ import annotations

from builders import docx_table
from real.dak_lak_2022_ket_luan import HEADER, ROWS
from ruamel.yaml import YAML

from cchc.cli.main import app
from cchc.importers.tasks import read_tasks
from cchc.io.loader import load_dataset

SOURCE = "tb-bcd-2022-10-ket-luan"


def test_the_real_table_names_an_unknown_group_with_its_cell(runner, data_copy, tmp_path):
    plan = docx_table(tmp_path / "ket-luan.docx", HEADER, ROWS)
    result = runner.invoke(app, ["--data", str(data_copy), "import", "tasks", str(plan), "--source", SOURCE,
                                 "--dry-run"])
    assert result.exit_code == 1
    assert "ket-luan.docx (bảng 1, dòng 5, cột 3)" in result.output and "«Các sở, ngành»" in result.output


def test_the_real_table_reads_as_the_hand_typed_data(data_copy, tmp_path):
    plan = docx_table(tmp_path / "ket-luan.docx", HEADER, ROWS)
    ds = load_dataset(data_copy)
    # the hand-typed tasks of the same article, in the article's order
    hand = [ds.tasks[i] for i in ("cong-khai-tien-do-tthc-2022", "danh-gia-tac-dong-vbqppl-2022",
                                  "dvctt-muc-do-3-4-2022", "giam-tre-hen-tthc-2022")]
    mapping = {"Các sở, ngành": list(hand[3].lead)}  # the hand data's reading of "các sở, ngành"
    result = read_tasks(ds, plan, source=SOURCE, mapping=mapping)
    assert not result.errors, [d.format() for d in result.errors]
    imported = YAML(typ="safe").load(next(iter(result.files.values())))["tasks"]
    assert len(imported) == 4
    for task, expected in zip(imported, hand, strict=True):
        lead = task["lead"] if isinstance(task["lead"], list) else [task["lead"]]
        assert lead == list(expected.lead)
        assert str(task["due"]) == "2022-Q4"  # "3 tháng cuối năm 2022"; the hand data wrote its last day
