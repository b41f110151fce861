"""Replication orders, the adoption matrix and the responsibilities text of seed 002."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from cchc.errors import UsageError
from cchc.io.loader import load_dataset
from cchc.models.initiatives import AdoptionStatus
from cchc.services.initiatives import (
    adoption_matrix,
    expand_order,
    matrix_table,
    non_adopters_text,
    order_date,
    responsibilities,
)
from cchc.services.validation import check_dataset
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parents[2]
BRVT = ROOT / "examples" / "ba-ria-vung-tau"
SEED_002 = SEEDS / "002_e8efd4cb73d3eafa.txt"
BRVT_DOC = "cv-nhan-rong-mo-hinh-2022"

# Items 2-5 of "III. Trách nhiệm thực hiện" in seed 002, verbatim (the seed has a double space
# after "văn bản này" in item 4; whitespace is compared normalised).
SEED_ITEMS = {
    2: "Các cơ quan hành chính cấp tỉnh nghiên cứu mô hình 2 tại phần I văn bản này để triển khai áp dụng "
       "tại cơ quan, đơn vị.",
    3: "UBND cấp huyện nghiên cứu mô hình 1, 2, 3 tại phần I và các giải pháp 1.1, 1.2, 1.3 tại mục 1 phần II "
       "văn bản này triển khai áp dụng tại UBND cấp huyện và tại UBND cấp xã trên địa bàn.",
    4: "Sở Thông tin và Truyền thông chủ trì, phối hợp với Văn phòng UBND tỉnh và các cơ quan có liên quan "
       "nghiên cứu giải pháp 2.1 tại mục 2 phần II văn bản này tham mưu UBND tỉnh triển khai, áp dụng trên "
       "địa bàn tỉnh.",
    5: "Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Thông tin và Truyền thông và các cơ quan có liên quan "
       "nghiên cứu giải pháp 2.2, 2.3 tại mục 2 phần II văn bản này tham mưu UBND tỉnh triển khai, áp dụng "
       "trên địa bàn tỉnh.",
}
SEED_ITEM_6_FIRST_BULLET = (
    "Phối hợp với UBND cấp huyện và các cơ quan có liên quan triển khai áp dụng các giải pháp 1.1, 1.2 tại "
    "mục 1 phần II văn bản này đến UBND cấp huyện và UBND cấp xã trên địa bàn tỉnh.")


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def brvt():
    return load_dataset(BRVT)


# --- expansion --------------------------------------------------------------------------------

def _expand(ds, initiative_id: str, index: int, **kwargs):
    return expand_order(ds, ds.initiatives[initiative_id], index, **kwargs)


def test_every_district_in_2022_is_the_eight_districts_of_ba_ria_vung_tau(brvt):
    expansion = _expand(brvt, "ngay-thu-bay-lang-nghe-dan-noi", 0)
    assert expansion.when.day == date(2022, 12, 21) and expansion.when.basis == "ngày văn bản"
    assert [a.id for a in expansion.agencies] == [
        "tp-vung-tau", "tp-ba-ria", "tx-phu-my", "chau-duc", "xuyen-moc", "long-dien", "dat-do", "con-dao"]
    assert "long-dat" not in [a.id for a in expansion.agencies]


def test_provincial_kinds_expand_to_departments_and_the_office_without_the_centre(brvt):
    ids = [a.id for a in _expand(brvt, "ky-so-ban-do-kho-lon", 0).agencies]
    assert ids == ["van-phong-ubnd", "so-noi-vu", "so-tttt", "so-khdt", "so-tnmt"]


def test_districts_follow_the_merger_at_their_date(reorg_repo):
    ds = load_dataset(reorg_repo)
    ids = lambda i: [a.id for a in _expand(ds, "mo-hinh-a", i).agencies]  # noqa: E731
    assert ids(0) == ["huyen-a", "huyen-b", "huyen-c"]  # 2022
    assert ids(1) == ["huyen-ab", "huyen-c"]  # 10/3/2025: merged district
    # A draft with only a year: every district that existed at some point of 2025.
    assert order_date(ds, ds.initiatives["mo-hinh-a"].replication[2]).year == 2025
    assert ids(2) == ["huyen-ab", "huyen-c"]


def test_every_district_in_2026_expands_to_none_with_a_hint(reorg_repo):
    ds = load_dataset(reorg_repo)
    expansion = _expand(ds, "mo-hinh-a", 3)
    assert expansion.empty
    assert "không còn UBND cấp huyện nào vào ngày 2/2/2026" in expansion.notes[0]
    assert "30/6/2025" in expansion.notes[0]
    assert "UBND cấp xã" in expansion.hints[0] and "agency_kinds: [xa]" in expansion.hints[0]
    # Communes of the new two-level local government are there.
    assert [a.id for a in _expand(ds, "mo-hinh-a", 4).agencies] == ["xa-moi"]


def test_validate_warns_about_an_order_that_names_nobody(reorg_repo):
    ds = load_dataset(reorg_repo)
    found = [d for d in check_dataset(ds) if d.code == "replication-no-units"]
    assert len(found) == 1
    assert found[0].line is not None and "30/6/2025" in found[0].message


def test_due_date_wins_over_the_source_date(reorg_repo):
    ds = load_dataset(reorg_repo)
    order = ds.initiatives["giai-phap-b"].replication[1]
    assert order_date(ds, order).day == date(2022, 12, 31)


# --- adoption matrix ---------------------------------------------------------------------------

def test_units_without_a_record_default_to_not_started_and_the_origin_to_adopted(reorg_repo):
    matrix = adoption_matrix(load_dataset(reorg_repo))
    assert matrix.cell("huyen-b", "mo-hinh-a").status is AdoptionStatus.NOT_STARTED
    assert not matrix.cell("huyen-b", "mo-hinh-a").recorded
    assert matrix.cell("huyen-c", "mo-hinh-a").status is AdoptionStatus.ADOPTED  # origin unit
    assert matrix.cell("so-noi-vu", "mo-hinh-a").status is None  # not asked


def test_latest_record_up_to_as_of_gives_the_status(reorg_repo):
    ds = load_dataset(reorg_repo)
    before = adoption_matrix(ds, as_of=date(2022, 10, 1))
    assert before.cell("huyen-a", "giai-phap-b").status is AdoptionStatus.IN_PROGRESS
    assert before.cell("so-tttt", "giai-phap-b").status is AdoptionStatus.NOT_STARTED
    after = adoption_matrix(ds, as_of=date(2023, 6, 1))
    assert after.cell("huyen-a", "giai-phap-b").status is AdoptionStatus.ADOPTED
    assert after.cell("so-tttt", "giai-phap-b").status is AdoptionStatus.ADOPTED


def test_voluntary_adopters_are_listed_but_not_assigned(reorg_repo):
    matrix = adoption_matrix(load_dataset(reorg_repo))
    cell = matrix.cell("so-noi-vu", "giai-phap-b")
    assert cell.status is AdoptionStatus.ADOPTED and not cell.assigned and cell.note == "tự nguyện áp dụng"


def test_progress_excludes_units_where_the_initiative_does_not_fit(reorg_repo):
    matrix = adoption_matrix(load_dataset(reorg_repo), as_of=date(2023, 6, 1),
                             initiatives=["giai-phap-b"])
    progress = matrix.initiative_progress()[0]
    # so-tttt (lead) adopted, huyen-a adopted, huyen-b not applicable, huyen-c not started,
    # so-noi-vu adopted on its own.
    assert progress.counts == {AdoptionStatus.ADOPTED: 3, AdoptionStatus.NOT_APPLICABLE: 1,
                               AdoptionStatus.NOT_STARTED: 1}
    assert (progress.adopted, progress.applicable) == (3, 4)
    assert progress.text() == "3/4 (75%)"
    by_unit = {p.key: p for p in matrix.unit_progress()}
    assert by_unit["huyen-b"].applicable == 0 and by_unit["huyen-b"].text() == "—"


def test_non_adopters_are_the_units_with_something_not_started(reorg_repo):
    matrix = adoption_matrix(load_dataset(reorg_repo), as_of=date(2023, 6, 1))
    pending = {n.agency.id: [i.id for i in n.initiatives] for n in matrix.non_adopters()}
    assert pending["huyen-c"] == ["giai-phap-b"]
    assert "huyen-a" in pending and pending["huyen-a"] == ["mo-hinh-a"]
    overdue = {n.agency.id: [i.id for i in n.overdue] for n in matrix.non_adopters()}
    assert overdue["huyen-c"] == ["giai-phap-b"]  # due 31/12/2022
    assert any(line.startswith("UBND huyện C: chưa triển khai giải pháp 2.1") for line in non_adopters_text(matrix))


def test_matrix_table_has_a_progress_row_and_the_empty_order_note(reorg_repo):
    table = matrix_table(adoption_matrix(load_dataset(reorg_repo)))
    assert table.rows[-1]["unit"] == "Tỷ lệ đã áp dụng"
    assert any("không còn UBND cấp huyện" in note for note in table.notes)
    assert any(note.startswith("Gợi ý:") for note in table.notes)


def test_unknown_initiative_or_document_is_a_usage_error(reorg_repo):
    ds = load_dataset(reorg_repo)
    with pytest.raises(UsageError):
        adoption_matrix(ds, initiatives=["khong-co"])
    with pytest.raises(UsageError):
        adoption_matrix(ds, document="khong-co")


# --- responsibilities (seed 002) ---------------------------------------------------------------

def test_generated_items_2_to_5_read_as_seed_002(brvt):
    items = {r.number: r for r in responsibilities(brvt, BRVT_DOC)}
    for number, expected in SEED_ITEMS.items():
        assert items[number].text == expected
        assert not items[number].bullets


def test_golden_items_are_verbatim_in_the_seed_file(brvt):
    seed = _squash(SEED_002.read_text(encoding="utf-8"))
    for item in responsibilities(brvt, BRVT_DOC):
        if item.number in SEED_ITEMS:
            assert f"{item.number}. {item.text}" in seed
    assert SEED_ITEM_6_FIRST_BULLET in seed


def test_item_6_is_the_home_affairs_department_with_its_extra_duties(brvt):
    items = responsibilities(brvt, BRVT_DOC)
    assert len(items) == 6
    six = items[5]
    assert six.text == "Sở Nội vụ:" and six.agency == "so-noi-vu"
    assert six.bullets[0] == SEED_ITEM_6_FIRST_BULLET
    assert len(six.bullets) == 3 and six.bullets[1].startswith("Chủ trì việc tập hợp")
    assert six.initiatives == ["to-gap-tuyen-truyen-papi", "tap-huan-nang-cao-papi"]


def test_item_1_comes_from_the_document_with_two_paragraphs(brvt):
    first = responsibilities(brvt, BRVT_DOC)[0]
    assert first.text.startswith("Thủ trưởng các cơ quan, đơn vị, Chủ tịch UBND các huyện")
    assert len(first.paragraphs) == 1 and first.paragraphs[0].startswith("Đồng thời tiếp tục")
    assert re.match(r"^1\. Thủ trưởng", first.as_text())


def test_responsibilities_of_an_unknown_document(brvt):
    with pytest.raises(UsageError):
        responsibilities(brvt, "khong-co")
