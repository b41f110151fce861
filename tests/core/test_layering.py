"""The layers of docs/architecture.md, enforced from the imports of every cchc module.

Every ``import``/``from … import`` (also inside functions) is read with ``ast``; a module may
import only the cchc packages its layer allows. Third-party imports of the models are limited
to pydantic (models import only pydantic, typing_extensions and each other).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import cchc

PACKAGE = Path(cchc.__file__).parent
# Stdlib-only helpers every layer may use (except the models, which use nothing of cchc).
BASE = ("cchc.errors", "cchc.textvn", "cchc.domain.suggest")

# layer -> the cchc modules/packages it may import (besides itself and BASE)
LAYERS: dict[str, tuple[str, ...]] = {
    "cchc.models": (),
    "cchc.calendar": (),
    "cchc.sandbox": (),
    "cchc.messages": ("cchc.models",),
    "cchc.io": ("cchc.models", "cchc.messages", "cchc.resources"),
    "cchc.domain": ("cchc.models", "cchc.io", "cchc.calendar"),
    "cchc.checks": ("cchc.models", "cchc.io", "cchc.calendar", "cchc.domain"),
    "cchc.output": ("cchc.io",),
    "cchc.docx": (),
    "cchc.services": ("cchc", "cchc.models", "cchc.io", "cchc.calendar", "cchc.domain", "cchc.checks",
                      "cchc.output", "cchc.docx", "cchc.resources", "cchc.messages", "cchc.sandbox"),
    "cchc.render": ("cchc.models", "cchc.io", "cchc.calendar", "cchc.domain", "cchc.checks", "cchc.output",
                    "cchc.docx", "cchc.services", "cchc.resources", "cchc.messages", "cchc.sandbox"),
    "cchc.importers": ("cchc", ),  # everything below the CLI
    "cchc.cli": ("cchc",),  # everything
}
MODELS_THIRD_PARTY = {"pydantic", "pydantic_core", "typing_extensions"}  # the last: TypedDict on 3.11


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, node.lineno))
            # `from cchc import checks` imports the submodule cchc.checks
            if node.module == "cchc":
                found += [(f"cchc.{alias.name}", node.lineno) for alias in node.names]
    return found


def layer_of(module: str) -> str | None:
    best = None
    for layer in LAYERS:
        if (module == layer or module.startswith(layer + ".")) and (best is None or len(layer) > len(best)):
            best = layer
    return best


def within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def violations() -> list[str]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        layer = layer_of(module)
        if layer is None or module in BASE:
            continue
        for imported, line in imports_of(path):
            where = f"{path.relative_to(PACKAGE.parent)}:{line}: {module} imports {imported}"
            if layer == "cchc.models":
                top = imported.split(".")[0]
                if top == "cchc":
                    if not within(imported, "cchc.models"):
                        out.append(where)
                elif top not in sys.stdlib_module_names and top not in MODELS_THIRD_PARTY:
                    out.append(where)
                continue
            if not within(imported, "cchc") or imported == "cchc" and layer != "cchc.services":
                if imported == "cchc" and layer not in ("cchc.services", "cchc.cli"):
                    out.append(where)
                continue
            if within(imported, "cchc.cli") and layer != "cchc.cli":
                out.append(where + " (nothing imports the CLI)")
                continue
            if within(imported, layer) or any(within(imported, base) for base in BASE):
                continue
            if "cchc" in LAYERS[layer]:
                continue
            if not any(within(imported, allowed) for allowed in LAYERS[layer]):
                out.append(where)
    return out


def test_imports_follow_the_layers_of_the_architecture_notes():
    assert violations() == []


def test_the_checker_sees_a_violation(tmp_path, monkeypatch):
    """The test can fail: a model importing the calendar is reported."""
    fake = tmp_path / "cchc"
    (fake / "models").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "models" / "bad.py").write_text("from cchc.calendar import WorkCalendar\nimport yaml\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    found = violations()
    assert len(found) == 2 and "cchc.models.bad imports cchc.calendar" in found[0]


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_every_layer_is_in_the_architecture_notes(layer):
    notes = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert f"`{layer.replace('.', '/')}" in notes or f"`{layer.split('.')[-1]}" in notes
