"""Document `data:` keys that cchc's own code reads are typed: what validate accepts, render handles."""

from __future__ import annotations

import pytest

from cchc.cli.main import app

FILE = "documents/don-doc-nhiem-vu.yaml"
LINE = "      reminder: {within: 5}     # sắp đến hạn: còn không quá 5 ngày làm việc"
ENV = {"NO_COLOR": "1", "COLUMNS": "200"}


def _with(data_copy, replacement: str):
    path = data_copy / FILE
    text = path.read_text(encoding="utf-8")
    assert LINE in text
    if "reply_working_days" in replacement:  # replaces the file's own reply_working_days line
        text = "\n".join(line for line in text.split("\n") if "reply_working_days:" not in line)
    path.write_text(text.replace(LINE, replacement), encoding="utf-8")
    return data_copy


def _output(result) -> str:
    return result.output + (result.stderr if result.stderr_bytes is not None else "")


@pytest.mark.parametrize("replacement, column, words", [
    ('      reminder: "5 ngày"', 17, ["reminder", "ánh xạ"]),
    ("      reminder: {within: abc}", 26, ["within"]),
    ("      reminder: {within: 5 ngày}", 26, ["within"]),
    ("      reminder: {within: -1}", 26, ["within"]),
    ("      reminder: {within: 100000000}", 26, ["within"]),
    ("      reminder: {within: 2.5}", 26, ["within"]),
    ("      reminder: {within: 5, agency: Sở Nội vụ}", 37, ["Sở Nội vụ"]),
    ("      reminder: {within: 5, withn: 3}", 29, ["withn"]),
    ("      reminder: [5]", 17, ["reminder", "ánh xạ"]),
    ("      reminder: ~", 17, ["reminder"]),
    ("      reminder: {within: 5}\n      size_pairing: 14/14/14", 21, ["size_pairing"]),
    ("      reminder: {within: 5}\n      reply_working_days: năm", 27, ["reply_working_days"]),
    ("      reminder: {within: 5}\n      reply_working_days: 99999999", 27, ["reply_working_days"]),
])
def test_validate_rejects_data_the_renderer_cannot_use(runner, data_copy, replacement, column, words):
    repo = _with(data_copy, replacement)
    result = runner.invoke(app, ["--data", str(repo), "validate", "--no-cache"], env=ENV)
    output = _output(result)
    assert result.exit_code == 1, output
    extra_line = 1 if "\n" in replacement else 0
    assert f"{FILE}:{16 + extra_line}:{column}: lỗi:" in output, output
    for word in words:
        assert word in output
    assert "Traceback" not in output and "lỗi nội bộ" not in output
    # and the commands that would have crashed stop with the same clean verdict
    for args in (["render", "cv-ubnd-don-doc-nhiem-vu-cchc", "--as-of", "2021-07-27", "-o", "x.docx"],
                 ["deadlines", "--remind", "--as-of", "2021-07-27", "-o", "y.docx"]):
        done = runner.invoke(app, ["--data", str(repo), *args], env=ENV)
        assert done.exit_code in (1, 2), _output(done)
        assert "lỗi nội bộ" not in _output(done) and "Traceback" not in _output(done)


@pytest.mark.parametrize("replacement", [
    "      reminder: {}",
    "      reminder: {within: 0}",
    "      reminder: {within: 1000, agency: so-noi-vu}",
    '      reminder: {within: "3"}',
    "      reminder: {within: 5}\n      size_pairing: 12/13/13\n      reply_working_days: 0",
    "      reminder: {within: 5}\n      criteria: 27\n      code: 7.5\n      free: {a: [1, 2]}",
])
def test_what_validate_accepts_render_and_remind_handle(runner, data_copy, tmp_path, monkeypatch, replacement):
    monkeypatch.chdir(tmp_path)
    repo = _with(data_copy, replacement)
    validated = runner.invoke(app, ["--data", str(repo), "validate", "--no-cache"], env=ENV)
    assert validated.exit_code == 0, _output(validated)
    for args in (["render", "cv-ubnd-don-doc-nhiem-vu-cchc", "--as-of", "2021-07-27", "-o", "x.docx", "--force"],
                 ["deadlines", "--remind", "--as-of", "2021-07-27", "-o", "y.docx", "--force"]):
        done = runner.invoke(app, ["--data", str(repo), *args], env=ENV)
        # 0: written; 2: nothing overdue or due soon for that agency/window (a clear answer)
        assert done.exit_code in (0, 2), _output(done)
        assert "lỗi nội bộ" not in _output(done) and "Traceback" not in _output(done)
        if done.exit_code == 2:
            assert "không cần công văn đôn đốc" in _output(done)


@pytest.mark.parametrize("year", ["0", "-1", "10000", "1899", "2101"])
def test_document_year_is_bounded(runner, data_copy, year):
    path = data_copy / FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    template: cong-van-don-doc\n",
                                 f"    template: cong-van-don-doc\n    year: {year}\n"), encoding="utf-8")
    result = runner.invoke(app, ["--data", str(data_copy), "validate", "--no-cache"], env=ENV)
    output = _output(result)
    assert result.exit_code == 1 and f"{FILE}:15:11: lỗi:" in output, output
