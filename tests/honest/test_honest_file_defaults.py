"""#11 item 6: a tasks file's file-level defaults apply before validation."""

from __future__ import annotations

from cchc.io.loader import load_dataset

FILE = """\
schema: tasks@1
source: tb-bcd-2022-10-ket-luan
tasks:
  - id: bao-cao-sau-hop-2022
    title: Báo cáo kết quả thực hiện kết luận
    lead: van-phong-ubnd
    due_working_days: 10
    status: chua-thuc-hien
  - id: bao-cao-rieng-2022
    title: Báo cáo theo văn bản riêng
    lead: van-phong-ubnd
    source: cv-ubnd-2021-nang-cao-chi-so
    due_working_days: 5
    status: chua-thuc-hien
"""


def test_relative_deadline_takes_the_files_source(data_copy):
    (data_copy / "tasks" / "sau-hop.yaml").write_text(FILE, encoding="utf-8")
    ds = load_dataset(data_copy)
    assert [d.message for d in ds.diagnostics if d.is_error and d.file.name == "sau-hop.yaml"] == []
    assert ds.tasks["bao-cao-sau-hop-2022"].source == "tb-bcd-2022-10-ket-luan"
    assert ds.tasks["bao-cao-rieng-2022"].source == "cv-ubnd-2021-nang-cao-chi-so"  # its own source wins


def test_default_applies_in_a_partly_invalid_file(data_copy):
    """The loader keeps the valid tasks of a file with an error: the default applies to them too."""
    broken = FILE + """\
  - id: hong
    title: Nhiệm vụ có hạn sai
    lead: van-phong-ubnd
    due: 31/07/2022
    status: chua-thuc-hien
"""
    (data_copy / "tasks" / "sau-hop.yaml").write_text(broken, encoding="utf-8")
    ds = load_dataset(data_copy)
    errors = [d for d in ds.diagnostics if d.is_error and d.file.name == "sau-hop.yaml"]
    assert [d.path[:2] for d in errors] == [("tasks", 2)]
    assert ds.tasks["bao-cao-sau-hop-2022"].source == "tb-bcd-2022-10-ket-luan"
    assert "hong" not in ds.tasks


def test_an_invalid_default_is_reported_once_on_its_own_line(data_copy):
    text = FILE.replace("source: tb-bcd-2022-10-ket-luan", "source: Không Phải Mã")
    (data_copy / "tasks" / "sau-hop.yaml").write_text(text, encoding="utf-8")
    ds = load_dataset(data_copy)
    errors = [d for d in ds.diagnostics if d.is_error and d.file.name == "sau-hop.yaml"]
    assert any(d.path == ("source",) for d in errors)
    assert not any(d.path[2:] == ("source",) for d in errors)
