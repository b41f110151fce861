"""The quick fuzz run of `make test` and the rule "whatever validate accepts, every command handles".

The long run is `make fuzz` (tests/fuzz/run.py, FUZZ_CASES and FUZZ_SEED). The seeds here are
fixed so a failure replays exactly; `make fuzz` draws new ones.
"""

from __future__ import annotations

import os

import pytest

from tests.conftest import ROOT
from tests.fuzz.harness import Fuzzer

QUICK_CASES = int(os.environ.get("FUZZ_QUICK_CASES", "150"))


def _assert_clean(report) -> None:  # type: ignore[no-untyped-def]
    assert report.cases and report.commands
    assert not report.failures, report.summary() + "\n\n" + "\n\n".join(
        f.format() for f in report.failures[:10])


def test_quick_fuzz(tmp_path):
    fuzzer = Fuzzer(tmp_path, "quick-1", commands_per_case=1, every_command_if_valid=False)
    report = fuzzer.run(QUICK_CASES)
    print(report.summary())
    _assert_clean(report)
    assert report.valid > 0 and len(report.families) >= 15


@pytest.mark.parametrize("data", [ROOT / "data", ROOT / "examples" / "ba-ria-vung-tau", "init"],
                         ids=["data", "brvt", "init"])
def test_every_command_on_every_bundled_repo(tmp_path, data):
    if data == "init":  # a repository as `cchc init` makes it, communes included
        from cchc.services.scaffold import init_repo

        communes = tmp_path / "xa.csv"
        communes.write_text("name,code\nPhường Tân An,24130\nXã Hòa Phú,24150\n", encoding="utf-8")
        data = init_repo(tmp_path / "moi", "Khánh Hòa", 2021, communes=communes).root / "data"
    fuzzer = Fuzzer(tmp_path / "fuzz", "bundled", every_command=True, data=data)
    code, output, exception = fuzzer.invoke(["validate", "--no-cache"])
    assert code == 0 and exception is None, output
    # Case 0 of a fuzzer with no mutation budget would be the repository itself: run the
    # commands directly instead.
    documents = fuzzer._document_ids()
    for command in fuzzer._commands(None, documents, fuzzer.repo / "agencies.yaml", True):  # type: ignore[arg-type]
        code, output, exception = fuzzer.invoke(command)
        assert exception is None and code in (0, 1, 2, 3), (command, output)
        assert code in (0, 3) or fuzzer._allowed_on_valid(command, code, output), (command, output)


def test_every_command_on_fuzzed_but_valid_repos(tmp_path):
    fuzzer = Fuzzer(tmp_path, "valid-1", commands_per_case=0, every_command_if_valid=True)
    number = 0
    while fuzzer.report.valid < 3 and number < 60:
        fuzzer.run_case(number)
        number += 1
    assert fuzzer.report.valid >= 3
    _assert_clean(fuzzer.report)
