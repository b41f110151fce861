"""Seeded mutation fuzzing of a whole data repository, in-process (CliRunner) for speed.

One case: take the bundled data (a git repository, so `cchc diff` has a base), mutate one
file (or add a mutated fixture), run `validate`, then commands on the mutant. Promises
checked on every command:

* exit code in {0, 1, 2, 3}; never exit 70 ("lỗi nội bộ"), never an uncaught exception;
* every diagnostic about a data file carries a line (validate, library and CLI);
* nothing is written outside the case's folders: the repository keeps its bytes (only the
  mutant differs), the working directory stays empty, outputs land in ``out/``;
* a valid mutant (validate exit 0) is handled by every command: no command refuses it with
  an error about the data ("whatever validate accepts, every command handles").

Used by ``tests/fuzz/test_fuzz.py`` (a quick run inside ``make test``) and ``tests/fuzz/run.py``
(``make fuzz``: ``FUZZ_CASES``, ``FUZZ_SEED``).
"""

from __future__ import annotations

import gc
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from typer.testing import CliRunner

from tests.fuzz.mutate import mutate

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures"
AS_OF = "2021-07-20"
COMMAND_TIMEOUT = 60  # seconds; a hang is a failure too
FILE_LEVEL_CODES = {"unreadable", "link-outside", "dangling-link", "link-loop", "not-a-file"}
# "path.yaml: lỗi:" without a line number, in any output.
_UNLOCATED = re.compile(r"^(?P<file>[^\s:]+\.ya?ml): (lỗi|cảnh báo):", re.MULTILINE)
_DATA_REFUSAL = re.compile(r"^lỗi: .*(dữ liệu|tệp|văn bản .* có lỗi)", re.MULTILINE)


@dataclass
class Failure:
    case: int
    mutations: list[str]
    target: str
    command: list[str]
    reason: str
    output: str = ""

    def format(self) -> str:
        return (f"case {self.case} [{', '.join(self.mutations)}] {self.target}: "
                f"cchc {' '.join(self.command)} -> {self.reason}\n{self.output[-1500:]}")


@dataclass
class FuzzReport:
    seed: str
    cases: int = 0
    valid: int = 0
    commands: int = 0
    failures: list[Failure] = field(default_factory=list)
    families: Counter = field(default_factory=Counter)  # mutation → cases
    failed_families: Counter = field(default_factory=Counter)
    exit_codes: Counter = field(default_factory=Counter)
    slowest_validate: float = 0.0
    slowest_case: float = 0.0
    seconds: float = 0.0

    @classmethod
    def merged(cls, seed: str, reports: list[FuzzReport]) -> FuzzReport:
        """One report of several processes' shares of a run."""
        total = cls(seed=seed)
        for part in reports:
            total.cases += part.cases
            total.valid += part.valid
            total.commands += part.commands
            total.failures += part.failures
            total.families += part.families
            total.failed_families += part.failed_families
            total.exit_codes += part.exit_codes
            total.slowest_validate = max(total.slowest_validate, part.slowest_validate)
            total.slowest_case = max(total.slowest_case, part.slowest_case)
        return total

    def summary(self) -> str:
        lines = [f"fuzz seed={self.seed}: {self.cases} cases ({self.valid} valid mutants), "
                 f"{self.commands} commands, {len(self.failures)} failures, {self.seconds:.1f} s; "
                 f"slowest validate {self.slowest_validate:.2f} s, slowest case {self.slowest_case:.2f} s",
                 "exit codes: " + ", ".join(f"{k}: {v}" for k, v in sorted(self.exit_codes.items()))]
        for family, count in sorted(self.families.items()):
            failed = self.failed_families[family]
            lines.append(f"  {family:16} {count - failed:5}/{count} cases passed")
        return "\n".join(lines)


class _Timeout(BaseException):
    pass


def _alarm(_signum, _frame):  # type: ignore[no-untyped-def]
    raise _Timeout()


def _digest(folder: Path, skip: Path | None = None) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and ".git" not in path.parts and ".cchc-cache" not in path.parts and path != skip:
            found[str(path.relative_to(folder))] = hashlib.sha1(path.read_bytes()).hexdigest()
    return found


class Fuzzer:
    def __init__(self, workdir: Path, seed: str, *, every_command: bool = False, commands_per_case: int = 3,
                 every_command_if_valid: bool = True, data: Path = DATA):
        """``every_command``: run all commands (and render every document) on every mutant;
        otherwise ``commands_per_case`` sampled commands plus one render, and all of them on a
        valid mutant when ``every_command_if_valid``."""
        self.workdir = Path(workdir)
        self.seed = seed
        self.every_command = every_command
        self.every_command_if_valid = every_command_if_valid
        self.commands_per_case = commands_per_case
        self.data = Path(data)
        self.runner = CliRunner()
        self.repo = self.workdir / "repo" / "data"
        self.out = self.workdir / "out"
        self.cwd = self.workdir / "cwd"
        self.report = FuzzReport(seed=seed)
        self._setup()

    # ---- setup --------------------------------------------------------------------------------
    def _setup(self) -> None:
        shutil.copytree(self.data, self.repo, ignore=shutil.ignore_patterns(".cchc-cache"))
        self.git = shutil.which("git") is not None
        if self.git:
            git_dir = self.repo.parent
            for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "base"]):
                subprocess.run(["git", "-c", "user.name=fuzz", "-c", "user.email=fuzz@example.invalid",
                                "-c", "commit.gpgsign=false", *args], cwd=git_dir, check=True,
                               capture_output=True)
        self.cwd.mkdir()
        self.out.mkdir()
        self.files = sorted(p.relative_to(self.repo) for p in self.repo.rglob("*.yaml"))
        self.extra = sorted([*(FIXTURES / "bad").glob("*.yaml"), FIXTURES / "crlf-bom.yaml"])
        self.baseline = _digest(self.repo)

    # ---- one command --------------------------------------------------------------------------
    def invoke(self, args: list[str]) -> tuple[int, str, BaseException | None]:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(COMMAND_TIMEOUT)
        try:
            result = self.runner.invoke(self._app(), ["--data", str(self.repo), *args], catch_exceptions=True)
        except _Timeout:
            return -1, "timeout", None
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
        exception = result.exception if not isinstance(result.exception, SystemExit) else None
        if isinstance(exception, _Timeout):
            return -1, "timeout", None
        return result.exit_code, result.stdout + result.stderr, exception

    @staticmethod
    def _app():  # type: ignore[no-untyped-def]
        from cchc.cli.main import app

        return app

    def _commands(self, rng: random.Random, documents: list[str], mutant: Path, valid: bool) -> list[list[str]]:
        out = self.out
        every = [
            ["validate", "--no-cache"],
            ["validate", "--no-cache", "--format", "github"],
            ["assign", "--year", "2021"],
            ["assign", "--year", "2021", "--format", "json"],
            ["assign", "--year", "2021", "--format", "docx", "-o", str(out / "phan-cong.docx"), "--force"],
            ["assign", "--year", "2022", "--from", "2021", "-o", str(out / "chuyen.yaml"), "--force"],
            ["deadlines", "--as-of", AS_OF],
            ["deadlines", "--as-of", AS_OF, "--format", "json"],
            ["deadlines", "--as-of", "2026-03-31", "--format", "text"],
            ["deadlines", "--as-of", AS_OF, "--remind", "-o", str(out / "don-doc.docx"), "--force"],
            ["deadlines", "--as-of", AS_OF, "-o", str(out / "theo-doi.xlsx"), "--force"],
            ["deadlines", "--as-of", "2026-03-31", "--agency", "so-noi-vu", "--format", "md"],
            ["initiatives"],
            ["initiatives", "--format", "md"],
            ["results"],
            ["results", "--gap", "--year", "2021"],
            ["render", "--list"],
            ["score", "--year", "2021"],
            ["score", "--year", "2021", "--by", "agency", "--format", "json"],
            ["score", "--year", "2025", "--rank", "--level", "so"],
            ["score", "--year", "2025", "--by", "unit", "-o", str(out / "diem.xlsx"), "--force"],
            ["report", "--as-of", AS_OF, "-o", str(out / "bao-cao.html"), "--force"],
            ["fmt", "--check", str(mutant)],
            ["schema", "-o", str(out / "schemas")],
        ]
        if self.git:
            every.append(["diff", "HEAD"])
        renders = [["render", doc, "-o", str(out / f"{doc}.docx"), "--force"] for doc in documents]
        if self.every_command or (valid and self.every_command_if_valid):
            return every + renders
        picked = rng.sample(every, min(self.commands_per_case, len(every)))
        if renders:
            picked.append(rng.choice(renders))
        return picked

    # ---- one case ---------------------------------------------------------------------------------
    def run_case(self, number: int) -> None:
        from cchc.services.validation import validate_repo

        rng = random.Random(f"{self.seed}:{number}")
        started = time.perf_counter()
        if rng.random() < 0.15:
            source = rng.choice(self.extra)
            target = self.repo / "tasks" / "zz-fuzz.yaml"
            original = None
        else:
            relative = rng.choice(self.files)
            source = self.repo / relative
            target = source
            original = source.read_bytes()
        raw, mutations = mutate(source.read_bytes().decode("utf-8", errors="replace"), rng)
        made_folder = not target.parent.exists()  # a corpus without tasks/ (FUZZ_DATA)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
        report = self.report
        report.cases += 1
        report.families.update(set(mutations))
        name = str(target.relative_to(self.repo))
        failures_before = len(report.failures)

        def fail(command: list[str], reason: str, output: str = "") -> None:
            report.failures.append(Failure(number, mutations, name, command, reason, output))

        old_cwd = os.getcwd()
        os.chdir(self.cwd)
        try:
            t0 = time.perf_counter()
            try:
                result = validate_repo(self.repo, use_cache=False)
            except Exception as exc:  # noqa: BLE001 - a crash of the library is the finding
                if type(exc).__name__ not in ("DataError",):
                    fail(["(library) validate_repo"], f"{type(exc).__name__}: {exc}")
                result = None
            elapsed = time.perf_counter() - t0
            report.slowest_validate = max(report.slowest_validate, elapsed)
            if result is not None:
                for d in result.diagnostics:
                    if d.file is not None and d.line is None and d.code not in FILE_LEVEL_CODES:
                        fail(["(library) validate_repo"], f"diagnostic without a line: {d.format(self.repo)}")
            valid = result is not None and result.ok
            report.valid += valid
            documents = self._document_ids()
            for command in self._commands(rng, documents, target, valid):
                code, output, exception = self.invoke(command)
                report.commands += 1
                report.exit_codes[code] += 1
                if exception is not None:
                    fail(command, f"uncaught {type(exception).__name__}: {exception}", output)
                elif code == -1:
                    fail(command, f"no answer within {COMMAND_TIMEOUT} s")
                elif code not in (0, 1, 2, 3):
                    fail(command, f"exit {code}", output)
                if "Traceback" in output or "lỗi nội bộ" in output:
                    fail(command, "traceback or internal error in the output", output)
                for match in _UNLOCATED.finditer(output):
                    fail(command, f"diagnostic without a line: {match.group(0)}", output)
                if valid and code in (1, 2) and not self._allowed_on_valid(command, code, output):
                    fail(command, f"validate accepts the data but the command exits {code}", output)
            if os.listdir(self.cwd):
                fail(["(any)"], f"wrote into the working directory: {os.listdir(self.cwd)}")
        finally:
            os.chdir(old_cwd)
            if original is None:
                target.unlink(missing_ok=True)
                if made_folder:
                    shutil.rmtree(target.parent, ignore_errors=True)
            else:
                target.write_bytes(original)
            for leftover in self.cwd.iterdir():
                shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        changed = {k for k, v in _digest(self.repo).items() if self.baseline.get(k) != v}
        changed |= set(self.baseline) - set(_digest(self.repo))
        if changed:
            fail(["(any)"], f"repository files changed: {sorted(changed)}")
            self._restore()
        if len(report.failures) > failures_before:
            report.failed_families.update(set(mutations))
        # Each load ends with gc.freeze() (right for one command per process): thousands of
        # commands in one process would keep every cycle of every dataset forever (measured:
        # +5 MiB per case). Let the collector see them again (it runs on its own schedule).
        gc.unfreeze()
        report.slowest_case = max(report.slowest_case, time.perf_counter() - started)

    def _restore(self) -> None:
        shutil.rmtree(self.repo)
        shutil.copytree(self.data, self.repo, ignore=shutil.ignore_patterns(".cchc-cache"))
        self.baseline = _digest(self.repo)

    def _document_ids(self) -> list[str]:
        from cchc.io.loader import load_dataset

        try:
            documents = load_dataset(self.repo).documents
            return sorted(key for key, doc in documents.items() if doc.template or doc.body)
        except Exception:  # noqa: BLE001 - validate already judged the data
            return []

    @staticmethod
    def _allowed_on_valid(command: list[str], code: int, output: str) -> bool:
        """On data validate accepts, exit 1 is a result for two commands only (fmt: not formatted;
        assign: coverage incomplete), never a refusal of the data; exit 2 is a request that does not
        fit this repository (a year it has no table for, nothing to remind), never about a file."""
        if code == 2:
            return ".yaml:" not in output and ".yml:" not in output
        if command[0] == "fmt":
            return True
        if command[0] == "assign" and ("phủ kín" in output or "không giao" in output):
            return True
        return not _DATA_REFUSAL.search(output)

    def run(self, cases: int) -> FuzzReport:
        started = time.perf_counter()
        for number in range(cases):
            self.run_case(number)
        self.report.seconds = time.perf_counter() - started
        return self.report
