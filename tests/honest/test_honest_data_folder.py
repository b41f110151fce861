"""#11 items 8 and 9 (contract 8): which data folder a command works on, the bundled sample
announced and never written, and a fresh scaffold that validates and assigns cleanly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import cchc.resources as resources
from cchc.cli.main import app
from cchc.errors import DataError
from cchc.io.atomic import atomic_write_text
from cchc.io.discovery import discover
from cchc.resources import find_data_dir, is_installed_sample, locate_data_dir
from tests.conftest import DATA

SAMPLE_LINE = "Đang dùng dữ liệu mẫu đi kèm"


@pytest.fixture
def scaffold(runner, tmp_path, monkeypatch):
    """`cchc init X` for 2026, run from its parent folder."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init", "X", "--province", "Đắk Lắk", "--year", "2026"])
    assert result.exit_code == 0, result.stderr
    return tmp_path / "X"


# ---- item 9: a fresh scaffold ---------------------------------------------------------------

def test_validate_of_the_repository_root_is_clean(runner, scaffold):
    """Before: `.pre-commit-config.yaml` was read as data ("thiếu dòng schema") and the
    criteria set's years gave a warning."""
    result = runner.invoke(app, ["validate", "X", "--strict"])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "0 lỗi, 0 cảnh báo" in result.stdout + result.stderr
    assert ".pre-commit-config" not in result.stdout + result.stderr


def test_assign_in_a_fresh_scaffold_exits_0_and_says_the_year_is_provisional(runner, scaffold, monkeypatch):
    monkeypatch.chdir(scaffold)
    result = runner.invoke(app, ["assign", "--year", "2026"])
    assert result.exit_code == 0, result.stderr
    assert "dùng tạm cho năm 2026 (chưa xác minh" in result.stderr
    assert "Cảnh báo" not in result.stderr


def test_the_provisional_year_is_marked_and_confirmed_years_untouched(scaffold):
    text = (scaffold / "data" / "criteria" / "par-index-tinh-876.yaml").read_text(encoding="utf-8")
    assert "years: [2022, 2023]\n" in text
    assert "CHƯA XÁC MINH" in text and "provisional_years: [2026]\n" in text


def test_a_confirmed_year_adds_nothing(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["init", "Z", "--province", "Đắk Lắk", "--year", "2023"]).exit_code == 0
    assert "provisional_years" not in (tmp_path / "Z" / "data" / "criteria" / "par-index-tinh-876.yaml").read_text(
        encoding="utf-8")


def test_a_year_outside_both_lists_still_warns(runner, scaffold):
    path = scaffold / "data" / "assignments" / "2026.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("year: 2026", "year: 2027"), encoding="utf-8")
    result = runner.invoke(app, ["validate", "X"])
    assert "không áp dụng cho năm 2027" in result.stdout + result.stderr


def test_hidden_files_and_ci_yaml_are_never_data(tmp_path):
    shutil.copytree(DATA, tmp_path / "d", ignore=shutil.ignore_patterns(".cchc-cache"))
    (tmp_path / "d" / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    (tmp_path / "d" / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / "d" / ".github" / "workflows" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    (tmp_path / "d" / "tasks" / ".nhap.yaml").write_text("khong: phai du lieu\n", encoding="utf-8")
    names = {p.name for p in discover(tmp_path / "d")}
    assert not {".pre-commit-config.yaml", "ci.yml", ".nhap.yaml"} & names
    assert "agencies.yaml" in names


# ---- item 8: finding the data, the bundled sample ---------------------------------------------

def test_a_subfolder_of_a_data_repository_finds_its_data(runner, scaffold, monkeypatch):
    """Before: from repo/templates cchc fell back to the bundled sample (38 files)."""
    (scaffold / "templates").mkdir()
    monkeypatch.chdir(scaffold / "templates")
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.stderr
    assert "3 tệp" in result.stdout + result.stderr and SAMPLE_LINE not in result.stderr
    monkeypatch.chdir(scaffold / "data" / "assignments")
    assert find_data_dir() == (scaffold / "data").resolve()


def test_the_walk_stops_at_a_git_repository_root(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "agencies.yaml").write_text("schema: agencies@1\n", encoding="utf-8")
    (tmp_path / "other" / ".git").mkdir(parents=True)
    (tmp_path / "other" / "src").mkdir()
    assert find_data_dir(tmp_path / "other" / "src") is None
    (tmp_path / "plain" / "deep").mkdir(parents=True)
    assert find_data_dir(tmp_path / "plain" / "deep") == tmp_path / "data"


def test_an_empty_data_folder_further_up_is_not_a_repository(tmp_path):
    (tmp_path / "data").mkdir()  # e.g. ~/data of unrelated files
    (tmp_path / "data" / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "project").mkdir()
    assert find_data_dir(tmp_path / "project") is None
    assert locate_data_dir(tmp_path / "project").sample


def test_falling_back_to_the_sample_is_said_once_on_stderr(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["deadlines", "--as-of", "2021-07-20", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count(SAMPLE_LINE) == 1
    assert SAMPLE_LINE not in result.stdout


def test_writing_commands_refuse_the_fallback_sample(runner, tmp_path, monkeypatch):
    """Before: `cchc agency end` from a folder outside any repository edited the sample."""
    monkeypatch.chdir(tmp_path)
    before = (DATA / "agencies.yaml").read_bytes()
    result = runner.invoke(app, ["agency", "end", "so-tu-phap", "--on", "2026-03-01", "--successor", "so-noi-vu"])
    assert result.exit_code == 2 and "không ghi vào dữ liệu mẫu đi kèm" in result.stderr
    result = runner.invoke(app, ["fmt"])
    assert result.exit_code == 2 and "không ghi vào dữ liệu mẫu đi kèm" in result.stderr
    assert (DATA / "agencies.yaml").read_bytes() == before
    assert runner.invoke(app, ["fmt", "--check"]).exit_code in (0, 1)  # reading the sample is fine


def test_no_write_reaches_the_installed_sample(tmp_path, monkeypatch):
    """An installed cchc keeps its sample in site-packages/cchc/_bundled: every atomic write and
    the repository lock refuse it, whichever command asks."""
    package = tmp_path / "site-packages" / "cchc"
    sample = package / "_bundled" / "data"
    shutil.copytree(DATA / "tasks", sample / "tasks")
    monkeypatch.setattr(resources, "PACKAGE_DIR", package)
    assert is_installed_sample(sample / "tasks") and not is_installed_sample(tmp_path)
    target = sample / "tasks" / "2021-nang-cao-chi-so.yaml"
    before = target.read_bytes()
    with pytest.raises(DataError, match="không ghi vào dữ liệu mẫu đi kèm"):
        atomic_write_text(target, "schema: tasks@1\n")
    from cchc.io.lock import repo_lock

    with pytest.raises(DataError, match="không ghi vào dữ liệu mẫu đi kèm"), repo_lock(sample):
        pass
    assert target.read_bytes() == before and not (sample / ".cchc-cache").exists()


def test_naming_the_installed_sample_is_announced_and_writes_refused(runner, tmp_path, monkeypatch):
    package = tmp_path / "site-packages" / "cchc"
    sample = package / "_bundled" / "data"
    shutil.copytree(DATA, sample, ignore=shutil.ignore_patterns(".cchc-cache"))
    monkeypatch.setattr(resources, "PACKAGE_DIR", package)
    result = runner.invoke(app, ["--data", str(sample), "agency", "end", "so-tu-phap", "--on", "2026-03-01"])
    assert result.exit_code == 2 and "không ghi vào dữ liệu mẫu đi kèm" in result.stderr
    result = runner.invoke(app, ["--data", str(sample), "results"])
    assert result.exit_code == 0 and result.stderr.count(SAMPLE_LINE) == 1


def test_repository_root_given_as_data_means_its_data_folder(runner, scaffold):
    result = runner.invoke(app, ["--data", str(scaffold), "assign", "--year", "2026"])
    assert result.exit_code == 0, result.stderr
    assert Path(scaffold / "data").is_dir()
