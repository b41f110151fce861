"""`cchc report` through the CLI, the git revision reader, and the CI workflow of `cchc init`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from report_helpers import DATA, by_id, parse, text
from ruamel.yaml import YAML

from cchc.cli.main import app
from cchc.io.gitrev import Revision, read_revision


def test_report_writes_the_page(runner, tmp_path):
    out = tmp_path / "bao-cao.html"
    result = runner.invoke(app, ["--data", str(DATA), "report", "-o", str(out), "--as-of", "2021-07-20"])
    assert result.exit_code == 0, result.output
    assert "Đã ghi báo cáo" in result.stdout and "1 nhiệm vụ quá hạn" in result.stdout
    assert "số liệu minh họa" in result.stderr
    tree = parse(out.read_text(encoding="utf-8"))
    assert "ngày 20 tháng 7 năm 2021" in text(tree.find(".//header"))


def test_report_never_overwrites_without_force(runner, tmp_path):
    out = tmp_path / "bao-cao.html"
    out.write_text("của người dùng", encoding="utf-8")
    args = ["--data", str(DATA), "report", "-o", str(out), "--as-of", "2021-07-20"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "của người dùng"
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_refuses_other_formats(runner, tmp_path):
    result = runner.invoke(app, ["--data", str(DATA), "report", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and ".html" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_as_of_from_environment_and_bad_dates(runner, tmp_path, monkeypatch):
    out = tmp_path / "r.html"
    monkeypatch.setenv("CCHC_TODAY", "2021-07-20")
    assert runner.invoke(app, ["--data", str(DATA), "report", "-o", str(out)]).exit_code == 0
    assert 'content="2021-07-20"' in out.read_text(encoding="utf-8")
    result = runner.invoke(app, ["--data", str(DATA), "report", "-o", str(out), "--as-of", "32/7/2021"])
    assert result.exit_code == 2 and "không hợp lệ" in result.stderr


def test_data_with_errors_is_refused_or_reported_as_skipped(runner, tmp_path):
    """#11 item 1: no page from part of the data unless asked (--skip-invalid), and then the page
    says how many records it left out."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".cchc-cache"))
    (data / "tasks" / "hong.yaml").write_text("schema: tasks@1\ntasks: [1\n", encoding="utf-8")
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["--data", str(data), "report", "-o", str(out), "--as-of", "2021-07-20"])
    assert result.exit_code == 1 and not out.exists()
    assert "tasks/hong.yaml:3" in result.stderr and "cchc validate" in result.stderr
    result = runner.invoke(app, ["--data", str(data), "report", "-o", str(out), "--as-of", "2021-07-20",
                                 "--skip-invalid"])
    assert result.exit_code == 1
    assert "chưa đầy đủ" in result.stderr and "Đã bỏ qua 1 bản ghi lỗi" in result.stderr
    problems = text(by_id(parse(out.read_text(encoding="utf-8")), "van-de-du-lieu"))
    assert "Báo cáo chưa đầy đủ" in problems and "Đã bỏ qua 1 bản ghi lỗi" in problems


def test_year_option_picks_the_assignment(runner, tmp_path):
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["--data", str(DATA), "report", "-o", str(out), "--as-of", "2026-01-05",
                                 "--year", "2030"])
    assert result.exit_code == 1
    assert "không có bảng phân công cho năm 2030" in result.stderr


# --------------------------------------------------------------------------- git revision


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          timeout=30).stdout.strip()


@pytest.fixture
def repo(tmp_path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git không có trên máy")
    root = tmp_path / "kho"
    (root / "data").mkdir(parents=True)
    (root / "data" / "a.txt").write_text("a\n", encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "add", ".")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "x")
    return root


def test_revision_of_a_branch_a_packed_ref_and_a_detached_head(repo):
    head = _git(repo, "rev-parse", "HEAD")
    assert read_revision(repo / "data") == Revision(head, "main")
    _git(repo, "pack-refs", "--all")
    assert not (repo / ".git" / "refs" / "heads" / "main").exists()
    assert read_revision(repo / "data") == Revision(head, "main")
    _git(repo, "checkout", "-q", "--detach")
    assert read_revision(repo) == Revision(head, None)
    assert read_revision(repo).short == head[:7]


def test_revision_in_a_worktree(repo, tmp_path):
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "worktree", "add", "-q", "-b", "nhanh",
         str(tmp_path / "wt"))
    assert (tmp_path / "wt" / ".git").is_file()
    assert read_revision(tmp_path / "wt" / "data") == Revision(_git(repo, "rev-parse", "HEAD"), "nhanh")


def test_no_revision_outside_git_or_in_a_broken_repository(tmp_path):
    assert read_revision(tmp_path) is None
    broken = tmp_path / "hong"
    (broken / ".git").mkdir(parents=True)
    (broken / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")  # unborn branch
    assert read_revision(broken) is None
    (broken / ".git" / "HEAD").write_text("rác\n", encoding="utf-8")
    assert read_revision(broken) is None


def test_report_shows_the_revision(repo, runner, tmp_path):
    shutil.rmtree(repo / "data")
    shutil.copytree(DATA, repo / "data", ignore=shutil.ignore_patterns(".cchc-cache"))
    out = tmp_path / "r.html"
    assert runner.invoke(app, ["--data", str(repo / "data"), "report", "-o", str(out),
                               "--as-of", "2021-07-20"]).exit_code == 0
    shown = by_id(parse(out.read_text(encoding="utf-8")), "phien-ban")
    head = _git(repo, "rev-parse", "HEAD")
    assert text(shown) == f"Phiên bản dữ liệu: {head[:7]} (nhánh main)"
    assert shown.find("code").get("title") == head


# --------------------------------------------------------------------------- CI of a data repository


def test_init_workflow_builds_the_report_and_keeps_it(runner, tmp_path):
    target = tmp_path / "moi"
    assert runner.invoke(app, ["init", str(target), "--province", "Đắk Lắk", "--year", "2026"]).exit_code == 0
    workflow = YAML(typ="safe").load(target / ".github" / "workflows" / "cchc.yml")
    steps = workflow["jobs"]["kiem-tra"]["steps"]
    build = next(s for s in steps if "cchc" in s.get("run", "") and " report" in s["run"])
    assert "-o bao-cao-cchc.html" in build["run"] and build["if"] == "always()"
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "bao-cao-cchc.html" and upload["if"] == "always()"
    assert steps.index(build) < steps.index(upload)
    assert "pull_request" in workflow["on"]
    # the command of the workflow works on the scaffolded repository
    out = tmp_path / "bao-cao-cchc.html"
    result = runner.invoke(app, ["--data", str(target / "data"), "report", "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert out.is_file()
