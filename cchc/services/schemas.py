"""JSON Schemas of the data kinds, generated from the Pydantic models (never written by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from cchc.io.atomic import atomic_write_text
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


def write_schemas(output: Path) -> list[Path]:
    written = []
    for kind, versions in KINDS.items():
        for version in versions:
            path = output / f"{kind}@{version}.json"
            atomic_write_text(path, json.dumps(schema_for(kind, version), ensure_ascii=False, indent=2) + "\n")
            written.append(path)
    return written
