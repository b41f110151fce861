"""The wheel ships the code, the sample data and the templates, never caches (issue 11 item 11)."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from tests.conftest import ROOT


def test_wheel_never_contains_the_validate_cache(tmp_path):
    builders = pytest.importorskip("hatchling.builders.wheel")
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", "out", "bench", "tests",
                                                               ".pytest_cache", ".ruff_cache"))
    cache = project / "data" / ".cchc-cache"
    cache.mkdir(exist_ok=True)
    (cache / "validate.json").write_text("{}", encoding="utf-8")  # what `make demo` leaves behind
    (project / "data" / "__pycache__").mkdir(exist_ok=True)
    builder = builders.WheelBuilder(str(project))
    wheel = next(iter(builder.build(directory=str(tmp_path / "dist"), versions=["standard"])))
    names = zipfile.ZipFile(wheel).namelist()
    assert "cchc/_bundled/data/agencies.yaml" in names
    assert "cchc/_bundled/templates/cong-van.md.j2" in names or any(n.startswith("cchc/_bundled/templates/") for n in names)
    assert "cchc/cli/app.py" in names
    assert not [n for n in names if ".cchc-cache" in n or "__pycache__" in n]
