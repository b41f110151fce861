"""The root help without importing every command.

`cchc --help` lists the commands with their one-line summaries. Importing every command module
to read those summaries costs most of a second (python-docx, Jinja, holidays, openpyxl...).
Instead the summaries are read from the command modules' source with :mod:`ast`: the
docstring (or ``help=``) of each function registered with ``@….command("name")``, and the
``help=`` of each ``typer.Typer`` added with ``add_typer(…, name="name")``. A command whose module
is imported (every real invocation) is the real one; only the help listing uses the summaries.
tests/core/test_lazy_help.py checks that the listing equals the one with every module imported.
"""

from __future__ import annotations

import ast
import functools
import inspect
import json
import os
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from typer.core import TyperCommand, TyperGroup

# command name → module of cchc.cli that registers it (one place: entry.py imports from here)
COMMAND_MODULES = {
    "agency": "agency", "assign": "assign", "deadlines": "deadlines", "diff": "diff", "fmt": "fmt",
    "import": "import_", "init": "init", "initiatives": "initiatives", "render": "render",
    "report": "report", "results": "results", "schema": "schema", "score": "score",
    "validate": "validate",
}


def _string(node: ast.AST | None) -> str | None:
    """A literal string, including implicitly concatenated parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _keyword(call: ast.Call, name: str) -> ast.AST | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def summaries_in(source: str) -> dict[str, str]:
    """Help texts of the commands and command groups a module's source registers.

    Commands are registered at a module's top level (``@app.command("x")`` on a function,
    ``app.add_typer(group, name="x")``), so only the top-level statements are read: walking
    every node of every command module cost a third of ``cchc --help``."""
    body = ast.parse(source).body
    typer_help: dict[str, str] = {}  # variable → help of the typer.Typer(...) assigned to it
    for node in body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            text = _string(_keyword(node.value, "help"))
            if text is not None:
                typer_help[node.targets[0].id] = text
    found: dict[str, str] = {}
    for node in body:
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute) \
                        and decorator.func.attr == "command" and isinstance(decorator.func.value, ast.Name) \
                        and decorator.func.value.id == "app" and decorator.args:
                    name = _string(decorator.args[0])
                    text = _string(_keyword(decorator, "help")) or ast.get_docstring(node)
                    if name and text:
                        found[name] = text
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) \
                and isinstance(node.value.func, ast.Attribute) and node.value.func.attr == "add_typer":
            call = node.value
            name = _string(_keyword(call, "name"))
            group = call.args[0] if call.args else None
            text = _string(_keyword(call, "help")) or (
                typer_help.get(group.id) if isinstance(group, ast.Name) else None)
            if name and text:
                found[name] = text
    return found


def _module_source(module: str) -> Path | None:
    path = Path(__file__).with_name(f"{module}.py")
    if path.is_file():
        return path
    spec = find_spec(f"cchc.cli.{module}")  # an unusual install: ask the import system
    return Path(spec.origin) if spec is not None and spec.origin else None


@functools.cache
def all_summaries() -> dict[str, str]:
    """Every command's summary, read from the command modules' source. Kept beside the
    bytecode (``__pycache__/``, as Python keeps its own) keyed by each source's size and mtime,
    so a second ``cchc --help`` parses nothing; a folder that cannot be written (or
    ``PYTHONDONTWRITEBYTECODE``) only means parsing each time."""
    sources = {module: _module_source(module) for module in sorted(set(COMMAND_MODULES.values()))}
    key = []
    for module, path in sources.items():
        try:
            stat = path.stat() if path is not None else None
        except OSError:
            stat = None
        key.append([module, stat.st_size, stat.st_mtime_ns] if stat else [module, None, None])
    cache = Path(__file__).parent / "__pycache__" / f"lazy-help.{sys.implementation.cache_tag}.json"
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached["key"] == key:
            return dict(cached["summaries"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    found: dict[str, str] = {}
    for module, path in sources.items():
        try:
            source = path.read_text(encoding="utf-8") if path is not None else None
        except OSError:
            source = None
        if source is not None:
            found.update({name: text for name, text in summaries_in(source).items()
                          if COMMAND_MODULES.get(name) == module})
    if not sys.dont_write_bytecode:
        try:
            cache.parent.mkdir(exist_ok=True)
            partial = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
            partial.write_text(json.dumps({"key": key, "summaries": found}, ensure_ascii=False), encoding="utf-8")
            os.replace(partial, cache)
        except OSError:
            try:
                partial.unlink(missing_ok=True)
            except (OSError, NameError):
                pass
    return found


def command_summary(name: str) -> str | None:
    return all_summaries().get(name)


class LazyHelpGroup(TyperGroup):
    """The root group: lists every command, importing none of them for the listing."""

    def list_commands(self, ctx: Any) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMAND_MODULES))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        found = super().get_command(ctx, cmd_name)
        if found is not None or cmd_name not in COMMAND_MODULES:
            return found
        text = command_summary(cmd_name)
        if text is None:
            return None
        # Stands in for the listing only: every invocation imports the real module first.
        return TyperCommand(cmd_name, help=inspect.cleandoc(text), callback=None)
