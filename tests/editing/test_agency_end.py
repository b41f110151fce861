"""`cchc agency end`: only the affected lines change; open tasks and assignments are listed."""

from __future__ import annotations

import difflib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.cli.app import parse_day
from cchc.cli.main import app
from cchc.errors import UsageError
from cchc.io.loader import load_dataset
from cchc.services.agency_end import end_agency, set_record_keys


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_block_record_gets_two_new_lines_and_nothing_else(data_copy, runner):
    path = data_copy / "agencies.yaml"
    before = path.read_bytes()
    result = runner.invoke(app, ["agency", "end", "so-noi-vu", "--on", "2025-02-28",
                                 "--successor", "so-tu-phap", str(data_copy)])
    assert result.exit_code == 0, result.output
    after = path.read_bytes()
    assert changed_lines(before.decode(), after.decode()) == [
        "+    valid_until: 2025-02-28", "+    successor: so-tu-phap"]
    # Every original byte is still there, in order, with the two lines inserted after head_title.
    assert after.replace(b"    valid_until: 2025-02-28\n    successor: so-tu-phap\n", b"", 1) == before
    assert b"    head_title: Gi\xc3\xa1m \xc4\x91\xe1\xbb\x91c\n    valid_until: 2025-02-28\n" in after
    ds = load_dataset(data_copy)
    assert ds.agencies["so-noi-vu"].valid_until == date(2025, 2, 28)
    assert ds.agencies["so-noi-vu"].successor == "so-tu-phap"
    # The open tasks of Sở Nội vụ with no deadline (or a later one) now need Sở Tư pháp.
    assert "Nhiệm vụ chưa hoàn thành cần chuyển cho Sở Tư pháp" in result.stdout
    assert "ky-cam-ket-cchc-2021 (chủ trì; không có hạn) — 2021-nang-cao-chi-so.yaml:" in result.stdout
    # ...but not the ones already due before the end date.
    assert "ke-hoach-cai-thien-chi-so-2021" not in result.stdout


def test_existing_value_is_replaced_in_place_keeping_comments(data_copy):
    path = data_copy / "agencies.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    valid_until: 2025-02-28\n    successor: so-khcn\n",
        "    valid_until: 2025-02-28   # theo quyết định hợp nhất\n    successor: so-khcn\n", 1)
    path.write_text(text, encoding="utf-8")
    result = end_agency(data_copy, "so-tttt", date(2025, 3, 31), "so-khcn")
    after = path.read_text(encoding="utf-8")
    assert changed_lines(text, after) == [
        "-    valid_until: 2025-02-28   # theo quyết định hợp nhất",
        "+    valid_until: 2025-03-31   # theo quyết định hợp nhất"]
    assert result.previous == {"valid_until": "2025-02-28", "successor": "so-khcn"}


def test_flow_style_record(data_copy):
    path = data_copy / "agencies.yaml"
    before = path.read_text(encoding="utf-8")
    end_agency(data_copy, "ea-sup", date(2025, 6, 30), "ubnd-tinh")
    after = path.read_text(encoding="utf-8")
    lines = changed_lines(before, after)
    assert len(lines) == 2
    assert lines[1].endswith("place: Ea Súp, valid_until: 2025-06-30, successor: ubnd-tinh}")
    assert lines[1] == "+" + lines[0][1:-1] + ", successor: ubnd-tinh}"


def test_running_twice_changes_nothing_the_second_time(data_copy):
    end_agency(data_copy, "so-noi-vu", date(2025, 2, 28), "so-tu-phap")
    once = (data_copy / "agencies.yaml").read_bytes()
    second = end_agency(data_copy, "so-noi-vu", date(2025, 2, 28), "so-tu-phap")
    assert not second.changed
    assert (data_copy / "agencies.yaml").read_bytes() == once


def test_assignments_after_the_end_are_listed(data_copy):
    text = (data_copy / "assignments" / "2021.yaml").read_text(encoding="utf-8")
    (data_copy / "assignments" / "2026.yaml").write_text(
        text.replace("id: phan-cong-2021", "id: phan-cong-2026").replace("year: 2021", "year: 2026"),
        encoding="utf-8")
    result = end_agency(data_copy, "so-khcn", date(2025, 6, 30), "so-noi-vu")
    assert [(a.year, a.role, a.codes) for a in result.assignments] == [(2026, "chủ trì", ["7.4"])]
    assert result.assignments[0].file.name == "2026.yaml"


@pytest.mark.parametrize("args, message", [
    (["so-noi-vuu", "--on", "2025-02-28"], "có phải ý bạn là «so-noi-vu»?"),
    (["so-noi-vu", "--on", "2025-02-30"], "ngày «2025-02-30» (--on) không hợp lệ"),
    (["so-noi-vu", "--on", "2025-02-28", "--successor", "so-noi-vu"], "chính nó"),
    (["so-noi-vu", "--on", "2025-06-01", "--successor", "so-tttt"], "cũng đã kết thúc"),
])
def test_bad_input_is_refused_without_touching_the_file(data_copy, runner, args, message):
    before = (data_copy / "agencies.yaml").read_bytes()
    result = runner.invoke(app, ["agency", "end", *args, str(data_copy)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert (data_copy / "agencies.yaml").read_bytes() == before


def test_parse_day_accepts_official_form():
    assert parse_day("28/02/2025", "--on") == date(2025, 2, 28)
    assert parse_day("2025-02-28", "--on") == date(2025, 2, 28)
    with pytest.raises(UsageError):
        parse_day("mai", "--on")


VALUE = st.sampled_from(["a", "'b c'", "x  # ghi chú", "[p, q]", "2020-01-01"])


@settings(max_examples=80, deadline=None)
@given(keys=st.lists(st.sampled_from(["name", "kind", "note", "valid_until", "successor", "order"]),
                     min_size=1, max_size=5, unique=True),
       values=st.lists(VALUE, min_size=5, max_size=5), flow=st.booleans(), trailer=st.booleans())
def test_set_record_keys_changes_only_the_record(keys, values, flow, trailer):
    keys = ["id", *keys]

    def written(key: str, value: str) -> str:
        if flow and "#" in value:
            return "z"  # a comment cannot sit inside a one-line flow mapping
        if key in ("valid_until", "successor") and value.startswith("["):
            return "x"  # refused on purpose: not a single value
        return value

    pairs = [f"{k}: {written(k, v)}" for k, v in zip(keys, ["r", *values], strict=False)]
    record = ("  - {" + ", ".join(pairs) + "}\n") if flow else (
        "  - " + "\n    ".join(pairs) + "\n")
    text = "# đầu tệp\nagencies:\n" + record + ("\n  # phần sau\n  - id: s\n" if trailer else "")
    edited = set_record_keys(text, ("agencies", 0), {"valid_until": "2025-02-28", "successor": "k"})
    from cchc.io.yamlsource import read_source

    data = read_source(__import__("pathlib").Path("a.yaml"), edited.encode()).data
    assert data["agencies"][0]["valid_until"] == "2025-02-28"
    assert data["agencies"][0]["successor"] == "k"
    assert "# đầu tệp" in edited and (not trailer or "  # phần sau\n  - id: s\n" in edited)
    assert edited.endswith("\n")
    assert set_record_keys(edited, ("agencies", 0), {"valid_until": "2025-02-28", "successor": "k"}) == edited
