"""A small repository around the 2025 reorganisation: districts merge, then disappear."""

from __future__ import annotations

from pathlib import Path

import pytest

AGENCIES = """\
schema: agencies@1
province: Tỉnh Thử
agencies:
  - {id: ubnd-tinh, name: Ủy ban nhân dân tỉnh Thử, short_name: UBND tỉnh, kind: tinh, order: 1}
  - {id: so-noi-vu, name: Sở Nội vụ, kind: so, parent: ubnd-tinh, order: 10}
  - {id: so-tttt, name: Sở Thông tin và Truyền thông, kind: so, parent: ubnd-tinh, order: 11,
     valid_until: 2025-02-28, successor: so-khcn}
  - {id: so-khcn, name: Sở Khoa học và Công nghệ, kind: so, parent: ubnd-tinh, order: 12}
  - {id: huyen-a, name: UBND huyện A, kind: huyen, order: 20, valid_until: 2024-12-31, successor: huyen-ab}
  - {id: huyen-b, name: UBND huyện B, kind: huyen, order: 21, valid_until: 2024-12-31, successor: huyen-ab}
  - {id: huyen-c, name: UBND huyện C, kind: huyen, order: 22, valid_until: 2025-06-30}
  - {id: huyen-ab, name: UBND huyện AB, kind: huyen, order: 20, valid_from: 2025-01-01, valid_until: 2025-06-30}
  - {id: xa-moi, name: UBND xã Mới, kind: xa, order: 30, valid_from: 2025-07-01}
"""

DOCUMENTS = """\
schema: documents@1
documents:
  - {id: cv-2022, type: cong-van, issuer: ubnd-tinh, number: 1, symbol: UBND-NV, date: 2022-06-01}
  - {id: cv-2025, type: cong-van, issuer: ubnd-tinh, number: 2, symbol: UBND-NV, date: 2025-03-10}
  - {id: du-thao-2025, type: cong-van, issuer: ubnd-tinh, year: 2025}
  - {id: cv-2026, type: cong-van, issuer: ubnd-tinh, number: 3, symbol: UBND-NV, date: 2026-02-02}
"""

INITIATIVES = """\
schema: initiatives@1
initiatives:
  - id: mo-hinh-a
    number: "1"
    name: Mô hình A
    kind: mo-hinh
    origin_agency: huyen-c
    replication:
      - {source: cv-2022, agency_kinds: [huyen]}
      - {source: cv-2025, agency_kinds: [huyen]}
      - {source: du-thao-2025, agency_kinds: [huyen]}
      - {source: cv-2026, agency_kinds: [huyen]}
      - {source: cv-2026, agency_kinds: [xa]}
  - id: giai-phap-b
    number: "2.1"
    name: Giải pháp B
    kind: giai-phap
    replication:
      - source: cv-2022
        role: chu-tri
        agencies: [so-tttt]
        adoption:
          - {agency: so-tttt, status: da-ap-dung, on: 2023-05-01}
      - source: cv-2022
        agency_kinds: [huyen]
        due: 2022-12-31
        adoption:
          - {agency: huyen-a, status: dang-trien-khai, on: 2022-09-01}
          - {agency: huyen-a, status: da-ap-dung, on: 2023-03-01}
          - {agency: huyen-b, status: khong-phu-hop}
          - {agency: so-noi-vu, status: da-ap-dung, note: tự nguyện áp dụng}
"""


@pytest.fixture
def reorg_repo(tmp_path) -> Path:
    root = tmp_path / "reorg"
    (root / "initiatives").mkdir(parents=True)
    (root / "agencies.yaml").write_text(AGENCIES, encoding="utf-8")
    (root / "documents.yaml").write_text(DOCUMENTS, encoding="utf-8")
    (root / "initiatives" / "mo-hinh.yaml").write_text(INITIATIVES, encoding="utf-8")
    return root
