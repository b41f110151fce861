"""Every command sample in README.md is run against the bundled data and compared with the output
the README shows: the README is the spec, so the docs cannot drift from the program.

A sample is a ```text block whose first line is ``$ cchc …``; the lines after it are the output
as the terminal shows it (stdout and stderr in the order written). In the shown output:

* a line that is only ``…`` stands for any number of lines the README leaves out;
* ``…`` inside a line stands for any text (a long list, a path that depends on the machine);
* trailing spaces do not count, and the data folder's path is shown as ``data``.

An HTML comment right before a block sets up its run, for example
``<!-- readme-sample: data=tests/fixtures/readme-validate exit=1 -->``: ``data`` is the data
folder (copied to a temporary folder first; default: the bundled ``data/``), ``exit`` the exit
code the sample must give (default 0), ``overlay`` a folder whose files replace or add to the
data copy (a sample on data edited as the README describes), any other ``NAME=value`` an environment variable (e.g.
``CCHC_TODAY=2026-03-31`` for a sample shown as of a date); ``skip=REASON`` for a sample that
cannot run here (listed by ``pytest -rs``). Commands run in an empty temporary
folder, so ``-o out/x.html`` writes there.

When a sample no longer matches, the failure names the README line of the block and shows the
diff; change the program or the README, whichever is wrong.
"""

from __future__ import annotations

import difflib
import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cchc.cli.main import app
from tests.conftest import DATA, ROOT

README = ROOT / "README.md"
ELLIPSIS = "…"
MARKER = re.compile(r"^<!--\s*readme-sample:(?P<settings>.*?)-->\s*$")


@dataclass
class Sample:
    line: int  # 1-based line of the command in README.md
    command: str
    expected: list[str]
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"README.md:{self.line} `$ {self.command}`"


def samples(text: str) -> list[Sample]:
    found: list[Sample] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        if lines[index].strip() == "```text" and index + 1 < len(lines) and lines[index + 1].startswith("$ cchc"):
            settings: dict[str, str] = {}
            before = index - 1
            while before >= 0 and not lines[before].strip():
                before -= 1
            marker = MARKER.match(lines[before].strip()) if before >= 0 else None
            if marker:
                settings = dict(item.split("=", 1) for item in marker.group("settings").split())
            end = lines.index("```", index + 1)
            found.append(Sample(index + 2, lines[index + 1][2:], lines[index + 2:end], settings))
            index = end
        index += 1
    return found


def _line_pattern(expected: str) -> re.Pattern[str]:
    return re.compile(".*?".join(re.escape(part) for part in expected.rstrip().split(ELLIPSIS)) + r"\Z")


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` is what ``expected`` shows (``…`` lines skip any number of lines)."""
    patterns = [None if line.strip() == ELLIPSIS else _line_pattern(line) for line in expected]
    actual = [line.rstrip() for line in actual]
    # positions reachable in `actual` after each expected line (a small NFA: samples are short)
    reach = {0}
    for pattern in patterns:
        if pattern is None:
            reach = set(range(min(reach), len(actual) + 1)) if reach else set()
        else:
            reach = {i + 1 for i in reach if i < len(actual) and pattern.match(actual[i])}
        if not reach:
            return False
    return len(actual) in reach


def _run(sample: Sample, tmp_path: Path, monkeypatch, runner):
    settings = dict(sample.settings)
    if "skip" in settings:
        pytest.skip(f"{sample.where}: {settings['skip'].replace('-', ' ')}")
    expected_exit = int(settings.pop("exit", "0"))
    source = ROOT / settings.pop("data") if "data" in settings else DATA
    data = tmp_path / "data"
    shutil.copytree(source, data, ignore=shutil.ignore_patterns(".cchc-cache"))
    if "overlay" in settings:
        shutil.copytree(ROOT / settings.pop("overlay"), data, dirs_exist_ok=True)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    env = {"CCHC_DATA": str(data), **settings}
    args = shlex.split(sample.command)[1:]
    result = runner.invoke(app, args, env=env)
    return result, expected_exit, data


SAMPLES = samples(README.read_text(encoding="utf-8"))


def test_the_readme_has_samples_and_each_is_well_formed():
    assert len(SAMPLES) >= 6
    for sample in SAMPLES:
        assert sample.expected, sample.where
        assert set(sample.settings) <= {"data", "overlay", "exit", "skip"} | {k for k in sample.settings if k.isupper()}, sample.where
    assert sum("skip" not in s.settings for s in SAMPLES) >= 6


@pytest.mark.parametrize("sample", SAMPLES, ids=[f"line{s.line}" for s in SAMPLES])
def test_readme_sample(sample, tmp_path, monkeypatch, runner):
    result, expected_exit, data = _run(sample, tmp_path, monkeypatch, runner)
    actual = result.output.replace(str(data), "data").splitlines()
    if not matches(sample.expected, actual):
        diff = "\n".join(difflib.unified_diff(sample.expected, [line.rstrip() for line in actual],
                                              "README.md", "output", lineterm="", n=2))
        pytest.fail(f"{sample.where}: the output is not what the README shows "
                    f"(fix the program or the README block; `…` elides):\n{diff}", pytrace=False)
    assert result.exit_code == expected_exit, (
        f"{sample.where}: exit code {result.exit_code}, README block says {expected_exit}")


@pytest.mark.parametrize(("expected", "actual", "ok"), [
    (["a", "b"], ["a", "b"], True),
    (["a", "b"], ["a", "b", "c"], False),  # a block shows all of the output unless it says …
    (["a", "…", "c"], ["a", "x", "y", "c"], True),
    (["a", "…", "c"], ["a", "c"], True),
    (["a", "…"], ["a", "x"], True),
    (["x … z"], ["x 1 2 z"], True),
    (["x … z"], ["x 1 2 y"], False),
    (["a   "], ["a"], True),
    (["…", "b", "…"], ["a", "c"], False),
    (["a.b"], ["axb"], False),  # the README's text is literal, not a pattern
])
def test_the_matching_rule(expected, actual, ok):
    assert matches(expected, actual) is ok
