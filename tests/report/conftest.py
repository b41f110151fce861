"""Fixtures of the report tests."""

from __future__ import annotations

import pytest
from report_helpers import AS_OF, DATA, parse

from cchc.io.loader import load_dataset
from cchc.render.html_report import render_html
from cchc.services.report import build_overview


@pytest.fixture(scope="module")
def bundled():
    """(dataset, overview, html, tree) of the bundled data as of 20/7/2021."""
    ds = load_dataset(DATA)
    overview = build_overview(ds, AS_OF)
    html = render_html(overview)
    return ds, overview, html, parse(html)
