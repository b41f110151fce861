"""Concurrent writers: two `cchc fmt` and one `cchc agency end` on one repository lose nothing."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import date
from pathlib import Path

import pytest

from cchc.errors import DataError
from cchc.io.atomic import atomic_write_bytes
from cchc.io.loader import load_dataset
from cchc.io.lock import RepoBusyError, lock_path, repo_lock
from cchc.io.yamlfmt import format_paths
from cchc.services.agency_end import end_agency

UNFORMATTED = "schema: tasks@1\ntasks:\n- id: t-{n}\n  title:   \"Việc {n}\"\n  lead: so-noi-vu\n"


def _child(job, queue) -> None:  # type: ignore[no-untyped-def]
    """Run one writer in a forked process; report (exit code, message)."""
    try:
        queue.put((0, job()))
    except DataError as exc:
        queue.put((1, exc.message))
    except BaseException as exc:  # noqa: BLE001 - the test shows it
        queue.put((70, f"{type(exc).__name__}: {exc}"))


def _fmt_job(root: Path):
    return lambda: len(format_paths([root], write=True).changed)


def _end_job(root: Path, agency: str, on: str):
    return lambda: end_agency(root, agency, date.fromisoformat(on), "so-noi-vu").changed


AGENCIES = """schema: agencies@1
province: Đắk Lắk
agencies:
  - id: so-noi-vu  # nguồn: danh mục mẫu của kiểm thử
    name: Sở Nội vụ
    kind: so
{more}"""


def test_two_fmt_and_one_agency_end_in_parallel_lose_no_update(tmp_path):
    """10 rounds in forked processes (already imported, so they really overlap); each round ends
    one more agency while two formatters rewrite the same file."""
    context = multiprocessing.get_context("fork")
    data_copy = tmp_path / "repo"
    data_copy.mkdir()
    (data_copy / "tasks").mkdir()
    agencies = [f"so-{n}" for n in range(10)]
    (data_copy / "agencies.yaml").write_text(AGENCIES.format(more="".join(
        f"  - id: {a}\n    name: Sở số {a[3:]}\n    kind: so\n" for a in agencies)), encoding="utf-8")
    assert not load_dataset(data_copy).diagnostics
    rounds = [(agency, "2025-02-28") for agency in agencies]
    agencies_file = data_copy / "agencies.yaml"
    for number, (agency, on) in enumerate(rounds):
        (data_copy / "tasks" / f"zz-{number}.yaml").write_text(UNFORMATTED.format(n=number), encoding="utf-8")
        with agencies_file.open("a", encoding="utf-8") as handle:
            handle.write("\n\n\n")  # trailing blank lines: fmt rewrites the very file agency end edits
        queues = [context.Queue() for _ in range(3)]
        jobs = [_fmt_job(data_copy), _end_job(data_copy, agency, on), _fmt_job(data_copy)]
        processes = [context.Process(target=_child, args=(job, queue)) for job, queue in zip(jobs, queues, strict=True)]
        for process in processes:
            process.start()
        results = [queue.get(timeout=120) for queue in queues]
        for process in processes:
            process.join(timeout=60)
        for code, message in results:
            assert code in (0, 1), message
        end_code, end_message = results[1]
        ended = {a.id: a for a in load_dataset(data_copy).agencies.values()}
        if end_code == 0:
            assert end_message is True
            assert str(ended[agency].valid_until) == on, f"round {number}: the update was lost"
        else:  # refused cleanly: nothing was claimed as written
            assert "đã bị thay đổi" in end_message or "đang được" in end_message
        for previous, _ in rounds[:number]:
            assert ended[previous].valid_until is not None, f"round {number}: {previous} was lost"
    assert not [d for d in load_dataset(data_copy).diagnostics if d.is_error]
    assert not agencies_file.read_text(encoding="utf-8").endswith("\n\n")


def test_the_lock_excludes_a_second_writer(tmp_path):
    with repo_lock(tmp_path):
        assert lock_path(tmp_path).exists()
        busy = []

        def other() -> None:
            try:
                with repo_lock(tmp_path, timeout=0.2):
                    busy.append(False)
            except RepoBusyError as exc:
                busy.append(exc.message)

        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
    assert busy and "đang được một lệnh cchc khác ghi" in busy[0]
    assert (tmp_path / ".cchc-cache" / ".gitignore").read_text() == "*\n"


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"first\n")
    read = path.read_bytes()
    path.write_bytes(b"someone else\n")
    with pytest.raises(DataError, match="đã bị thay đổi"):
        atomic_write_bytes(path, b"mine\n", expect=read)
    assert path.read_bytes() == b"someone else\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def test_agency_end_refuses_when_the_file_changes_under_it(data_copy, monkeypatch):
    from cchc.services import agency_end

    original = agency_end.set_record_keys

    def edit_and_race(text, path, values):
        (data_copy / "agencies.yaml").write_text(text + "# sửa tay cùng lúc\n", encoding="utf-8")
        return original(text, path, values)

    monkeypatch.setattr(agency_end, "set_record_keys", edit_and_race)
    with pytest.raises(DataError, match="đã bị thay đổi"):
        agency_end.end_agency(data_copy, "so-tu-phap", date(2025, 2, 28))
    assert (data_copy / "agencies.yaml").read_text(encoding="utf-8").endswith("# sửa tay cùng lúc\n")


def test_fmt_holds_the_lock(data_copy, runner, monkeypatch):
    import cchc.io.lock as lock
    from cchc.cli.main import app

    (data_copy / "tasks" / "zz.yaml").write_text(UNFORMATTED.format(n=1), encoding="utf-8")
    monkeypatch.setattr(lock, "DEFAULT_TIMEOUT", 0.2)
    holder = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with repo_lock(data_copy, timeout=5):
            holder.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    holder.wait(10)
    try:
        result = runner.invoke(app, ["fmt", str(data_copy)])
    finally:
        release.set()
        thread.join()
    assert result.exit_code == 1
    assert "đang được một lệnh cchc khác ghi" in result.stderr
    assert (data_copy / "tasks" / "zz.yaml").read_text(encoding="utf-8") == UNFORMATTED.format(n=1)


def test_lock_file_is_not_data(data_copy):
    with repo_lock(data_copy):
        pass
    assert Path(data_copy / ".cchc-cache" / "write.lock").exists()
    assert not [d for d in load_dataset(data_copy).diagnostics if d.is_error]
