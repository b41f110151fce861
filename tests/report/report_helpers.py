"""Helpers of the report tests: parse the page with a real HTML parser and find elements."""

from __future__ import annotations

from datetime import date
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"
AS_OF = date(2021, 7, 20)


def parse(html: str):
    """The page as an ElementTree built by a spec-conformant HTML parser (html5lib), or by the
    standard library's parser through a small tree builder when html5lib is missing."""
    try:
        import html5lib
    except ImportError:  # pragma: no cover - html5lib is a dev dependency
        return _stdlib_tree(html)
    return html5lib.parse(html, namespaceHTMLElements=False)


def _stdlib_tree(html: str):  # pragma: no cover
    import xml.etree.ElementTree as ET
    from html.parser import HTMLParser

    void = {"meta", "link", "br", "img", "input", "hr", "circle", "line", "polyline"}

    class Builder(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.root = ET.Element("document")
            self.stack = [self.root]

        def handle_starttag(self, tag, attrs):
            element = ET.SubElement(self.stack[-1], tag, {k: v or "" for k, v in attrs})
            if tag not in void:
                self.stack.append(element)

        def handle_endtag(self, tag):
            for i in range(len(self.stack) - 1, 0, -1):
                if self.stack[i].tag == tag:
                    del self.stack[i:]
                    break

        def handle_data(self, data):
            parent = self.stack[-1]
            if len(parent):
                parent[-1].tail = (parent[-1].tail or "") + data
            else:
                parent.text = (parent.text or "") + data

    builder = Builder()
    builder.feed(html)
    return builder.root


def text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def by_id(tree, element_id: str):
    found = tree.find(f".//*[@id='{element_id}']")
    assert found is not None, f"no element with id {element_id}"
    return found


def has_class(element, name: str) -> bool:
    return name in (element.get("class") or "").split()
