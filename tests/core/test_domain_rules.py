"""One rule, one place: the domain rules and the callers that used to keep their own copy."""

from __future__ import annotations

from datetime import date

from cchc.domain import agencies as dom_agencies
from cchc.domain.citation import appendix_reference, cite
from cchc.domain.deadlines import build_calendar, effective_due, resolve_due
from cchc.domain.suggest import closest, did_you_mean
from cchc.io.loader import load_dataset
from cchc.models.agencies import Agency
from cchc.models.documents import Document
from cchc.models.tasks import Task
from cchc.services.agency_end import open_tasks_of

D = date


def _agency(id_, **kw):
    return Agency(id=id_, name=id_.upper(), kind="so", **kw)


def test_successor_at_follows_the_chain_to_the_one_existing_then():
    a = _agency("a", valid_until=D(2025, 2, 28), successor="b")
    b = _agency("b", valid_from=D(2025, 3, 1), valid_until=D(2025, 6, 30), successor="c")
    c = _agency("c", valid_from=D(2025, 7, 1))
    agencies = {x.id: x for x in (a, b, c)}
    assert dom_agencies.successor_at(agencies, a, on=D(2025, 4, 1)) is b
    assert dom_agencies.successor_at(agencies, a, on=D(2025, 8, 1)) is c
    assert dom_agencies.successor_at(agencies, a, year=2026) is c
    assert dom_agencies.successor_at(agencies, a) is c
    assert dom_agencies.successor_at(agencies, c, on=D(2025, 8, 1)) is None
    assert dom_agencies.current_holder(agencies, "a", D(2025, 8, 1)) == dom_agencies.Holder("c", taken_from="a")
    assert dom_agencies.current_holder(agencies, "a", D(2025, 1, 1)) == dom_agencies.Holder("a")


def test_successor_cycle_is_detected_once():
    a = _agency("a", valid_until=D(2025, 1, 1), successor="b")
    b = _agency("b", valid_until=D(2025, 1, 1), successor="a")
    agencies = {"a": a, "b": b}
    assert dom_agencies.successor_cycle(agencies, a)
    assert dom_agencies.successor_at(agencies, a, on=D(2026, 1, 1)) is None


def test_agency_end_counts_working_days_with_the_datas_calendar_overrides(tmp_path):
    """services/agency_end used a calendar without the data's calendar@1 overrides."""
    (tmp_path / "agencies.yaml").write_text(
        "schema: agencies@1\nprovince: Thử\nagencies:\n"
        "  - {id: ubnd-tinh, name: UBND tỉnh Thử, kind: tinh}\n"
        "  - {id: so-a, name: Sở A, kind: so}\n", encoding="utf-8")
    (tmp_path / "documents.yaml").write_text(
        "schema: documents@1\ndocuments:\n"
        "  - {id: cv-1, type: cong-van, number: 1, symbol: UBND-NV, date: 2025-02-24, issuer: ubnd-tinh,"
        " subject: Giao việc}\n", encoding="utf-8")
    (tmp_path / "tasks.yaml").write_text(
        "schema: tasks@1\ntasks:\n"
        "  - {id: t1, title: Việc, lead: [so-a], source: cv-1, due_working_days: 3}\n", encoding="utf-8")
    # Without overrides 24/2 + 3 working days = Thursday 27/2; with 25/2 and 26/2 off it is 3/3.
    (tmp_path / "calendar.yaml").write_text(
        "schema: calendar@1\ndays_off:\n  - {date: 2025-02-25, name: Nghỉ}\n  - {date: 2025-02-26, name: Nghỉ}\n",
        encoding="utf-8")
    ds = load_dataset(tmp_path)
    assert not [d for d in ds.diagnostics if d.is_error]
    due = effective_due(ds.tasks["t1"], build_calendar(ds), ds.documents)
    assert due == D(2025, 3, 3)
    # Ending the agency on 28/2: the task is still open after that day, so it needs the successor.
    assert [t.task.id for t in open_tasks_of(ds, "so-a", D(2025, 2, 28))] == ["t1"]
    assert open_tasks_of(ds, "so-a", D(2025, 2, 28))[0].deadline == D(2025, 3, 3)


def test_extension_wins_and_keeps_the_original():
    task = Task.model_validate({"id": "t", "title": "x", "lead": ["a"], "due": "2021-07-15",
                                "extensions": [{"due": "2021-08-15"}, {"due": "2021-09-15"}]})
    resolved = resolve_due(task, {}, build_calendar(type("DS", (), {"days_off": [], "working_days": []})()))
    assert (resolved.due, resolved.basis, resolved.original) == (D(2021, 9, 15), "extension", D(2021, 7, 15))


def _document(**kw):
    base = {"id": "cv", "type": "cong-van", "symbol": "UBND-KSTTHC", "issuer_name": "Ủy ban nhân dân tỉnh Đắk Lắk"}
    return Document.model_validate({**base, **kw})


def test_appendix_reference_line_is_the_nd30_form_for_drafts_and_signed_documents():
    assert appendix_reference(_document(year=2021)) == (
        "(Kèm theo Công văn số      /UBND-KSTTHC ngày      tháng      năm 2021 của Ủy ban nhân dân tỉnh Đắk Lắk)")
    assert appendix_reference(_document(number=5, date="2021-01-05")) == (
        "(Kèm theo Công văn số 05/UBND-KSTTHC ngày 05 tháng 01 năm 2021 của Ủy ban nhân dân tỉnh Đắk Lắk)")


def test_assign_docx_and_render_write_the_same_reference_line():
    from cchc.services.assignments import reference_line

    document = _document(year=2021)
    assert reference_line(document).replace("\n", " ") == appendix_reference(document)


def test_cite_uses_the_short_date():
    assert cite(_document(number=1315, date="2022-08-01")) == "Công văn số 1315/UBND-KSTTHC ngày 1/8/2022"
    assert cite(_document(year=2021)) == "Công văn của Ủy ban nhân dân tỉnh Đắk Lắk năm 2021"  # no data note


def test_one_did_you_mean():
    assert closest("so-noi-vuu", ["so-noi-vu", "so-tu-phap"]) == "so-noi-vu"
    assert did_you_mean("zzz", ["so-noi-vu"], "xem danh mục") == "xem danh mục"
    assert did_you_mean("so-tu-phapp", ["so-tu-phap"]) == "có phải ý bạn là «so-tu-phap»?"


def test_no_copy_of_the_rules_is_left():
    """Grep-level guard: the copies removed by issue 11 do not come back."""
    import re
    from pathlib import Path

    import cchc

    package = Path(cchc.__file__).parent
    offenders = []
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(package).as_posix()
        if "get_close_matches" in text and rel != "domain/suggest.py":
            offenders.append(f"{rel}: get_close_matches")
        if rel != "textvn.py" and re.search(r"\{\w+(\.\w+)*\.day(:02d)?\}/\{\w+(\.\w+)*\.month", text):
            offenders.append(f"{rel}: a date formatted by hand")
        if rel != "domain/agencies.py" and re.search(r"while \w+\.successor", text):
            offenders.append(f"{rel}: a successor walk")
        if rel not in ("domain/citation.py",) and "Kèm theo {" in text:
            offenders.append(f"{rel}: an appendix reference line")
    assert offenders == []
