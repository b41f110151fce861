"""`make bench`: speed and memory of cchc on a synthetic large province.

Measures, on the repository from bench/generate.py (≥ 500 agencies, 50,000 tasks):
1. the time PyYAML's C loader needs merely to parse every file (the baseline);
2. a cold `cchc validate --no-cache` (a new process: start-up, parse, models, cross-checks);
3. a warm `cchc validate` on the unchanged repository (content-hash cache);
and prints the ratios against the targets (cold ≤ 2× baseline, warm < 0.5 s).
Further sections (deadlines...) register themselves in SECTIONS.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.generate import generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "bench" / "generated"
CCHC = [sys.executable, "-m", "cchc"]

SECTIONS: list[Callable[[Path], list[str]]] = []


def best_of(runs: int, func: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def parse_baseline(root: Path) -> float:
    files = sorted(root.rglob("*.yaml"))

    def parse_all() -> None:
        for path in files:
            with path.open("rb") as handle:
                yaml.load(handle, Loader=yaml.CSafeLoader)

    return best_of(2, parse_all)


def run_cli(*args: str) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of one cchc process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    completed = subprocess.run([*CCHC, *args], capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if completed.returncode != 0:
        print(completed.stdout[-2000:], completed.stderr[-2000:])
        raise SystemExit(f"cchc {' '.join(args)} failed with exit code {completed.returncode}")
    return elapsed, max(peak, before)


def main() -> None:
    print("Tạo kho dữ liệu tổng hợp…")
    generate(TARGET)
    size = sum(p.stat().st_size for p in TARGET.rglob("*.yaml"))
    files = len(list(TARGET.rglob("*.yaml")))
    print(f"  {files} tệp, {size / 1e6:.1f} MB")
    baseline = parse_baseline(TARGET)
    print(f"PyYAML CSafeLoader, chỉ đọc cú pháp:   {baseline:6.2f} s")
    cold = min(run_cli("validate", str(TARGET), "--no-cache")[0] for _ in range(2))
    _, peak_kib = run_cli("validate", str(TARGET), "--no-cache")
    print(f"cchc validate (lạnh, không lưu đệm):  {cold:6.2f} s  = {cold / baseline:.2f}× mốc (mục tiêu ≤ 2×)")
    print(f"  bộ nhớ cực đại: {peak_kib / 1024:.0f} MiB")
    run_cli("validate", str(TARGET))  # fills the cache
    warm = min(run_cli("validate", str(TARGET))[0] for _ in range(3))
    print(f"cchc validate (dữ liệu không đổi):    {warm:6.2f} s  (mục tiêu < 0,5 s)")
    for section in SECTIONS:
        for line in section(TARGET):
            print(line)


def deadlines_section(root: Path) -> list[str]:
    """`cchc deadlines` as a library call: states of every task (working days, summaries)."""
    from datetime import date

    from cchc.io.loader import load_dataset
    from cchc.services.deadlines import build_calendar, deadline_report, reminder_data

    as_of = date(2021, 10, 1)
    start = time.perf_counter()
    ds = load_dataset(root)
    load = time.perf_counter() - start
    report = deadline_report(ds, as_of)  # warms the calendar's holiday years
    compute = best_of(3, lambda: deadline_report(ds, as_of, calendar=build_calendar(ds)))
    remind = best_of(3, lambda: reminder_data(ds, as_of, 5))
    counts = report.counts
    return [
        f"cchc deadlines, {counts.total} nhiệm vụ (đọc dữ liệu {load:.2f} s):",
        f"  tính trạng thái + tổng hợp:           {compute:6.3f} s  "
        f"({counts.overdue} quá hạn, {counts.due_soon} sắp đến hạn)",
        f"  dữ liệu công văn đôn đốc:             {remind:6.3f} s",
    ]


SECTIONS.append(deadlines_section)


if __name__ == "__main__":
    main()
