"""End to end: `cchc init` a repo, commit, change an assignment, read `cchc diff` and
`cchc validate --format github` as a pull request would."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from cchc.cli.main import app
from cchc.io.loader import load_dataset
from cchc.services.semantic_diff import diff_datasets, render_markdown, semantic_diff
from tests.conftest import DATA

ROOT = Path(__file__).resolve().parents[2]

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def make_repo(repo: Path) -> None:
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Kiểm thử")
    git(repo, "config", "user.email", "kiem-thu@example.invalid")
    git(repo, "config", "commit.gpgsign", "false")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def scaffold(tmp_path, runner, monkeypatch) -> Path:
    repo = tmp_path / "du-lieu"
    monkeypatch.setenv("CCHC_TODAY", "2026-03-02")
    result = runner.invoke(app, ["init", str(repo), "--province", "Phú Thọ"])
    assert result.exit_code == 0, result.output
    return repo


@needs_git
def test_init_commit_change_assignment_diff_and_validate(scaffold, runner, monkeypatch):
    repo, data = scaffold, scaffold / "data"
    make_repo(repo)
    # The reviewer-facing state: two agencies lead field 7, 7.4 carved out for Sở KH&CN.
    replace(data / "assignments" / "2026.yaml", '    codes: ["1"]\n',
            '    codes: ["1"]\n  - agency: van-phong-ubnd\n    codes: ["7"]\n'
            '  - agency: so-khcn\n    codes: ["7.4"]\n')
    commit_all(repo, "Khởi tạo")
    git(repo, "switch", "-q", "-c", "chuyen-7-4")

    # The pull request: 7.4 moves to Sở Nội vụ; a deadline-free edit elsewhere must not show.
    replace(data / "assignments" / "2026.yaml", '  - agency: so-khcn\n    codes: ["7.4"]\n', "")
    replace(data / "assignments" / "2026.yaml", '    codes: ["1"]\n', '    codes: ["1", "7.4"]\n')
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["--data", "data", "diff"])
    assert result.exit_code == 0, result.output
    assert "Tiêu chí 7.4: Sở Khoa học và Công nghệ → Sở Nội vụ" in result.stdout
    assert "điểm rẽ nhánh với main" in result.stdout
    assert "1 thay đổi: 1 phân công." in result.stdout

    commit_all(repo, "Chuyển tiêu chí 7.4 cho Sở Nội vụ")
    md = runner.invoke(app, ["--data", "data", "diff", "main", "HEAD", "--format", "md"])
    assert md.exit_code == 0, md.output
    assert md.stdout.startswith("<!-- cchc-diff -->\n### Thay đổi dữ liệu")
    assert "  - Tiêu chí 7.4: Sở Khoa học và Công nghệ → Sở Nội vụ\n" in md.stdout
    as_json = json.loads(runner.invoke(app, ["--data", "data", "diff", "main", "HEAD", "-f", "json"]).stdout)
    assert [c["text"] for c in as_json["changes"]] == ["Tiêu chí 7.4: Sở Khoa học và Công nghệ → Sở Nội vụ"]

    # The same branch now introduces an error: CI's validate step annotates the exact line.
    replace(data / "assignments" / "2026.yaml", "  - agency: so-noi-vu\n", "  - agency: so-noi-vuu\n")
    validate = runner.invoke(app, ["validate", "--format", "github", "--no-cache", "data"])
    assert validate.exit_code == 1
    lines = validate.stdout.strip().splitlines()
    # Paths are relative to the checkout, as GitHub needs to place the annotation on the diff.
    assert any(line.startswith("::error file=data/assignments/2026.yaml,line=19,col=13,")
               and "so-noi-vuu" in line for line in lines), validate.stdout
    assert runner.invoke(app, ["fmt", "--check", "data"]).exit_code == 0


@needs_git
def test_diff_reports_tasks_agencies_initiatives_and_criteria(tmp_path):
    repo = tmp_path / "r"
    shutil.copytree(DATA, repo / "data", ignore=shutil.ignore_patterns(".cchc-cache"))
    make_repo(repo)
    commit_all(repo, "dữ liệu mẫu")
    data = repo / "data"
    replace(data / "tasks" / "2021-nang-cao-chi-so.yaml", "    due: 2021-07-30\n", "    due: 2021-08-15\n")
    replace(data / "agencies.yaml", "    valid_until: 2025-02-28\n    successor: so-khcn\n", "")
    replace(data / "initiatives" / "krong-pac.yaml", "schema: initiatives@1\ninitiatives:\n",
            "schema: initiatives@1\ninitiatives:\n  - id: mot-cua-so\n    name: Một cửa số\n"
            "    kind: mo-hinh\n")
    replace(data / "criteria" / "par-index-tinh-876.yaml", "    name: Cải cách thể chế\n",
            "    name: Cải cách thể chế\n    max_points: 9\n")
    diff = semantic_diff(data)
    texts = [c.text for c in diff.changes]
    assert "Nhiệm vụ ke-hoach-cai-thien-chi-so-2021: hạn 30/7/2021 → 15/8/2021" in texts
    assert "Thêm mô hình «Một cửa số»" in texts
    assert "Sở Thông tin và Truyền thông: bỏ ngày kết thúc 28/2/2025 (cơ quan còn hoạt động)" in texts
    assert "Sở Thông tin và Truyền thông: cơ quan kế nhiệm Sở Khoa học và Công nghệ → không có" in texts
    assert "Bộ tiêu chí par-index-tinh-876, Lĩnh vực 2: điểm tối đa chưa xác định → 9" in texts
    assert diff.head.startswith("bản làm việc")


def test_diff_resolves_leads_and_reports_only_the_topmost_move():
    before = load_dataset(DATA)
    after = load_dataset(DATA)
    assignment = after.assignments["phan-cong-2021"]
    # Field 7 moves wholesale from Sở TT&TT to Sở KH&CN: one sentence, not one per child code.
    for lead in assignment.leads:
        if lead.agency == "so-tttt":
            lead.agency = "so-khcn"
    texts = [c.text for c in diff_datasets(before, after)]
    assert texts == ["Lĩnh vực 7: Sở Thông tin và Truyền thông → Sở Khoa học và Công nghệ"]


def test_no_change_says_so_in_markdown():
    ds = load_dataset(DATA)
    from cchc.services.semantic_diff import SemanticDiff

    text = render_markdown(SemanticDiff(base="abc1234", head="def5678", changes=diff_datasets(ds, ds)))
    assert "Không có thay đổi nào về dữ liệu." in text


def test_diff_outside_git_is_a_clear_usage_error(runner, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".cchc-cache"))
    if shutil.which("git") is not None:
        probe = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=tmp_path, capture_output=True)
        if probe.returncode == 0:
            pytest.skip("the temporary folder is inside a git repository")
    result = runner.invoke(app, ["--data", str(data), "diff"])
    assert result.exit_code == 2
    assert "không nằm trong một kho git" in result.stderr or "không tìm thấy lệnh git" in result.stderr
    assert "Traceback" not in result.output


@needs_git
def test_unknown_revision_is_a_usage_error(runner, tmp_path):
    repo = tmp_path / "r"
    (repo / "data").mkdir(parents=True)
    (repo / "data" / "a.yaml").write_text("schema: tasks@1\n", encoding="utf-8")
    make_repo(repo)
    commit_all(repo, "x")
    result = runner.invoke(app, ["--data", str(repo / "data"), "diff", "khong-co"])
    assert result.exit_code == 2
    assert "không tìm thấy phiên bản «khong-co»" in result.stderr


# ---- the scaffold ----------------------------------------------------------------------------


def test_scaffold_is_valid_formatted_and_complete(scaffold, runner):
    repo = scaffold
    validate = runner.invoke(app, ["validate", "--no-cache", str(repo / "data")])
    assert validate.exit_code == 0, validate.output
    assert "0 lỗi" in validate.stdout
    assert runner.invoke(app, ["fmt", "--check", str(repo / "data")]).exit_code == 0
    ds = load_dataset(repo / "data")
    assert ds.province == "Phú Thọ"
    assert ds.agencies["ubnd-tinh"].name == "Ủy ban nhân dân tỉnh Phú Thọ"
    assert {"so-noi-vu", "van-phong-ubnd", "so-nong-nghiep-moi-truong"} <= set(ds.agencies)
    assert ds.assignments["phan-cong-2026"].year == 2026
    # The bundled set as it is, plus the scaffold's year marked as provisional (not confirmed).
    copied = (repo / "data" / "criteria" / "par-index-tinh-876.yaml").read_text(encoding="utf-8").splitlines()
    added = [line for line in copied if line.startswith("# Năm 2026: dùng tạm") or line == "provisional_years: [2026]"]
    assert len(added) == 2
    assert [line for line in copied if line not in added] == (
        DATA / "criteria" / "par-index-tinh-876.yaml").read_text(encoding="utf-8").splitlines()
    assert ds.criteria_sets["par-index-tinh-876"].years == [2022, 2023]
    assert ds.criteria_sets["par-index-tinh-876"].provisional_years == [2026]
    assert ".cchc-cache/" in (repo / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "Sửa dữ liệu qua pull request" in (repo / "README.md").read_text(encoding="utf-8")

    workflow = YAML(typ="safe").load(repo / ".github" / "workflows" / "cchc.yml")
    commands = "\n".join(step.get("run", "") for step in workflow["jobs"]["kiem-tra"]["steps"])
    assert "cchc validate --format github data" in commands
    assert "cchc fmt --check data" in commands
    assert "diff" in commands and "--format md" in commands and "gh pr comment" in commands

    settings = json.loads((repo / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    schemas = settings["yaml.schemas"]
    assert schemas["./schemas/tasks@1.json"] == ["data/tasks/**/*.yaml"]
    assert "data/agencies.yaml" in schemas["./schemas/agencies@1.json"]
    for schema_path in schemas:
        assert (repo / schema_path).is_file()


def test_scaffold_pre_commit_uses_the_hooks_of_this_repo(scaffold, tmp_path, runner):
    offered = {h["id"]: h for h in YAML(typ="safe").load(ROOT / ".pre-commit-hooks.yaml")}
    assert set(offered) == {"cchc-fmt", "cchc-validate"}
    local = YAML(typ="safe").load(scaffold / ".pre-commit-config.yaml")
    hooks = {h["id"]: h for h in local["repos"][0]["hooks"]}
    assert set(hooks) == set(offered)
    for hook_id, hook in hooks.items():
        assert hook["entry"] == offered[hook_id]["entry"]
        assert hook["files"] == offered[hook_id]["files"]
    remote = tmp_path / "remote"
    result = runner.invoke(app, ["init", str(remote), "--province", "Đắk Lắk", "--year", "2026",
                                 "--cchc-repo", "https://git.example.invalid/cchc", "--cchc-rev", "v0.1.0"])
    assert result.exit_code == 0, result.output
    config = YAML(typ="safe").load(remote / ".pre-commit-config.yaml")
    assert config["repos"][0]["repo"] == "https://git.example.invalid/cchc"
    assert [h["id"] for h in config["repos"][0]["hooks"]] == ["cchc-fmt", "cchc-validate"]
    assert "git+https://git.example.invalid/cchc@v0.1.0" in (
        remote / ".github" / "workflows" / "cchc.yml").read_text(encoding="utf-8")


def test_init_never_overwrites_a_non_empty_folder_without_force(tmp_path, runner):
    target = tmp_path / "co-san"
    target.mkdir()
    (target / "README.md").write_text("của người dùng\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(target), "--province", "Đắk Lắk", "--year", "2026"])
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert (target / "README.md").read_text(encoding="utf-8") == "của người dùng\n"
    assert not (target / "data").exists()
    (target / "keep.txt").write_text("giữ\n", encoding="utf-8")
    forced = runner.invoke(app, ["init", str(target), "--province", "Đắk Lắk", "--year", "2026", "--force"])
    assert forced.exit_code == 0, forced.output
    assert (target / "data" / "agencies.yaml").is_file()
    assert (target / "keep.txt").read_text(encoding="utf-8") == "giữ\n"


def test_diff_sentences_for_renames_documents_results_and_removals():
    before, after = load_dataset(DATA), load_dataset(DATA)
    after.agencies["so-noi-vu"] = after.agencies["so-noi-vu"].model_copy(update={"name": "Sở Nội vụ mới"})
    document_id = next(iter(after.documents))
    old_doc = after.documents[document_id]
    after.documents[document_id] = old_doc.model_copy(update={"subject": "Trích yếu đã sửa"})
    result = after.results[0]
    after.results[0] = result.model_copy(update={"score": 90.5, "rank": 10})
    removed_task = next(iter(after.tasks))
    del after.tasks[removed_task]
    texts = [c.text for c in diff_datasets(before, after)]
    assert "Đổi tên cơ quan so-noi-vu: Sở Nội vụ → Sở Nội vụ mới" in texts
    assert any(t.startswith(f"Văn bản {document_id}: trích yếu «") and t.endswith("→ «Trích yếu đã sửa»")
               for t in texts)
    assert "Kết quả PAR INDEX năm 2020 của Đắk Lắk: điểm 83,22 → 90,5" in texts
    assert "Kết quả PAR INDEX năm 2020 của Đắk Lắk: xếp thứ 45/63 → 10/63" in texts
    assert any(t.startswith(f"Xóa nhiệm vụ {removed_task}: ") for t in texts)
