"""The checks of `cchc validate` are an explicit list in cchc/checks/, independent of imports."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import cchc.checks
from cchc.checks import CHECKS

CHECKS_DIR = Path(cchc.checks.__file__).parent


def defined_checks() -> set[str]:
    """Every public ``check_*`` function defined in a module of cchc/checks/."""
    names = set()
    for path in CHECKS_DIR.glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("check_"):
                names.add(node.name)
    return names


def test_every_check_function_is_in_the_list():
    assert {check.__name__ for check in CHECKS} == defined_checks()
    assert all(inspect.getmodule(check).__name__.startswith("cchc.checks.") for check in CHECKS)


def test_validate_runs_all_checks(monkeypatch, tmp_path):
    from cchc.services import validation

    (tmp_path / "agencies.yaml").write_text(
        "schema: agencies@1\nprovince: Thử\nagencies:\n  - {id: ubnd-tinh, name: UBND tỉnh Thử, kind: tinh}\n",
        encoding="utf-8")
    ran = []
    wrapped = tuple((lambda check: lambda report: (ran.append(check.__name__), check(report)))(c) for c in CHECKS)
    monkeypatch.setattr(cchc.checks, "CHECKS", wrapped)
    validation.validate_repo(tmp_path, use_cache=False)
    assert ran == [check.__name__ for check in CHECKS]


def test_no_check_is_registered_by_importing_a_service():
    """Importing every service changes nothing: the list is the same before and after."""
    code = ("import cchc.checks as c; before = [f.__name__ for f in c.CHECKS]\n"
            "import cchc.services.assignments, cchc.services.deadlines, cchc.services.initiatives\n"
            "assert [f.__name__ for f in c.CHECKS] == before, before\n"
            "assert not hasattr(c, 'register')\n")
    subprocess.run([sys.executable, "-c", code], check=True)
