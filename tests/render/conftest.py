"""Rendered documents of the bundled data, written once per test session."""

from __future__ import annotations

import docx
import pytest
from render_cases import DATA, EXAMPLE, RENDERABLE

from cchc.io.loader import load_dataset
from cchc.render import render_document, write_document


@pytest.fixture(scope="session")
def bundled():
    return load_dataset(DATA)


@pytest.fixture(scope="session")
def example():
    return load_dataset(EXAMPLE)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory, bundled, example):
    """document id -> (path of the written .docx, python-docx Document, Document record)."""
    folder = tmp_path_factory.mktemp("rendered")
    out = {}
    for root, doc_id, today in RENDERABLE:
        ds = bundled if root == DATA else example
        path = write_document(render_document(ds, doc_id, today=today), folder / f"{doc_id}.docx")
        out[doc_id] = (path, docx.Document(str(path)), ds.documents[doc_id])
    return out
