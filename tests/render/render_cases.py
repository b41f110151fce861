"""The bundled documents the render tests use, and where their data lives."""

from __future__ import annotations

from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
EXAMPLE = ROOT / "examples" / "ba-ria-vung-tau"
SEEDS = ROOT / "tests" / "golden" / "seeds"  # copied verbatim from shared/seeds: a bare clone has them

# (data folder, document id, "today") of every renderable bundled document.
RENDERABLE = [
    (DATA, "cv-ubnd-2021-nang-cao-chi-so", date(2021, 7, 1)),
    (DATA, "tgv-2022-de-xuat-nhiem-vu", date(2022, 7, 1)),
    (DATA, "tb-bcd-2022-10-ket-luan", date(2022, 10, 26)),
    (DATA, "cv-ubnd-don-doc-nhiem-vu-cchc", date(2021, 7, 27)),
    (DATA, "vi-du-cv-giai-trinh-chi-so-2021", date(2022, 6, 1)),
    (DATA, "vi-du-bc-tu-danh-gia-chi-so-cchc-2021", date(2026, 2, 25)),
    (DATA, "vi-du-cv-de-nghi-giai-trinh-2025", date(2026, 2, 25)),
    (DATA, "vi-du-qd-cong-bo-chi-so-cchc-2025", date(2026, 2, 25)),
    (EXAMPLE, "cv-nhan-rong-mo-hinh-2022", date(2022, 12, 21)),
]
