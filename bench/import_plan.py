"""`make bench` (import part): time to import a 200-row plan with `cchc import tasks`.

A Word plan in the shape provinces send (two-row header, section rows, merged lead cells, line
breaks, several agencies per cell, deadline wordings) is built with python-docx; a fresh `cchc`
process then imports it into a copy of the bundled data, as a user would run it. Printed: the
median wall and CPU time of a dry run (read, match, validate, diff) and of a real import (the
same plus the atomic write). Not a unit test: it reports, it never fails the build.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docx import Document

ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "200"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
LEADS = ["Sở Nội vụ", "Sở Tư pháp", "VP UBND tỉnh", "Sở TT&TT", "Sở KH&ĐT", "Sở Tài chính",
         "UBND huyện Krông Pắc", "Sở Khoa học và Công nghệ"]
DEADLINES = ["trước ngày 15/7/2021", "31/12/2021", "ngày 30 tháng 9 năm 2021", "Trước 30/6/2021", "15/10/2021"]
SECTIONS = ["CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "CẢI CÁCH THỂ CHẾ", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
            "CẢI CÁCH TỔ CHỨC BỘ MÁY", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", "CẢI CÁCH TÀI CHÍNH CÔNG",
            "XÂY DỰNG CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII"]


def build_plan(path: Path, rows: int = ROWS) -> Path:
    document = Document()
    document.add_paragraph("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2021")
    per_section = -(-rows // len(SECTIONS))
    body: list[list[str]] = []
    n = 0
    for s, section in enumerate(SECTIONS):
        body.append([ROMAN[s], section, "", "", "", ""])
        for _ in range(per_section):
            if n == rows:
                break
            n += 1
            lead = LEADS[n % len(LEADS)]
            coordinators = ", ".join(LEADS[(n + k) % len(LEADS)] for k in (1, 2)) if n % 3 else "Các cơ quan liên quan"
            body.append([str(n), f"Nhiệm vụ số {n}: triển khai nội dung cải cách hành chính\n- nội dung {n}.1\n- nội dung {n}.2",
                         lead, coordinators, DEADLINES[n % len(DEADLINES)], f"Báo cáo kết quả {n}"])
    table = document.add_table(rows=2 + len(body), cols=6)
    table.style = "Table Grid"
    header = [["STT", "Nội dung nhiệm vụ", "Cơ quan thực hiện", "", "Thời gian hoàn thành", "Sản phẩm"],
              ["", "", "Chủ trì", "Phối hợp", "", ""]]
    for r, values in enumerate(header + body):
        for c, value in enumerate(values):
            if value:
                table.cell(r, c).text = value
    for c in (0, 1, 4, 5):
        table.cell(0, c).merge(table.cell(1, c))
    table.cell(0, 2).merge(table.cell(0, 3))
    document.save(str(path))
    return path


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"lệnh lỗi: {' '.join(argv)}\n{proc.stderr.read().decode()}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    with tempfile.TemporaryDirectory(prefix="cchc-bench-import-") as tmp:
        work = Path(tmp)
        plan = build_plan(work / "ke-hoach.docx")
        data = work / "data"
        shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".cchc-cache"))
        base = [sys.executable, "-m", "cchc", "--data", str(data), "import", "tasks", str(plan),
                "--source", "cv-ubnd-2021-nang-cao-chi-so"]
        results = {}
        for label, extra in (("chạy thử (--dry-run)", ["--dry-run"]), ("nhập và ghi tệp", ["--force"])):
            runs = [timed(base + extra, env) for _ in range(RUNS)]
            results[label] = (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
    print(f"Nhập kế hoạch {ROWS} dòng nhiệm vụ (.docx, {len(SECTIONS)} mục), trung vị {RUNS} lần:")
    for label, (wall, cpu) in results.items():
        print(f"  {label:<22} {wall:6.2f} s thực, {cpu:6.2f} s CPU")


if __name__ == "__main__":
    main()
