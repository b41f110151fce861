"""`cchc import assignment`: the appendix of seed 001's layout, and the round trip with `assign`."""

from __future__ import annotations

from pathlib import Path

from builders import criteria_repo, docx_table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from cchc.cli.main import app
from cchc.importers.assignment import import_assignment
from cchc.io.loader import load_dataset
from cchc.models.assignments import AssignmentSet
from cchc.services.assignments import export_assignment, resolve_for_year, resolve_leads

ROOT = Path(__file__).resolve().parents[2]
AGENCIES_2021 = ["so-noi-vu", "so-tu-phap", "van-phong-ubnd", "so-tai-chinh", "so-tttt", "so-khcn", "so-khdt"]
WORDS = ["Cải cách", "thủ tục", "hành chính", "tổ chức", "bộ máy", "công chức", "tài chính công", "hiện đại hóa",
         "chỉ đạo", "điều hành", "văn bản", "kiểm tra", "tuyên truyền", "dịch vụ công", "số hóa"]


def _assignment_of(text: str) -> AssignmentSet:
    data = YAML(typ="safe").load(text)
    return AssignmentSet.model_validate(data)


def test_bundled_2021_appendix_round_trips(data_copy, tmp_path, runner):
    docx = tmp_path / "phu-luc.docx"
    assert runner.invoke(app, ["--data", str(data_copy), "assign", "--year", "2021", "--format", "docx",
                               "-o", str(docx)]).exit_code == 0
    ds = load_dataset(data_copy)
    result = import_assignment(ds, docx, year=2021, criteria_id="par-index-tinh-1149", dry_run=True)
    imported = _assignment_of(next(iter(result.files.values())))
    original = ds.assignments["phan-cong-2021"]
    assert [(lead.agency, lead.codes) for lead in imported.leads] == [
        (lead.agency, lead.codes) for lead in original.leads]
    assert not result.errors


def test_seed_layout_with_lines_in_one_cell_and_exclusions(data_copy, tmp_path, runner):
    rows = [["1", "Sở Nội vụ", "Lĩnh vực 1: Công tác chỉ đạo, điều hành CCHC (không gồm tiêu chí 1.6).\n"
                                "Lĩnh vực 4: Cải cách tổ chức bộ máy hành chính."],
            ["2", "VP UBND tỉnh", "Tiêu chí 1.6 - Thực hiện các nhiệm vụ được Chính phủ, Thủ tướng Chính phủ giao."],
            ["3", "Sở TT&TT", "Lĩnh vực 7: Hiện đại hóa hành chính (không gồm tiêu chí 7.4)."]]
    docx = docx_table(tmp_path / "pl.docx", ["STT", "Tên cơ quan", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần"], rows)
    args = ["--data", str(data_copy), "import", "assignment", str(docx), "--year", "2021",
            "--criteria", "par-index-tinh-1149"]
    result = runner.invoke(app, [*args, "--dry-run"])
    assert result.exit_code == 0, result.output
    # 7.4 excluded but nobody else leads it: written as unassigned, and said so
    assert "mã 7.4: phụ lục ghi «không gồm»" in result.output and "ghi vào unassigned" in result.output
    assert "Tiêu chí 7.4: Sở Khoa học và Công nghệ → không phân công" in result.output or "7.4" in result.output
    # a second assignment file for the same year is refused
    other = runner.invoke(app, [*args, "-o", str(data_copy / "assignments" / "khac.yaml")])
    assert other.exit_code == 2 and "đã có bảng phân công" in other.output
    # the year's own file is replaced only with --force
    assert runner.invoke(app, args).exit_code == 2
    result = runner.invoke(app, [*args, "--force"])
    assert result.exit_code == 0, result.output
    written = _assignment_of((data_copy / "assignments" / "2021.yaml").read_text(encoding="utf-8"))
    assert [(lead.agency, lead.codes) for lead in written.leads] == [
        ("so-noi-vu", ["1", "4"]), ("van-phong-ubnd", ["1.6"]), ("so-tttt", ["7"])]
    assert [u.code for u in written.unassigned] == ["7.4"]


def test_unknown_agency_and_code_are_reported_with_cells(data_copy, tmp_path, runner):
    rows = [["1", "Sở Nội vu", "Lĩnh vực 1: Công tác chỉ đạo"], ["2", "Sở Tư pháp", "Tiêu chí 9.9 - Không có"]]
    docx = docx_table(tmp_path / "pl.docx", ["STT", "Tên cơ quan", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần"], rows)
    result = runner.invoke(app, ["--data", str(data_copy), "import", "assignment", str(docx), "--year", "2021",
                                 "--criteria", "par-index-tinh-1149", "--dry-run"])
    assert result.exit_code == 1
    assert "(bảng 1, dòng 2, cột 2)" in result.output and "so-noi-vu" in result.output
    assert "(bảng 1, dòng 3, cột 3)" in result.output and "«9.9»" in result.output


def draw_criteria_tree(draw, max_words: int) -> tuple[list[str], dict[str, str]]:
    """A random criteria tree of up to three levels ("1", "1.2", "1.2.3"), with a name of at most
    ``max_words`` words per code: the codes in tree order and their names."""
    codes: list[str] = []

    def grow(prefix: str, depth: int) -> None:
        count = draw(st.integers(min_value=1 if depth == 1 else 0, max_value=3 if depth < 3 else 0))
        for i in range(1, count + 1):
            code = f"{prefix}.{i}" if prefix else str(i)
            codes.append(code)
            grow(code, depth + 1)

    grow("", 1)
    names = {c: " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=max_words))).capitalize()
             for c in codes}
    return codes, names


@st.composite
def criteria_and_assignment(draw):
    codes, names = draw_criteria_tree(draw, max_words=4)
    owners: dict[str, str | None] = {}
    for code in draw(st.permutations(codes)):
        if draw(st.booleans()):
            owners[code] = draw(st.sampled_from(AGENCIES_2021 + [None]))
    if not any(owners.values()):
        owners[codes[0]] = AGENCIES_2021[0]
    return codes, names, owners


def _write_repo(root: Path, codes, names, owners) -> None:
    criteria_repo(root, codes, names)
    by_agency: dict[str, list[str]] = {}
    for code, agency in owners.items():
        if agency:
            by_agency.setdefault(agency, []).append(code)
    leads = "\n".join(f"  - agency: {a}\n    codes: [{', '.join(repr(c) for c in cs)}]" for a, cs in by_agency.items())
    unassigned = [c for c, a in owners.items() if a is None]
    text = ("schema: assignments@1\nid: phan-cong-2021\nyear: 2021\ncriteria_set: bo-ngau-nhien\n"
            f"leads:\n{leads}\n")
    if unassigned:
        text += "unassigned:\n" + "\n".join(f"  - code: '{c}'\n    reason: điều tra xã hội học" for c in unassigned)
    (root / "assignments" / "2021.yaml").write_text(text + "\n", encoding="utf-8")


def round_trip_through_docx(root: Path):
    """Load the random repository at ``root`` (it must validate), render its 2021 appendix as
    .docx and import that back (dry run): (dataset, resolution, import result)."""
    ds = load_dataset(root)
    assert not [d for d in ds.diagnostics if d.is_error], ds.diagnostics
    resolution = resolve_for_year(ds, 2021)
    docx = root.parent / "phu-luc.docx"
    export_assignment(resolution, ds, "docx", path=docx, force=True)
    return ds, resolution, import_assignment(ds, docx, year=2021, criteria_id="bo-ngau-nhien", dry_run=True)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=criteria_and_assignment())
def test_assign_docx_then_import_gives_back_the_assignment(tmp_path_factory, case):
    codes, names, owners = case
    root = tmp_path_factory.mktemp("repo") / "data"
    _write_repo(root, codes, names, owners)
    ds, resolution, result = round_trip_through_docx(root)
    imported = _assignment_of(next(iter(result.files.values())))
    again = resolve_leads(ds.criteria_sets["bo-ngau-nhien"], imported, ds.agencies)
    assert again.leads == resolution.leads
    original = ds.assignments["phan-cong-2021"]
    assert {(lead.agency, c) for lead in imported.leads for c in lead.codes} == {
        (lead.agency, c) for lead in original.leads for c in lead.codes}


def test_import_output_follows_the_one_o_rule(data_copy, tmp_path, runner):
    """`import … -o` writes YAML only: another extension is a usage error and nothing is written."""
    docx = tmp_path / "phu-luc.docx"
    assert runner.invoke(app, ["--data", str(data_copy), "assign", "--year", "2021", "--format", "docx",
                               "-o", str(docx)]).exit_code == 0
    for name in ("pl.csv", "pl.xlsx", "pl"):
        target = tmp_path / name
        result = runner.invoke(app, ["--data", str(data_copy), "import", "assignment", str(docx), "--year", "2021",
                                     "--criteria", "par-index-tinh-1149", "-o", str(target), "--force"])
        assert result.exit_code == 2, result.output
        assert "chỉ ghi .yaml" in result.stderr, result.stderr
        assert not target.exists()
