"""The province record (tỉnh or thành phố), the two-level government as data, agency groups."""

from __future__ import annotations

from datetime import date

from cchc.cli.main import app
from cchc.domain.groups import expand, group_members, holds
from cchc.domain.provinces import CITY, PROVINCES, find_province
from cchc.io.loader import load_dataset
from cchc.render.pipeline import find_document, render_body
from cchc.services.validation import validate_repo as validate
from tests.conftest import DATA


def test_the_current_list_has_34_units_7_of_them_cities():
    assert len(PROVINCES) == 34
    assert sorted(p.name for p in PROVINCES if p.level is CITY) == sorted(
        ["Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ", "Đồng Nai"])
    assert find_province("tp. ho chi minh").name == "Hồ Chí Minh"
    assert find_province("Khánh Hoà").name == "Khánh Hòa"  # tone placement does not matter
    assert find_province("Bà Rịa - Vũng Tàu") is None  # merged into Hồ Chí Minh on 1/7/2025


def test_bundled_province_is_the_new_dak_lak_with_its_predecessors_and_102_communes():
    ds = load_dataset(DATA)
    record = ds.province_record
    assert record.name == "Đắk Lắk" and record.level.value == "tinh" and record.code == "66"
    assert record.valid_from == date(2025, 7, 1)
    assert [p.name for p in record.predecessors] == ["Đắk Lắk", "Phú Yên"]
    communes = [a for a in ds.agencies.values() if a.kind.value == "xa"]
    assert len(communes) == 102
    assert sum(a.name.startswith("Ủy ban nhân dân phường") for a in communes) == 14
    hoa_phu = ds.agencies["xa-hoa-phu"]
    assert hoa_phu.code == "24175" and hoa_phu.valid_from == date(2025, 7, 1)
    assert "Hòa Xuân" in hoa_phu.predecessors[0]


def test_groups_expand_to_the_units_existing_at_the_date():
    ds = load_dataset(DATA)
    assert len(group_members(ds, "ubnd-cac-huyen", date(2022, 6, 1))) == 15
    assert group_members(ds, "ubnd-cac-huyen", date(2026, 1, 5)) == []
    assert group_members(ds, "ubnd-cac-xa-phuong", date(2022, 6, 1)) == []
    assert len(group_members(ds, "ubnd-cac-xa-phuong", date(2026, 1, 5))) == 102
    sectors_2026 = {a.id for a in group_members(ds, "cac-so-ban-nganh", date(2026, 1, 5))}
    assert {"so-noi-vu", "van-phong-ubnd", "so-nong-nghiep-moi-truong"} <= sectors_2026
    assert "so-tttt" not in sectors_2026  # merged into Sở KH&CN on 1/3/2025
    assert expand(ds, ["so-noi-vu", "ubnd-cac-xa-phuong"], date(2026, 1, 5))[:2] == ["so-noi-vu", "xa-hoa-phu"]
    assert holds(ds, "phuong-buon-ma-thuot", ["ubnd-cac-xa-phuong"], date(2026, 1, 5))
    assert not holds(ds, "phuong-buon-ma-thuot", ["ubnd-cac-xa-phuong"], date(2024, 1, 5))
    assert ds.agency_name("ubnd-cac-xa-phuong") == "UBND các xã, phường"


def test_a_group_is_accepted_as_an_agency_and_warned_when_it_has_nobody_then(base_repo):
    (base_repo / "agencies.yaml").write_text((base_repo / "agencies.yaml").read_text(encoding="utf-8").replace(
        "agencies:\n", "groups:\n  - {id: ubnd-cac-xa, name: \"UBND các xã, phường\", kinds: [xa]}\n"
                       "  - {id: so-noi-vu, name: Trùng mã, kinds: [so]}\nagencies:\n", 1), encoding="utf-8")
    (base_repo / "tasks.yaml").write_text(
        "schema: tasks@1\ntasks:\n  - id: t1\n    title: Rà soát\n    lead: [ubnd-cac-xa]\n    due: 2026-03-31\n",
        encoding="utf-8")
    result = validate(base_repo, use_cache=False)
    codes = {d.code for d in result.diagnostics}
    assert "group-id-clash" in codes
    assert "empty-group" in codes  # the fixture has no commune
    assert "unknown-agency" not in codes


def test_init_a_centrally_run_city_says_thanh_pho_everywhere(tmp_path, runner):
    repo = tmp_path / "ha-noi"
    result = runner.invoke(app, ["init", str(repo), "--province", "Hà Nội", "--year", "2026"])
    assert result.exit_code == 0, result.output
    text = (repo / "data" / "agencies.yaml").read_text(encoding="utf-8")
    assert "name: Ủy ban nhân dân thành phố Hà Nội" in text
    assert "short_name: UBND thành phố" in text and "Thanh tra thành phố" in text
    assert "tỉnh Hà Nội" not in text
    ds = load_dataset(repo / "data")
    assert ds.province_level == "thành phố"
    assert len([a for a in ds.agencies.values() if a.kind.value in ("so", "ban-nganh", "van-phong")]) == 12
    assert set(ds.groups) == {"cac-so-ban-nganh", "ubnd-cac-xa-phuong"}
    assert validate(repo / "data", use_cache=False).errors == []


def test_init_rejects_a_name_not_in_the_list_with_a_suggestion(tmp_path, runner):
    result = runner.invoke(app, ["init", str(tmp_path / "x"), "--province", "Dak Lac"])
    assert result.exit_code == 2
    assert "Đắk Lắk" in result.output
    assert not (tmp_path / "x").exists()


def test_init_imports_communes_from_a_csv(tmp_path, runner):
    csv_file = tmp_path / "xa.csv"
    csv_file.write_text("code,name,type,formed_from\n24175,Xã Hòa Phú,xa,\"các xã Hòa Phú, Hòa Xuân và Hòa Khánh\"\n"
                        "24133,Phường Buôn Ma Thuột,,\n00001,Đặc khu Thử,,\n", encoding="utf-8")
    repo = tmp_path / "repo"
    result = runner.invoke(app, ["init", str(repo), "--province", "Đắk Lắk", "--year", "2026",
                                 "--communes", str(csv_file)])
    assert result.exit_code == 0, result.output
    ds = load_dataset(repo / "data")
    assert ds.agencies["xa-hoa-phu"].predecessors == ["các xã Hòa Phú, Hòa Xuân và Hòa Khánh"]
    assert ds.agencies["phuong-buon-ma-thuot"].short_name == "UBND phường Buôn Ma Thuột"
    assert ds.agencies["dac-khu-thu"].code == "00001"
    assert validate(repo / "data", use_cache=False).errors == []


def test_init_names_the_bad_csv_line(tmp_path, runner):
    csv_file = tmp_path / "xa.csv"
    csv_file.write_text("name\nXã Một\nThôn Hai\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(tmp_path / "r"), "--province", "Đắk Lắk", "--communes", str(csv_file)])
    assert result.exit_code == 2
    assert "xa.csv:3" in result.output


def test_templates_derive_the_level_from_the_province_record(data_copy):
    agencies = data_copy / "agencies.yaml"
    # A 2021 document takes the province as it was then (its predecessor record): make both cities.
    text = agencies.read_text(encoding="utf-8").replace("  level: tinh\n", "  level: thanh-pho\n", 1)
    text = text.replace("    - name: Đắk Lắk\n", "    - name: Đắk Lắk\n      level: thanh-pho\n", 1)
    agencies.write_text(text, encoding="utf-8")
    ds = load_dataset(data_copy)
    text, _, _ = render_body(ds, find_document(ds, "cv-ubnd-2021-nang-cao-chi-so"), today=date(2021, 7, 12))
    assert "Chủ tịch UBND thành phố" in text and "Chỉ số CCHC thành phố" in text
    # Agency names and task titles come from the data; the template's own sentences follow the level.
    assert "Chủ tịch UBND thành phố chỉ đạo" in text and "Chủ tịch UBND tỉnh chỉ đạo" not in text
    assert "tham mưu UBND thành phố" in text and "tham mưu UBND tỉnh" not in text


def test_province_at_a_date_one_rule():
    from cchc.domain.provinces import province_at
    from cchc.models.agencies import Province

    ds = load_dataset(DATA)
    assert province_at(ds, date(2022, 6, 1)).title == "tỉnh Đắk Lắk"  # the old Đắk Lắk, listed first
    assert province_at(ds, date(2026, 1, 5)).title == "tỉnh Đắk Lắk"
    hue = Province.model_validate({"name": "Huế", "level": "thanh-pho", "valid_from": "2025-01-01", "predecessors": [
        {"name": "Thừa Thiên Huế", "level": "tinh", "valid_until": "2024-12-31"}]})
    assert [province_at(hue, d).title for d in (date(2024, 12, 31), date(2025, 1, 1), None)] == [
        "tỉnh Thừa Thiên Huế", "thành phố Huế", "thành phố Huế"]
    assert province_at(hue, date(2018, 1, 1)).level_label == "tỉnh"


def test_nearly_a_whole_group_is_named_as_the_group_less_the_few():
    from cchc.domain.groups import unit_names

    ds = load_dataset(DATA)
    on = date(2026, 1, 5)
    communes = [a.id for a in group_members(ds, "ubnd-cac-xa-phuong", on)]
    assert unit_names(ds, communes, on) == ["UBND các xã, phường"]
    assert unit_names(ds, communes[1:], on) == ["UBND các xã, phường (trừ UBND xã Hòa Phú)"]
    assert unit_names(ds, ["so-noi-vu", *communes[4:]], on) == ["Sở Nội vụ", *[ds.agencies[c].display_name for c in communes[4:]]]
    districts = [a.id for a in group_members(ds, "ubnd-cac-huyen", date(2022, 6, 1))]
    assert unit_names(ds, districts[:-2], date(2022, 6, 1))[0].startswith("UBND các huyện")
