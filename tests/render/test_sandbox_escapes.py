"""Templates and document bodies are untrusted code: every known escape fails cleanly.

Each payload runs twice: as a template of the data repository (overriding a bundled one) and as
a document's ``body`` (bodies are templates too). Every attempt must fail with a DataError that
names the template (or the document) and a line, in Vietnamese, without running code, reading
a file or running away; the CLI turns it into exit 1 without a traceback.
"""

from __future__ import annotations

import os
import pickle
import shutil
import time
from datetime import date
from pathlib import Path

import pytest
from render_cases import DATA

from cchc.cli.main import app
from cchc.errors import DataError
from cchc.render.context import build_context
from cchc.render.environment import make_environment
from cchc.render.pipeline import render_body
from cchc.resources import bundled_templates_dir
from cchc.sandbox import FrozenDict, Label, Record, freeze

DOC = "cv-ubnd-2021-nang-cao-chi-so"
TODAY = date(2021, 7, 1)
ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


class _Boom:
    """Pickling this runs ``os.system`` when unpickled: the payload of the parse_raw attack."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _pickle_text(marker: Path) -> str:
    return pickle.dumps(_Boom(marker), protocol=0).decode("latin-1")


def payloads(marker: Path) -> list[tuple[str, str, list[str]]]:
    """(case id, template source, words the message must contain)."""
    pickled = _pickle_text(marker).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return [
        ("parse_raw-pickle", f'{{{{ doc.parse_raw("{pickled}", content_type="application/pickle", '
                             f'allow_pickle=True) }}}}', ["parse_raw"]),
        ("parse_file", "{{ doc.parse_file('/etc/passwd').subject }}", ["parse_file"]),
        ("model_validate_json", "{{ doc.model_validate_json('{}') }}", ["model_validate_json"]),
        ("task-parse_file", "{{ tasks[0].parse_file('/etc/passwd') }}", ["parse_file"]),
        ("issuer-parse_file", "{{ issuer.parse_file('/etc/passwd') }}", ["parse_file"]),
        ("documents-parse_file", "{{ documents[doc.id].parse_file('/etc/passwd') }}", ["parse_file"]),
        ("__class__", "{{ ''.__class__ }}", ["__class__", "hộp cát"]),
        ("__mro__", "{{ ''.__class__.__mro__ }}", ["__class__"]),
        ("__subclasses__", "{{ ().__class__.__base__.__subclasses__() }}", ["__class__"]),
        ("__globals__-heads", "{{ heads.__globals__ }}", ["__globals__"]),
        ("__globals__-results", "{{ results.get.__globals__ }}", ["__globals__"]),
        ("__self__-mapping", "{{ data.get.__self__ }}", ["__self__"]),
        ("record-internals", "{{ doc._fields }}", ["_fields"]),
        ("enum-class", "{{ doc.type.__class__ }}", ["__class__"]),
        ("loop-internals", "{% for x in [1] %}{{ loop._iterator }}{% endfor %}", ["_iterator"]),
        ("self-internals", "{{ self._TemplateReference__context }}", ["_TemplateReference__context"]),
        ("cycler", "{{ cycler.__init__.__globals__ }}", ["cycler", "hộp cát"]),
        ("cycler-call", "{{ cycler(1, 2).next() }}", ["cycler", "hộp cát"]),
        ("lipsum", "{{ lipsum.__globals__['os'] }}", ["lipsum", "hộp cát"]),
        ("joiner", "{{ joiner() }}", ["joiner", "hộp cát"]),
        ("namespace", "{% set ns = namespace(a=1) %}{{ ns.a }}", ["namespace", "hộp cát"]),
        ("dict", "{{ dict(a=1) }}", ["dict", "hộp cát"]),
        ("attr-filter", "{{ data|attr('__class__') }}", ["attr", "hộp cát"]),
        ("map-attr", "{{ [data]|map('attr', '__class__')|list }}", ["attr"]),
        ("map-attribute", "{{ [doc]|map(attribute='__class__')|list }}", ["__class__"]),
        ("str.format", "{{ '{0.__class__}'.format(doc) }}", ["format", "hộp cát"]),
        ("str.format_map", "{{ '{x.__class__}'.format_map({'x': doc}) }}", ["format_map"]),
        ("format-filter-object", "{{ '%s'|format(doc) }}", ["định dạng"]),
        ("format-filter-width", "{{ '%0999999999d'|format(1) }}", ["chuỗi định dạng"]),
        ("percent-mapping", "{{ '%(subject)s' % doc }}", ["chuỗi định dạng"]),
        ("percent-star", "{{ '%*d' % (100000000, 1) }}", ["chuỗi định dạng"]),
        ("include-absolute", "{% include '/etc/passwd' %}", ["/etc/passwd", "bị từ chối"]),
        ("include-parent", "{% include '../../../../../../etc/passwd' %}", ["bị từ chối"]),
        ("include-dotdot-j2", "{% include 'x/../../secret.md.j2' %}", ["bị từ chối"]),
        ("extends-absolute", "{% extends '/etc/passwd' %}", ["/etc/passwd", "bị từ chối"]),
        ("import-parent", "{% import '../../x.j2' as x %}", ["bị từ chối"]),
        ("include-non-template", "{% include 'README.md' %}", ["README.md", "bị từ chối"]),
        ("mutate-list", "{% set l = [1] %}{{ l.append(2) }}", ["append"]),
        ("mutate-data", "{{ data.update({'a': 1}) }}", ["update"]),
        ("huge-range", "{% for i in range(10**10) %}x{% endfor %}", ["range", "quá lớn"]),
        ("nested-loops", "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
         ["bị dừng"]),
        ("huge-string", "{{ 'x' * 10**9 }}", ["quá dài"]),
        ("huge-list", "{% for i in [1] * 10**9 %}{% endfor %}", ["quá dài"]),
        ("huge-power", "{{ 10 ** (10 ** 10) }}", ["lũy thừa"]),
        ("huge-power-2", "{{ 2 ** 100000 }}", ["lũy thừa"]),
        ("huge-product", "{{ (2**2040) * (2**2040) * (2**2040) }}", ["số quá lớn"]),
        ("replace-bomb", "{{ ('x' * 100000)|replace('x', 'y' * 100000) }}", ["replace"]),
        ("batch-bomb", "{{ [1]|batch(10**9, 0)|list }}", ["batch"]),
        ("macro-recursion", "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", ["tầng"]),
        ("macro-exponential",
         "{% macro g(n) %}{% if n %}{{ g(n - 1) }}{{ g(n - 1) }}{% endif %}{% endmacro %}{{ g(40) }}",
         ["bị dừng"]),
        ("macro-doubling",
         "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s|length }}{% endif %}"
         "{% endmacro %}{{ d('x', 60) }}", ["quá dài"]),
    ]


CASE_IDS = [case for case, _, _ in payloads(Path("/x"))]


@pytest.fixture(scope="module")
def ds():
    from cchc.io.loader import load_dataset

    return load_dataset(DATA)


@pytest.fixture
def folders(tmp_path):
    """A data-repo template folder (with a README.md that must never be read) before the bundled ones."""
    own = tmp_path / "templates"
    own.mkdir()
    (own / "README.md").write_text("BÍ MẬT KHÔNG ĐƯỢC ĐỌC", encoding="utf-8")
    (tmp_path / "secret.md.j2").write_text("BÍ MẬT KHÔNG ĐƯỢC ĐỌC", encoding="utf-8")
    return own


def _check(message: str, words: list[str], where: str, marker: Path) -> None:
    assert where in message, message
    assert "dòng" in message, message
    for word in words:
        assert word in message, (word, message)
    assert "root:" not in message and "BÍ MẬT" not in message
    assert not marker.exists(), "the pickle payload ran"


@pytest.mark.parametrize("case", CASE_IDS)
def test_escape_in_a_template_fails_cleanly(ds, folders, tmp_path, case):
    marker = tmp_path / "PWNED"
    _, source, words = next(p for p in payloads(marker) if p[0] == case)
    (folders / "cong-van-nang-cao-chi-so.md.j2").write_text("Dòng một.\n\n" + source + "\n", encoding="utf-8")
    env = make_environment(None, folders=[folders, bundled_templates_dir()], agencies=ds.agencies)
    started = time.monotonic()
    with pytest.raises(DataError) as caught:
        render_body(ds, ds.documents[DOC], today=TODAY, env=env)
    assert time.monotonic() - started < 10
    _check(caught.value.message, words, "cong-van-nang-cao-chi-so.md.j2", marker)
    if "include" not in case and "extends" not in case and "import" not in case:
        assert "dòng 3" in caught.value.message


@pytest.mark.parametrize("case", CASE_IDS)
def test_escape_in_a_document_body_fails_cleanly(ds, folders, tmp_path, case):
    marker = tmp_path / "PWNED"
    _, source, words = next(p for p in payloads(marker) if p[0] == case)
    document = ds.documents[DOC].model_copy(update={"template": None, "body": "Dòng một.\n\n" + source})
    env = make_environment(None, folders=[folders, bundled_templates_dir()], agencies=ds.agencies)
    with pytest.raises(DataError) as caught:
        render_body(ds, document, today=TODAY, env=env)
    _check(caught.value.message, words, f"body) của văn bản «{DOC}»", marker)


def test_the_pickle_payload_is_real(tmp_path):
    """Guard for the test above: the payload does run code when unpickled outside the sandbox."""
    marker = tmp_path / "RAN"
    pickle.loads(_pickle_text(marker).encode("latin-1"))  # noqa: S301 - the point of the test
    assert marker.exists()
    from cchc.models.documents import Document

    assert hasattr(Document, "parse_raw") and hasattr(Document, "parse_file")


def test_link_in_the_template_folder_to_a_file_outside_is_refused(ds, folders, tmp_path):
    outside = tmp_path / "outside.md.j2"
    outside.write_text("BÍ MẬT KHÔNG ĐƯỢC ĐỌC", encoding="utf-8")
    (folders / "cong-van-nang-cao-chi-so.md.j2").write_text("{% include 'link.md.j2' %}\n", encoding="utf-8")
    (folders / "link.md.j2").symlink_to(outside)
    env = make_environment(None, folders=[folders], agencies=ds.agencies)
    with pytest.raises(DataError) as caught:
        render_body(ds, ds.documents[DOC], today=TODAY, env=env)
    assert "link.md.j2" in caught.value.message and "BÍ MẬT" not in caught.value.message


@pytest.mark.parametrize("where", ["templates", "../templates"])
def test_a_templates_folder_that_links_outside_the_repository_is_refused(tmp_path, runner, where):
    """A pull request can commit ``templates`` as a link: rendering must not read what it points
    to (it did: a .j2 file elsewhere ended up in the document)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "cong-van-don-doc.md.j2").write_text("BÍ MẬT NGOÀI KHO", encoding="utf-8")
    repo = tmp_path / "repo"
    data = repo / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".cchc-cache", "templates"))
    (data / where).resolve().parent.mkdir(parents=True, exist_ok=True)
    (data / where).symlink_to(outside, target_is_directory=True)
    with pytest.raises(DataError) as caught:
        make_environment(data)
    assert "liên kết trỏ ra ngoài kho dữ liệu" in caught.value.message
    result = runner.invoke(app, ["--data", str(data), "deadlines", "--as-of", "2021-07-20", "--remind",
                                 "-o", str(tmp_path / "r.docx")])
    assert result.exit_code == 1 and "liên kết trỏ ra ngoài kho dữ liệu" in result.output
    assert not (tmp_path / "r.docx").exists() and "BÍ MẬT" not in result.output


# --------------------------------------------------------------------------- plain data


def _walk(value, seen=None):
    """Every value reachable from ``value`` through records, mappings and tuples."""
    yield value
    if isinstance(value, Record):
        for item in value.fields().values():
            yield from _walk(item)
    elif isinstance(value, FrozenDict):
        for key, item in value.items():
            yield key
            yield from _walk(item)
    elif isinstance(value, tuple):
        for item in value:
            yield from _walk(item)


PLAIN = (str, int, float, bool, type(None), date, Record, FrozenDict, tuple)


@pytest.mark.parametrize("doc_id, today", [
    ("cv-ubnd-2021-nang-cao-chi-so", date(2021, 7, 1)),
    ("tgv-2022-de-xuat-nhiem-vu", date(2022, 7, 1)),
    ("tb-bcd-2022-10-ket-luan", date(2022, 10, 26)),
    ("cv-ubnd-don-doc-nhiem-vu-cchc", date(2021, 7, 27)),
    ("vi-du-cv-giai-trinh-chi-so-2021", date(2022, 6, 1)),
])
def test_the_context_holds_plain_immutable_data_only(ds, doc_id, today):
    from decimal import Decimal

    from pydantic import BaseModel

    from cchc.sandbox import is_vetted

    context = build_context(ds, ds.documents[doc_id], today=today)
    count = 0
    for name, top in context.items():
        for value in _walk(top):
            count += 1
            if callable(value) and not isinstance(value, Record | FrozenDict):
                assert is_vetted(value), (name, value)
                continue
            assert isinstance(value, PLAIN + (Decimal,)), (name, type(value))
            assert not isinstance(value, BaseModel | list | dict | set)
            if isinstance(value, str):
                assert type(value) in (str, Label), (name, type(value))
    assert count > 100
    for fn in ("get", "gap", "losses"):
        assert is_vetted(context["results"][fn])
    with pytest.raises(AttributeError):
        context["doc"].id = "khac"
    with pytest.raises(TypeError):
        context["data"]["x"] = 1  # type: ignore[index]


def test_freeze_refuses_unknown_objects():
    with pytest.raises(TypeError):
        freeze(object())
    with pytest.raises(TypeError):
        freeze([os])


# --------------------------------------------------------------------------- end to end


@pytest.fixture
def hostile_repo(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns(".cchc-cache"))
    return target


@pytest.mark.parametrize("where", ["template", "body"])
@pytest.mark.parametrize("source, words", [
    ("{{ doc.parse_file('/etc/passwd').subject }}", ["parse_file", "hộp cát"]),
    ("{% for i in range(10**10) %}x{% endfor %}", ["range", "quá lớn"]),
    ("{{ cycler.__init__.__globals__ }}", ["cycler", "hộp cát"]),
])
def test_cli_render_of_hostile_data_exits_1_without_traceback(runner, hostile_repo, tmp_path, monkeypatch,
                                                              where, source, words):
    monkeypatch.chdir(tmp_path)
    if where == "template":
        (hostile_repo / "templates").mkdir()
        (hostile_repo / "templates" / "cong-van-nang-cao-chi-so.md.j2").write_text(
            "Mở đầu.\n" + source + "\n", encoding="utf-8")
        doc_id, expected = DOC, "cong-van-nang-cao-chi-so.md.j2, dòng 2"
    else:
        body = "Mở đầu.\n" + source
        quoted = body.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        (hostile_repo / "documents" / "hostile.yaml").write_text(
            "schema: documents@1\ndocuments:\n  - id: cv-thu\n    type: cong-van\n    issuer: ubnd-tinh\n"
            "    symbol: UBND-KSTTHC\n    subject: thử\n    year: 2021\n"
            f"    body: \"{quoted}\"\n", encoding="utf-8")
        doc_id, expected = "cv-thu", "văn bản «cv-thu», dòng 2"
    validated = runner.invoke(app, ["--data", str(hostile_repo), "validate"], env=ENV)
    assert validated.exit_code == 0, validated.output
    result = runner.invoke(app, ["--data", str(hostile_repo), "render", doc_id, "--as-of", "2021-07-01",
                                 "-o", str(tmp_path / "out.docx")], env=ENV)
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == 1, output
    assert "Traceback" not in output and "root:" not in output
    assert expected in " ".join(output.split()), output
    for word in words:
        assert word in output
    assert not (tmp_path / "out.docx").exists()
