"""`make images`: the page images of every bundled document, from the current renders.

Each document is rendered as `cchc render` would, converted to PDF by LibreOffice and cut into
PNG pages by poppler's `pdftoppm`. Every page goes to out/images/ (to look at, not committed);
the first page of each template is copied to docs/images/<template>.png, the pictures the README
points to (in 16 grey levels when Pillow is installed). Needs LibreOffice (`apt-get install libreoffice-writer-nogui`) and poppler-utils.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "out" / "images"
DOCS = ROOT / "docs" / "images"
RESOLUTION = 80  # dots per inch: an A4 page is 662 x 936 pixels

# (data folder, document id, the day it is rendered for): every renderable bundled document.
DOCUMENTS = [
    ("data", "cv-ubnd-2021-nang-cao-chi-so", date(2021, 7, 1)),
    ("data", "tgv-2022-de-xuat-nhiem-vu", date(2022, 7, 1)),
    ("data", "tb-bcd-2022-10-ket-luan", date(2022, 10, 26)),
    ("data", "cv-ubnd-don-doc-nhiem-vu-cchc", date(2021, 7, 27)),
    ("data", "vi-du-cv-giai-trinh-chi-so-2021", date(2022, 6, 1)),
    ("data", "vi-du-bc-tu-danh-gia-chi-so-cchc-2021", date(2022, 1, 15)),
    ("data", "vi-du-cv-de-nghi-giai-trinh-2025", date(2026, 2, 10)),
    ("data", "vi-du-qd-cong-bo-chi-so-cchc-2025", date(2026, 3, 31)),
    ("examples/ba-ria-vung-tau", "cv-nhan-rong-mo-hinh-2022", date(2022, 12, 21)),
]


def _save_small(page: Path, target: Path) -> None:
    """The committed copy in 16 grey levels (about a quarter of the size; black text on white
    loses nothing) when Pillow is at hand, else the page as pdftoppm drew it."""
    try:
        from PIL import Image
    except ImportError:
        shutil.copyfile(page, target)
        return
    with Image.open(page) as image:
        image.convert("L").quantize(16).save(target, optimize=True)


def main() -> int:
    from cchc.io.loader import load_dataset
    from cchc.render import render_document, write_document
    from cchc.render.pipeline import to_pdf

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("cần pdftoppm (apt-get install poppler-utils)", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in OUT.glob("*.png"):
        stale.unlink()
    datasets = {}
    for number, (folder, doc_id, today) in enumerate(DOCUMENTS, start=1):
        ds = datasets.get(folder) or datasets.setdefault(folder, load_dataset(ROOT / folder))
        template = ds.documents[doc_id].template
        print(f"[{number}/{len(DOCUMENTS)}] {doc_id} ({template})", flush=True)
        docx_path = write_document(render_document(ds, doc_id, today=today), OUT / f"{doc_id}.docx", force=True)
        pdf = to_pdf(docx_path)
        subprocess.run([pdftoppm, "-png", "-r", str(RESOLUTION), str(pdf), str(OUT / template)], check=True)
        pages = sorted(OUT.glob(f"{template}-*.png"))
        _save_small(pages[0], DOCS / f"{template}.png")
        print(f"    {len(pages)} trang: {', '.join(p.name for p in pages)}")
    print(f"Ảnh từng trang: {OUT.relative_to(ROOT)}/; trang đầu của từng mẫu: {DOCS.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
