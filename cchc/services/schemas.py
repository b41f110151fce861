"""JSON Schemas of the data kinds, generated from the Pydantic models (never written by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from cchc.errors import OutputExistsError, UsageError
from cchc.io.atomic import display_path, write_file_set
from cchc.models.registry import KIND_LABELS, KINDS


def schema_for(kind: str, version: int) -> dict:
    model = KINDS[kind][version]
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://cchc.local/schemas/{kind}@{version}.json"
    schema["title"] = f"cchc {kind}@{version} ({KIND_LABELS[kind]})"
    props = schema.get("properties", {})
    if "schema" in props:
        props["schema"] = {"const": f"{kind}@{version}", "description": "Loại và phiên bản dữ liệu của tệp"}
    return schema


def schema_files() -> dict[Path, bytes]:
    """Every schema as its file name (``kind@N.json``) and UTF-8 bytes."""
    return {Path(f"{kind}@{version}.json"):
            (json.dumps(schema_for(kind, version), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
            for kind, versions in KINDS.items() for version in versions}


def write_schemas(output: Path, *, force: bool = False) -> list[Path]:
    """Write the schemas into the folder ``output``, all of them or none (a full disk part-way
    leaves the folder as it was); returns the files written.

    A file that already holds the same schema is left alone; one that differs is replaced only
    with ``force`` (checked for every file before any is written, so a refusal writes nothing).
    """
    if output.exists() and not output.is_dir():
        raise UsageError(f"«{display_path(output)}» là một tệp; cchc schema ghi vào một thư mục",
                         hint="chỉ rõ thư mục bằng -o, ví dụ -o schemas")
    planned: dict[Path, bytes] = {}
    differing: list[Path] = []
    for name, content in schema_files().items():
        path = output / name
        try:
            old = path.read_bytes() if path.exists() or path.is_symlink() else None
        except OSError:
            old = b""  # unreadable: it differs
        if old == content:
            continue
        if old is not None:
            differing.append(path)
        planned[name] = content
    if differing and not force:
        shown = ", ".join(p.name for p in differing[:5]) + (" …" if len(differing) > 5 else "")
        raise OutputExistsError(
            f"{len(differing)} tệp schema trong {display_path(output)} đã có và khác bản sinh từ mô hình: {shown}; "
            "cchc không ghi đè tệp của người dùng",
            hint="thêm --force để ghi đè (schema sinh từ mô hình dữ liệu, không sửa tay), hoặc chọn thư mục khác")
    return write_file_set(output, planned) if planned else []
