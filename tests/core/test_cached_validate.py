"""`cchc validate` on an unchanged repository is answered before Typer loads (cchc/cli/cached.py):
the same output and exit code as the full command, and the full command whenever in doubt."""

from __future__ import annotations

import shutil

import pytest

from cchc.cli.cached import answer_from_cache
from cchc.cli.main import app
from tests.conftest import DATA, FIXTURES


@pytest.fixture
def repo(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns(".cchc-cache"))
    shutil.copy(FIXTURES / "bad" / "agency-ended.yaml", target / "tasks" / "ended.yaml")  # warnings
    return target


@pytest.mark.parametrize("options", [[], ["--strict"], ["--format", "json"], ["-f", "github"], ["--format=text"]])
def test_a_cached_verdict_prints_what_the_full_command_prints(runner, repo, capsys, monkeypatch, options):
    monkeypatch.chdir(repo.parent)
    assert answer_from_cache(["validate", str(repo), *options]) is None  # nothing cached yet
    first = runner.invoke(app, ["validate", str(repo), *options])  # validates and writes the cache
    full = runner.invoke(app, ["validate", str(repo), *options])  # answered from the cache
    assert "(kết quả lưu đệm" in full.stdout or options[:1] != []
    capsys.readouterr()
    code = answer_from_cache(["validate", str(repo), *options])
    out, err = capsys.readouterr()
    assert code == full.exit_code == first.exit_code
    assert (out, err) == (full.stdout, full.stderr)
    assert answer_from_cache(["--data", str(repo), "validate", *options]) == code


@pytest.mark.parametrize("argv", [
    ["validate", "{repo}", "--no-cache"], ["validate", "{repo}", "--help"], ["--debug", "validate", "{repo}"],
    ["validate", "{repo}", "--format", "xml"], ["validate", "{repo}", "{repo}"], ["validate"],
    ["validate", "{repo}/khong-co"], ["validate", "{repo}/agencies.yaml"],
])
def test_other_command_lines_run_the_full_command(runner, repo, argv, monkeypatch):
    monkeypatch.delenv("CCHC_DATA", raising=False)
    assert runner.invoke(app, ["validate", str(repo)]).exit_code == 0
    assert answer_from_cache([arg.format(repo=repo) for arg in argv]) is None


def test_a_changed_file_is_validated_again(runner, repo):
    assert runner.invoke(app, ["validate", str(repo)]).exit_code == 0
    path = repo / "tasks" / "ended.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")
    assert answer_from_cache(["validate", str(repo)]) is None


@pytest.mark.parametrize("bad", [None, "unknown-agency.yaml", "invalid-date.yaml"])
@pytest.mark.parametrize("options", [["--no-cache"], ["--no-cache", "--strict", "-f", "json"], ["--format", "github"]])
def test_validate_early_prints_and_exits_as_the_full_command(runner, repo, capsys, monkeypatch, bad, options):
    from cchc.cli.cached import validate_early

    monkeypatch.chdir(repo.parent)
    if bad:
        shutil.copy(FIXTURES / "bad" / bad, repo / "tasks" / "bad.yaml")
    full = runner.invoke(app, ["validate", str(repo), *options])
    capsys.readouterr()
    code = validate_early(["validate", str(repo), *options])
    out, err = capsys.readouterr()
    assert code == full.exit_code and (out, err) == (full.stdout, full.stderr)
    assert (code == 1) == (bad is not None or "--strict" in options)


def test_validate_early_leaves_failures_to_the_full_command(tmp_path):
    from cchc.cli.cached import validate_early

    empty = tmp_path / "rong"
    empty.mkdir()
    assert validate_early(["validate", str(empty)]) is None  # "no data files": the full command says so


def test_the_code_fingerprint_follows_every_module_of_the_package(tmp_path, monkeypatch):
    """Cached verdicts are keyed by cchc's code: editing, touching or adding a module anywhere in
    the package changes the key; compiled files (__pycache__) and other files do not."""
    import os

    import cchc
    from cchc.services import validation

    package = tmp_path / "cchc"
    (package / "checks" / "__pycache__").mkdir(parents=True)
    (package / "__init__.py").write_text("x = 1\n")
    (package / "checks" / "base.py").write_text("y = 2\n")
    monkeypatch.setattr(cchc, "__file__", str(package / "__init__.py"))

    def fingerprint() -> str:
        validation._code_fingerprint.cache_clear()
        return validation._code_fingerprint()

    try:
        seen = [fingerprint()]
        (package / "checks" / "__pycache__" / "base.cpython-311.pyc").write_bytes(b"compiled")
        (package / "checks" / "notes.txt").write_text("not code")
        assert fingerprint() == seen[-1]
        (package / "checks" / "base.py").write_text("y = 3\n")  # same size, new content and time
        os.utime(package / "checks" / "base.py", ns=(1, 1))
        seen.append(fingerprint())
        (package / "checks" / "extra.py").write_text("")
        seen.append(fingerprint())
        (package / "__init__.py").write_text("x = 10\n")
        seen.append(fingerprint())
        assert len(set(seen)) == len(seen)
    finally:
        validation._code_fingerprint.cache_clear()
