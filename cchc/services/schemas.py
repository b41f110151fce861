"""JSON Schemas of the data kinds, generated from the Pydantic models (never written by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from cchc.io.atomic import write_file_set
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


def write_schemas(output: Path) -> list[Path]:
    """Write every schema into ``output``, all of them or none (a full disk part-way leaves the
    folder as it was)."""
    return write_file_set(output, schema_files())
