"""Templates run in a sandbox: hostile templates and mistakes fail with a clear Vietnamese error."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from render_cases import DATA

from cchc.docx.markup import parse_markup
from cchc.errors import DataError
from cchc.io.loader import load_dataset
from cchc.render import render_document
from cchc.render.environment import escape_value, make_environment, render_template

DOC = "cv-ubnd-2021-nang-cao-chi-so"
TODAY = date(2021, 7, 1)


@pytest.fixture
def repo(tmp_path):
    """A copy of the bundled data with its own templates/ folder (overrides the bundled one)."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns(".cchc-cache"))
    (target / "templates").mkdir()
    return target


def render_with(repo, template_text: str, name: str = "cong-van-nang-cao-chi-so"):
    (repo / "templates" / f"{name}.md.j2").write_text(template_text, encoding="utf-8")
    return render_document(load_dataset(repo), DOC, today=TODAY)


@pytest.mark.parametrize("source, words", [
    ("{{ ''.__class__.__mro__ }}", ["hộp cát", "__class__"]),
    ("Dòng một.\n\n{{ cycler.__init__.__globals__ }}", ["hộp cát", "cycler", "dòng 3"]),
    ("{% include '/etc/passwd' %}", ["/etc/passwd", "bị từ chối"]),
    ("{% import '../../x' as x %}", ["../../x", "bị từ chối"]),
    ("{{ data|attr('__class__') }}", ["hộp cát"]),
    ("{% set l = [1] %}{{ l.append(2) }}", ["hộp cát", "append"]),
    ("{% include 'README.md' %}", ["README.md", "bị từ chối"]),
])
def test_hostile_template_fails_naming_the_template(repo, source, words):
    (repo / "templates" / "README.md").write_text("không được đọc", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        render_with(repo, source)
    message = caught.value.message
    assert "cong-van-nang-cao-chi-so.md.j2" in message
    for word in words:
        assert word in message
    assert "không được đọc" not in message


def test_missing_variable_names_template_and_line(repo):
    with pytest.raises(DataError) as caught:
        render_with(repo, "Đoạn một.\n\nĐoạn hai {{ data.khong_co }}./.\n")
    message = caught.value.message
    assert "cong-van-nang-cao-chi-so.md.j2, dòng 3" in message
    assert "khong_co" in message


def test_syntax_error_names_template_and_line(repo):
    with pytest.raises(DataError) as caught:
        render_with(repo, "Đoạn một.\n{% if %}\n")
    assert "cong-van-nang-cao-chi-so.md.j2, dòng 2" in caught.value.message
    assert "cú pháp" in caught.value.message


def test_markup_error_in_the_output_is_reported(repo):
    with pytest.raises(DataError) as caught:
        render_with(repo, "Chữ **đậm chưa đóng./.\n")
    assert "cú pháp trình bày" in caught.value.message


def test_data_repo_template_overrides_the_bundled_one(repo):
    spec = render_with(repo, "Nội dung riêng của tỉnh: {{ tasks[0].due|ngay_ngan }}./.\n")
    assert [block.text for block in spec.body] == ["Nội dung riêng của tỉnh: 17/7/2021./."]


def test_user_data_with_markup_characters_does_not_break_layout(repo):
    documents = repo / "documents" / "2021-cv-nang-cao-chi-so.yaml"
    text = documents.read_text(encoding="utf-8").replace(
        "      criteria_not_met: 27", "      criteria_not_met: 27\n      note: \"## a *b* | c \\\\ <br> ::: center\"")
    documents.write_text(text, encoding="utf-8")
    spec = render_with(repo, "Ghi chú: {{ data.note }}\n\n{{ data.note }}\n\n| A | B |\n| {{ data.note }} | x |\n")
    literal = "## a *b* | c \\ <br> ::: center"
    assert spec.body[0].text == "Ghi chú: " + literal
    assert spec.body[1].text == literal and spec.body[1].kind == "text"
    assert not any(run.bold or run.italic for run in spec.body[1].runs)
    table = spec.body[2]
    assert len(table.columns) == 2 and table.rows[0][0].text == literal


def test_filters(tmp_path):
    env = make_environment(None, folders=[tmp_path], agencies=load_dataset(DATA).agencies)
    template = env.from_string(
        "{{ d|ngay }}|{{ d|ngay_ngan }}|{{ 83.22|so }}|{{ 1674|so }}|{{ 83.2249|diem }}|"
        "{{ 'so-noi-vu'|co_quan }}|{{ ['so-noi-vu', 'so-tu-phap', 'so-tai-chinh']|ds_co_quan }}|{{ 4|roman }}")
    out = render_template(template, {"d": date(2021, 1, 5)}, name="t")
    assert out.split("|") == ["ngày 05 tháng 01 năm 2021", "5/1/2021",
                              "83,22", "1.674", "83,22", "Sở Nội vụ", "Sở Nội vụ, Sở Tư pháp và Sở Tài chính",
                              "IV"]


def test_raw_filter_inserts_markup(tmp_path):
    env = make_environment(None, folders=[tmp_path])
    out = render_template(env.from_string("{{ x }} {{ x|raw }}"), {"x": "**a**"}, name="t")
    assert out == "\\*\\*a\\*\\* **a**"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60))
def test_escaped_values_come_back_as_written(value):
    """Any printable value, put in a paragraph or alone on a line, reads back as its text."""
    expected = " ".join(value.split())
    if not expected:
        return
    # The oracle is built from the value, never by replacing inside the markup: a value such as
    # " t" also occurs inside "Giá trị".
    for prefix in ("Giá trị: ", ""):
        blocks = parse_markup(prefix + escape_value(value))
        text = " ".join(block.text for block in blocks)
        assert " ".join(text.split()) == " ".join((prefix + expected).split())
        assert not any(run.bold or run.italic for block in blocks for run in block.runs)
