"""Generate a synthetic large data repository for `make bench`.

Shape: ≥ 500 agencies, ≥ 50,000 tasks spread over 100 files, the bundled criteria
set, 60 assignment sets and a documents file. Deterministic (seeded).
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATUSES = ["chua-thuc-hien", "dang-thuc-hien", "hoan-thanh", "huy"]


def generate(target: Path, *, agencies: int = 600, tasks: int = 50_000, files: int = 100) -> Path:
    rng = random.Random(2021)
    if target.exists():
        shutil.rmtree(target)
    (target / "tasks").mkdir(parents=True)
    (target / "criteria").mkdir()
    (target / "documents").mkdir()
    shutil.copy(ROOT / "data" / "criteria" / "par-index-tinh-1149.yaml", target / "criteria")
    ids = [f"don-vi-{i:04d}" for i in range(agencies)]
    lines = ["schema: agencies@1", "province: Tỉnh Thử Nghiệm", "agencies:",
             "  - id: ubnd-tinh", "    name: Ủy ban nhân dân tỉnh Thử Nghiệm", "    short_name: UBND tỉnh",
             "    abbreviation: UBND", "    kind: tinh", "    order: 1", "    place: Thử Nghiệm",
             "    head_title: Chủ tịch"]
    for index, agency_id in enumerate(ids):
        lines += [f"  - id: {agency_id}", f"    name: Sở số {index} của tỉnh Thử Nghiệm",
                  f"    kind: {'so' if index % 3 else 'huyen'}", f"    order: {index + 10}", "    parent: ubnd-tinh"]
    (target / "agencies.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = ["schema: documents@1", "documents:"]
    for index in range(files):
        docs += [f"  - id: van-ban-{index:03d}", "    type: cong-van", "    issuer: ubnd-tinh",
                 f"    number: {index + 1}", "    symbol: UBND-NV", f"    date: 2021-{index % 12 + 1:02d}-05",
                 f"    subject: Giao nhiệm vụ cải cách hành chính đợt {index + 1}"]
    (target / "documents" / "van-ban.yaml").write_text("\n".join(docs) + "\n", encoding="utf-8")
    codes = ["1", "1.6", "2", "3", "4", "5", "6", "7", "7.1.10", "7.1.11", "7.4", "8.2", "8.3", "8.4"]
    per_file = tasks // files
    number = 0
    for file_index in range(files):
        out = ["schema: tasks@1", f"source: van-ban-{file_index:03d}", "tasks:"]
        start = date(2021, file_index % 12 + 1, 5)
        for _ in range(per_file):
            status = rng.choice(STATUSES)
            due = start + timedelta(days=rng.randint(5, 200))
            out += [f"  - id: nhiem-vu-{number:06d}",
                    f"    title: Thực hiện nhiệm vụ cải cách hành chính số {number} theo kế hoạch của tỉnh",
                    f"    lead: [{rng.choice(ids)}]",
                    f"    coordinators: [{rng.choice(ids)}, {rng.choice(ids)}]",
                    "    report_to: ubnd-tinh",
                    f"    due: {due.isoformat()}",
                    f"    status: {status}",
                    f'    criteria: ["{rng.choice(codes)}"]']
            if status == "hoan-thanh":
                done_on = max(start, due + timedelta(days=rng.randint(-20, 10)))
                out.append(f"    done_on: {done_on.isoformat()}")
            number += 1
        (target / "tasks" / f"dot-{file_index:03d}.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    path = generate(ROOT / "bench" / "generated")
    print(f"generated {path}")
