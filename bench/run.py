"""`make bench`: speed and memory of cchc where users wait, as ratios measured in one run.

Every figure is the median CPU time (user + system) of several runs of a fresh process, taken
alternately with its baseline so that machine load affects both alike (each ratio to a cold
validate has its own cold runs, alternating with it: on a shared virtual machine the speed
drifts by a third over minutes). Peak memory is the
child's maximum resident set size. The synthetic repository comes from bench/generate.py
(601 agencies; 5,000, 50,000 and 200,000 tasks in about 100 files).

Printed: one table of measure | value | target | pass, then the growth table (cost per task at
each size). Nothing here is a unit test; the bench never fails the build, it reports.

cchc is measured as users run it once installed: with its modules compiled to bytecode (pip
compiles at install; PyYAML, the baseline, is compiled already). The bench compiles cchc's
modules first and lets the children read the bytecode even where PYTHONDONTWRITEBYTECODE is set
(otherwise every run would compile cchc's source again: about 0.1 s a process).
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.generate import generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "generated"
PY = sys.executable
CCHC = [PY, "-m", "cchc"]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "5000,50000,200000").split(",")]
MAIN_SIZE = 50_000
AS_OF = "2021-10-01"

_BASELINE = """
import gc, sys, yaml
from pathlib import Path
gc.disable()
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    with path.open("rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""

# What a one-file validate cannot avoid: start Python and cchc's validate path, import Pydantic and
# build the four models of the bench's repository, reading no file (the row after the incremental one).
_MODELS_FLOOR = """
from cchc.cli.entry import without_pydantic_plugins
without_pydantic_plugins()
import cchc.cli.cached, cchc.io.loader
from pydantic import ValidationError
from cchc.models.registry import model_for
for kind in ("agencies", "criteria", "documents", "tasks"):
    try:
        model_for(kind + "@1")[2].model_validate({})
    except ValidationError:
        pass
"""


@dataclass
class Run:
    cpu: float  # seconds, user + system
    wall: float
    peak_mib: float


def run(argv: list[str], *, cwd: Path | None = None, expect: tuple[int, ...] = (0,)) -> Run:
    """One child process: its CPU time and peak RSS, measured with wait4."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "CCHC_TODAY": AS_OF}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdout=sink, stderr=err, cwd=cwd, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        if proc.returncode not in expect:
            err.seek(0)
            sys.stderr.write(err.read().decode("utf-8", "replace")[-3000:])
            raise SystemExit(f"{' '.join(argv[:6])} … exited {proc.returncode}")
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


def median_pair(a: list[str], b: list[str], runs: int = RUNS, **kw) -> tuple[Run, Run]:
    """Medians of ``runs`` alternating runs of two commands."""
    ra, rb = [], []
    for _ in range(runs):
        ra.append(run(a, **kw))
        rb.append(run(b, **kw))
    return _median(ra), _median(rb)


def median_of(argv: list[str], runs: int = RUNS, **kw) -> Run:
    return _median([run(argv, **kw) for _ in range(runs)])


def _median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.cpu for r in runs), statistics.median(r.wall for r in runs),
               max(r.peak_mib for r in runs))


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, measure: str, value: str, target: str = "—", ok: bool | None = None) -> None:
        self.rows.append((measure, value, target, "—" if ok is None else ("đạt" if ok else "CHƯA ĐẠT")))
        print(f"  · {measure}: {value}", flush=True)

    def print(self, title: str) -> None:
        headers = ("phép đo", "giá trị", "mục tiêu", "đạt?")
        widths = [max(len(h), *(len(r[i]) for r in self.rows)) for i, h in enumerate(headers)]
        line = "+".join("-" * (w + 2) for w in widths)
        print(f"\n{title}\n+{line}+")
        print("|" + "|".join(f" {h:<{w}} " for h, w in zip(headers, widths, strict=True)) + "|")
        print(f"+{line}+")
        for row in self.rows:
            print("|" + "|".join(f" {c:<{w}} " for c, w in zip(row, widths, strict=True)) + "|")
        print(f"+{line}+")


_EDITS = [0]


def edit_one_file(repo: Path) -> None:
    """Change one task's title in one tasks file of about a hundred (what a pull request does)."""
    paths = sorted((repo / "tasks").glob("*.yaml"))
    path = paths[len(paths) // 2]
    _EDITS[0] += 1
    text = path.read_text(encoding="utf-8")
    head, sep, tail = text.partition("    title: ")
    line, newline, rest = tail.partition("\n")
    path.write_text(f"{head}{sep}Nhiệm vụ đã sửa lần {_EDITS[0]}{newline}{rest}", encoding="utf-8")


def repo_of(size: int) -> Path:
    target = WORK / f"tasks-{size}"
    if not (target / "agencies.yaml").exists():
        print(f"Tạo kho dữ liệu tổng hợp {size:,} nhiệm vụ…", flush=True)
        generate(target, tasks=size, files=max(10, min(100, size // 500)))
    return target


def main() -> None:
    compileall.compile_dir(ROOT / "cchc", quiet=1)  # as installed (see the module's docstring)
    sizes = sorted(set(SIZES) | {MAIN_SIZE})
    repos = {size: repo_of(size) for size in sizes}
    main_repo = repos[MAIN_SIZE]
    files = len(list(main_repo.rglob("*.yaml")))
    megabytes = sum(p.stat().st_size for p in main_repo.rglob("*.yaml")) / 1e6
    print(f"Kho chính: {MAIN_SIZE:,} nhiệm vụ, {files} tệp, {megabytes:.1f} MB; {RUNS} lần đo mỗi phép (trung vị CPU)")
    table = Table()
    validate = [*CCHC, "validate", str(main_repo), "--no-cache"]
    baseline = [PY, "-c", _BASELINE, str(main_repo)]

    # Cold validate against PyYAML's C loader with the GC paused, at 50,000 and 5,000 tasks.
    cold, base = median_pair(validate, baseline)
    table.add("PyYAML CSafeLoader load, GC tạm dừng (mốc), 50.000 nhiệm vụ", f"{base.cpu:.2f} s")
    table.add("validate lạnh --no-cache, 50.000 nhiệm vụ", f"{cold.cpu:.2f} s = {cold.cpu / base.cpu:.2f}× mốc",
              "≤ 0,5× mốc", cold.cpu <= 0.5 * base.cpu)
    table.add("bộ nhớ cực đại validate lạnh, 50.000", f"{cold.peak_mib:.0f} MiB", "≤ 200 MiB", cold.peak_mib <= 200)
    if 5000 in repos:
        small = repos[5000]
        cold5, base5 = median_pair([*CCHC, "validate", str(small), "--no-cache"], [PY, "-c", _BASELINE, str(small)])
        table.add("validate lạnh --no-cache, 5.000 nhiệm vụ", f"{cold5.cpu:.2f} s = {cold5.cpu / base5.cpu:.2f}× mốc",
                  "≤ 1,0× mốc", cold5.cpu <= 1.0 * base5.cpu)

    # Incremental: one file of ~100 changed since the last validate.
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        shutil.copytree(main_repo, repo)
        run([*CCHC, "validate", str(repo)])
        incremental, colds = [], []
        for _ in range(RUNS):  # alternating with cold runs, as every ratio here
            edit_one_file(repo)
            incremental.append(run([*CCHC, "validate", str(repo)]))
            colds.append(run(validate))
        inc, inc_cold = _median(incremental), _median(colds)
    table.add("validate sau khi sửa 1 tệp (bộ nhớ đệm từng tệp)",
              f"{inc.cpu:.2f} s = {inc.cpu / inc_cold.cpu:.2f}× lạnh ({inc_cold.cpu:.2f} s)",
              "≤ 0,10× lạnh", inc.cpu <= 0.10 * inc_cold.cpu)
    floor, floor_cold = median_pair([PY, "-c", _MODELS_FLOOR], validate)
    table.add("  trong đó: khởi động, nạp Pydantic, dựng 4 mô hình (chưa đọc tệp nào)",
              f"{floor.cpu:.2f} s = {floor.cpu / floor_cold.cpu:.2f}× lạnh ({floor_cold.cpu:.2f} s)")

    # Cron: deadlines in its formats, each against cold validates run alternately with it (the
    # machine's speed drifts over minutes: a validate measured earlier is no fair baseline).
    deadlines = [*CCHC, "--data", str(main_repo), "deadlines", "--as-of", AS_OF]
    runs = RUNS  # medians of as many alternating runs as every other ratio (the issue: at least 5)
    table_run, table_cold = median_pair(deadlines, validate, runs=runs)
    table.add("deadlines (bảng), 50.000",
              f"{table_run.cpu:.2f} s = {table_run.cpu / table_cold.cpu:.2f}× validate ({table_cold.cpu:.2f} s)",
              "≤ 1,5×", table_run.cpu <= 1.5 * table_cold.cpu)
    json_run, json_cold = median_pair([*deadlines, "--format", "json"], validate, runs=runs)
    table.add("deadlines --format json, 50.000",
              f"{json_run.cpu:.2f} s = {json_run.cpu / json_cold.cpu:.2f}× validate ({json_cold.cpu:.2f} s)",
              "≤ 1,2×", json_run.cpu <= 1.2 * json_cold.cpu)
    peak = max(table_run.peak_mib, json_run.peak_mib)
    table.add("bộ nhớ cực đại deadlines", f"{peak:.0f} MiB = {peak / cold.peak_mib:.2f}× validate",
              "≤ 1,2×", peak <= 1.2 * cold.peak_mib)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "r.docx"
        try:
            remind, remind_cold = median_pair([*deadlines, "--remind", "-o", str(out), "--force"], validate, runs=runs)
        except SystemExit as exc:  # e.g. the template's time budget: report it, measure the rest
            remind = None
            table.add("deadlines --remind -o r.docx, 50.000", f"không đo được ({exc})", "≤ 1,5×", False)
    if remind is not None:
        table.add("deadlines --remind -o r.docx, 50.000",
                  f"{remind.cpu:.2f} s = {remind.cpu / remind_cold.cpu:.2f}× validate ({remind_cold.cpu:.2f} s)",
                  "≤ 1,5×", remind.cpu <= 1.5 * remind_cold.cpu)

    # Start-up.
    import_yaml = [PY, "-c", "import yaml"]
    helped, yaml_only = median_pair([*CCHC, "--help"], import_yaml)
    table.add("cchc --help", f"{helped.cpu:.2f} s = {helped.cpu / yaml_only.cpu:.1f}× import yaml",
              "≤ 6×", helped.cpu <= 6 * yaml_only.cpu)
    run([*CCHC, "validate", str(main_repo)])
    warm, yaml_only = median_pair([*CCHC, "validate", str(main_repo)], import_yaml)
    table.add("validate, dữ liệu không đổi", f"{warm.cpu:.2f} s = {warm.cpu / yaml_only.cpu:.1f}× import yaml",
              "≤ 6×", warm.cpu <= 6 * yaml_only.cpu)
    table.print("Kết quả (trung vị thời gian CPU của các tiến trình mới)")

    # Growth: cost per 1,000 tasks at each size.
    growth = Table()
    per_k: dict[str, list[float]] = {"validate": [], "deadlines json": []}
    for size in sizes:
        repo = repos[size]
        runs = 1 if size > MAIN_SIZE else max(3, RUNS // 2)
        v = median_of([*CCHC, "validate", str(repo), "--no-cache"], runs=runs)
        d = median_of([*CCHC, "--data", str(repo), "deadlines", "--as-of", AS_OF, "--format", "json"], runs=runs)
        per_k["validate"].append(v.cpu / size * 1000)
        per_k["deadlines json"].append(d.cpu / size * 1000)
        growth.add(f"{size:,} nhiệm vụ: validate lạnh / deadlines json",
                   f"{v.cpu:.2f} s ({v.peak_mib:.0f} MiB) / {d.cpu:.2f} s ({d.peak_mib:.0f} MiB)")
    for name, costs in per_k.items():
        spread = max(costs) / min(costs)
        growth.add(f"{name}: CPU mỗi 1.000 nhiệm vụ", " / ".join(f"{c * 1000:.0f} ms" for c in costs),
                   "tuyến tính (chênh ≤ 1,5×, chi phí khởi động làm cỡ nhỏ đắt hơn)", spread <= 1.5 or costs[-1] <= costs[0])
    growth.print("Tăng trưởng theo số nhiệm vụ")


if __name__ == "__main__":
    main()
