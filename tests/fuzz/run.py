"""`make fuzz`: the long run. FUZZ_CASES (default 3000), FUZZ_SEED (default: a new one),
FUZZ_EVERY=1 to run every command on every mutant (default: every command on each valid
mutant, three sampled commands and one render on each invalid one)."""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fuzz.harness import Fuzzer  # noqa: E402


def main() -> int:
    os.environ.setdefault("COLUMNS", "200")
    os.environ.setdefault("NO_COLOR", "1")
    os.environ.pop("CCHC_DATA", None)
    os.environ.pop("CCHC_TODAY", None)
    cases = int(os.environ.get("FUZZ_CASES", "3000"))
    seed = os.environ.get("FUZZ_SEED") or secrets.token_hex(4)
    every = os.environ.get("FUZZ_EVERY", "0") == "1"
    with tempfile.TemporaryDirectory(prefix="cchc-fuzz-") as tmp:
        fuzzer = Fuzzer(Path(tmp), seed, every_command=every)
        step = max(1, cases // 20)
        shown = 0
        try:
            for number in range(cases):
                fuzzer.run_case(number)
                report = fuzzer.report
                for failure in report.failures[shown:]:  # as they happen: a long run may be stopped
                    print(failure.format() + "\n", file=sys.stderr, flush=True)
                shown = len(report.failures)
                if (number + 1) % step == 0:
                    print(f"  {number + 1}/{cases} cases, {shown} failures, "
                          f"{report.seconds or 0:.0f} s", file=sys.stderr, flush=True)
        except KeyboardInterrupt:
            print("(interrupted: the summary covers the cases run)", file=sys.stderr)
        report = fuzzer.report
    print(report.summary())
    for failure in report.failures[:40]:
        print("\n" + failure.format())
    print(f"\nreplay: FUZZ_SEED={seed} FUZZ_CASES={cases} make fuzz")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
