"""The report in a real headless browser (Debian's chromium): it loads from disk, logs no
console message (a blocked request would log one), and renders at desktop and phone widths.

`make test` installs chromium when it is missing and the user is root; elsewhere the test is
skipped with the reason. ``CCHC_SCREENSHOTS=folder`` keeps the screenshots.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from report_helpers import AS_OF, DATA

from cchc.io.loader import load_dataset
from cchc.render.html_report import write_html
from cchc.services.report import build_overview

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
BROWSER = next((found for name in BROWSERS if (found := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="không có chromium (cài bằng `apt-get install chromium`, `make test` tự cài khi chạy "
                            "với quyền root): bỏ qua kiểm thử trong trình duyệt")


def browser_command(page: Path, profile: Path, *args: str) -> list[str]:
    return [
        BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
        f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--hide-scrollbars", *args,
        page.resolve().as_uri(),
    ]


def console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


SIZES = {"desktop": (1280, 2400), "phone": (390, 2400)}


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple[subprocess.CompletedProcess, Path]]:
    """The three browser runs, started together (each one mostly waits): a screenshot at each
    width of the real page, and the control page's DOM."""
    folder = tmp_path_factory.mktemp("report")
    page = write_html(build_overview(load_dataset(DATA), AS_OF), folder / "bao-cao-cchc.html")
    html = page.read_text(encoding="utf-8").replace("<h1>", '<img src="http://127.0.0.1:9/x.png" alt=""><h1>', 1)
    bad = folder / "bad.html"
    bad.write_text(html, encoding="utf-8")
    jobs: dict[str, tuple[list[str], Path]] = {}
    for name, (width, height) in SIZES.items():
        shot = folder / f"bao-cao-{name}.png"
        jobs[name] = (browser_command(page, folder / f"profile-{name}", f"--window-size={width},{height}",
                                      f"--screenshot={shot}"), shot)
    jobs["control"] = (browser_command(bad, folder / "profile-control", "--dump-dom"), bad)
    started = {name: subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for name, (cmd, _) in jobs.items()}
    results = {}
    for name, process in started.items():
        try:
            stdout, stderr = process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
        results[name] = (subprocess.CompletedProcess(jobs[name][0], process.returncode, stdout, stderr), jobs[name][1])
    return results


@pytest.mark.parametrize("name", list(SIZES))
def test_page_renders_without_console_messages(runs, name):
    done, shot = runs[name]
    assert shot.is_file(), done.stderr[-2000:]
    assert png_size(shot) == SIZES[name]
    assert shot.stat().st_size > 20_000  # a blank page compresses to a few kilobytes
    assert console_lines(done.stderr) == []
    keep = os.environ.get("CCHC_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)


def test_policy_blocks_external_requests_and_the_check_sees_it(runs):
    """Control: the same page with an external image gets it blocked by the page's policy, and
    the browser says so on the console — so the clean runs above prove there was no request."""
    done, _ = runs["control"]
    messages = console_lines(done.stderr)
    assert any("Content Security Policy" in line and "127.0.0.1:9" in line for line in messages), done.stderr[-2000:]
    assert "TỈNH ĐẮK LẮK" in done.stdout  # the browser's DOM has the page
