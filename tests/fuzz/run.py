"""`make fuzz`: the long run. Settings (environment):

* FUZZ_CASES (default 3000) and FUZZ_SEED (default: a new one); FUZZ_REPLAY=3,17 runs only
  those case numbers of the seed (the summary prints the line that replays the failures);
* FUZZ_EVERY=1 runs every command on every mutant (default: every command on each valid
  mutant, three sampled commands and one render on each invalid one);
* FUZZ_JOBS worker processes (default: one per core);
* FUZZ_DATA another data folder to mutate (default: the bundled data; e.g.
  examples/ba-ria-vung-tau or the data/ of a repository made by `cchc init`).

Where the time goes (profiled): each command loads the whole data folder again, as a real run
does (≈ 0.05–0.1 s of CPU on the bundled data), and a valid mutant runs about 33 commands
(every command and every renderable document): ≈ 3 s of CPU, against ≈ 0.3 s for an invalid
one (4 commands). About one case in seven is valid, so a case costs ≈ 0.7 s of CPU on
average. The cases are independent (each one's mutation is drawn from ``seed:number``), so
FUZZ_JOBS processes share them (case numbers modulo the number of jobs) with the same results
as one process.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import secrets
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fuzz.harness import DATA, Fuzzer, FuzzReport  # noqa: E402


def _stop(_signum, _frame):  # type: ignore[no-untyped-def]
    raise KeyboardInterrupt  # a terminated worker still removes its folder and sends its report


def _worker(job: int, jobs: int, numbers: list[int], seed: str, every: bool, data: str, messages) -> None:  # type: ignore[no-untyped-def]
    signal.signal(signal.SIGTERM, _stop)
    with tempfile.TemporaryDirectory(prefix=f"cchc-fuzz-{job}-") as tmp:
        fuzzer = Fuzzer(Path(tmp), seed, every_command=every, data=Path(data))
        shown = 0
        try:
            for number in numbers[job::jobs]:
                fuzzer.run_case(number)
                failures = fuzzer.report.failures
                for failure in failures[shown:]:  # as they happen: a long run may be stopped
                    messages.put(("failure", failure))
                shown = len(failures)
                messages.put(("case", number))
        except KeyboardInterrupt:
            pass
        messages.put(("report", fuzzer.report))


def main() -> int:
    os.environ.setdefault("COLUMNS", "200")
    os.environ.setdefault("NO_COLOR", "1")
    os.environ.pop("CCHC_DATA", None)
    os.environ.pop("CCHC_TODAY", None)
    replay = os.environ.get("FUZZ_REPLAY", "").replace(",", " ").split()
    numbers = [int(n) for n in replay] if replay else list(range(int(os.environ.get("FUZZ_CASES", "3000"))))
    cases = len(numbers)
    seed = os.environ.get("FUZZ_SEED") or secrets.token_hex(4)
    every = os.environ.get("FUZZ_EVERY", "0") == "1"
    jobs = max(1, min(cases, int(os.environ.get("FUZZ_JOBS") or os.cpu_count() or 1)))
    data = Path(os.environ.get("FUZZ_DATA") or DATA).resolve()
    print(f"fuzz: {cases} cases of {data.name}/, seed {seed}, {jobs} processes", file=sys.stderr, flush=True)
    started = time.perf_counter()
    context = multiprocessing.get_context("fork")
    messages = context.Queue()
    workers = [context.Process(target=_worker, args=(job, jobs, numbers, seed, every, str(data), messages))
               for job in range(jobs)]
    for worker in workers:
        worker.start()
    reports: list[FuzzReport] = []
    done = failures = 0
    step = max(1, cases // 20)
    try:
        while len(reports) < jobs:
            try:
                kind, value = messages.get(timeout=5)
            except queue.Empty:
                if not any(worker.is_alive() for worker in workers):
                    print("a worker died without a report", file=sys.stderr)
                    break
                continue
            if kind == "failure":
                failures += 1
                print(value.format() + "\n", file=sys.stderr, flush=True)
            elif kind == "case":
                done += 1
                if done % step == 0:
                    print(f"  {done}/{cases} cases, {failures} failures, "
                          f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
            else:
                reports.append(value)
    except KeyboardInterrupt:
        print("(interrupted: the summary covers the cases run)", file=sys.stderr)
        while len(reports) < jobs:
            try:
                kind, value = messages.get(timeout=30)
            except (queue.Empty, KeyboardInterrupt):
                break
            if kind == "report":
                reports.append(value)
    for worker in workers:
        worker.join(timeout=30)
    report = FuzzReport.merged(seed, reports)
    report.seconds = time.perf_counter() - started
    print(report.summary())
    for failure in sorted(report.failures, key=lambda f: f.case)[:40]:
        print("\n" + failure.format())
    failed = sorted({f.case for f in report.failures})
    print(f"\nreplay: FUZZ_SEED={seed} FUZZ_CASES={cases} make fuzz"
          + (f"\nreplay the failed cases only: FUZZ_SEED={seed} FUZZ_REPLAY={','.join(map(str, failed))} make fuzz"
             if failed else ""))
    return 1 if report.failures or report.cases < cases else 0


if __name__ == "__main__":
    sys.exit(main())
