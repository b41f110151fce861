"""Documents from data: sandboxed Jinja templates → body markup → ND 30/2020 .docx.

Typical use::

    from cchc.render import render_document, write_document
    spec = render_document(ds, "cv-ubnd-2021-nang-cao-chi-so", today=date(2021, 7, 1))
    write_document(spec, Path("out/cv.docx"), force=False)
"""

from cchc.render.pipeline import (
    default_output_path,
    find_document,
    render_body,
    render_document,
    render_spec,
    to_pdf,
    write_document,
)

__all__ = [
    "default_output_path",
    "find_document",
    "render_body",
    "render_document",
    "render_spec",
    "to_pdf",
    "write_document",
]
