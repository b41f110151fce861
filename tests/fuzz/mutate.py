"""Seeded mutations of YAML data files: what careless hands and hostile pull requests produce.

Each mutation takes the text of a file and a ``random.Random`` and returns new text (or bytes,
for encoding damage). They are plain text edits, so they also produce broken YAML, which is
the point: every result must get a clear, located message, never a crash.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable

_VALUE_LINE = re.compile(r"^(?P<indent>\s*(?:- )?)(?P<key>[A-Za-z_][\w-]*):(?P<sep> +)(?P<value>\S.*?)\s*$")

CONTROL = ["\x00", "\x07", "\x08", "\x1b", "\x7f", "\x85", "\u200b", "\ufeff", "\u202e", "\u2028", "\ufffe"]
ODD_VALUES = ["[1, 2]", "{a: 1}", "null", "~", "true", "no", "123", "-1", "0", "1.5e300", '""', "''", "abc",
              "[]", "{}", "- x", "7.10", "1_000", "0o17", "0x1F", ".nan", "-.inf", "2021-07-17T10:00:00",
              "|\n  nhiều\n  dòng", ">-\n  gấp", "!!str 1", "!!python/object:os.system ls", "? a", "*undefined"]
HUGE = ["9" * 30, "-" + "9" * 400, "0x" + "f" * 3600, "9" * 5000, "1e999", "-1e999", "1" + "0" * 19,
        "100000000", "2147483648", "-9223372036854775809", "0.000000000000000000000000000001"]
BAD_DATES = ["2021-02-30", "2021-13-01", "0000-01-01", "0001-01-01", "9999-12-31", "1-1-1", "2021-7-17",
             "17/07/2021", "2021-02-29", "10000-01-01", "2021-00-10", "'2021-07-17'", "2021-W28", "2022-Q5",
             "2022-H3", "thường xuyên", "{every: month, day: 40}", "{every: decade, day: 1}"]
UNICODE = ["Nội vụ", "Nội vụ", "\U0001F4AF", ":100:", "[bold red]x[/]", "[link=file:///etc/passwd]x[/link]",
           "{{ 7 * 7 }}", "{% for i in range(10**9) %}x{% endfor %}", "{{ doc.__class__ }}", "\u0301\u0301",
           "ǅ", "ﬁ", "Ｓở", "\u00a0", "'", '"', "#", "&a", "%", "@", "`"]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _value_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if _VALUE_LINE.match(line)]


def _set_value(lines: list[str], index: int, value: str) -> None:
    match = _VALUE_LINE.match(lines[index])
    assert match is not None
    lines[index] = f"{match['indent']}{match['key']}:{match['sep']}{value}"


def delete_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    if len(lines) > 1:
        del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def duplicate_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    index = rng.randrange(len(lines))
    lines.insert(index, lines[index])
    return "\n".join(lines)


def swap_values(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    candidates = _value_lines(lines)
    if len(candidates) >= 2:
        a, b = rng.sample(candidates, 2)
        va, vb = _VALUE_LINE.match(lines[a])["value"], _VALUE_LINE.match(lines[b])["value"]  # type: ignore[index]
        _set_value(lines, a, vb)
        _set_value(lines, b, va)
    return "\n".join(lines)


def _replace_value(text: str, rng: random.Random, values: list[str], keys: tuple[str, ...] = ()) -> str:
    lines = _lines(text)
    candidates = _value_lines(lines)
    if keys:
        preferred = [i for i in candidates if _VALUE_LINE.match(lines[i])["key"] in keys]  # type: ignore[index]
        candidates = preferred or candidates
    if candidates:
        index = rng.choice(candidates)
        value = rng.choice(values)
        if "\n" in value:  # block scalars continue on lines indented below the key
            indent = len(lines[index]) - len(lines[index].lstrip()) + 2
            value = value.replace("\n", "\n" + " " * indent)
        _set_value(lines, index, value)
    return "\n".join(lines)


def change_type(text: str, rng: random.Random) -> str:
    return _replace_value(text, rng, ODD_VALUES)


def huge_number(text: str, rng: random.Random) -> str:
    return _replace_value(text, rng, HUGE, ("year", "score", "points", "max_points", "rank", "out_of", "order",
                                            "due_working_days", "day", "number", "month", "period_offset"))


def bad_date(text: str, rng: random.Random) -> str:
    return _replace_value(text, rng, BAD_DATES, ("due", "date", "done_on", "valid_from", "valid_until", "on",
                                                 "signed_on", "from", "until"))


def insert_control(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(CONTROL) + text[at:]


def unicode_oddity(text: str, rng: random.Random) -> str:
    choice = rng.randrange(4)
    if choice == 0:  # decomposed Vietnamese
        lines = _lines(text)
        index = rng.randrange(len(lines))
        lines[index] = unicodedata.normalize("NFD", lines[index])
        return "\n".join(lines)
    if choice == 1:
        return _replace_value(text, rng, UNICODE, ("title", "name", "subject", "body", "note", "product"))
    if choice == 2:  # CRLF, or a lone CR
        return text.replace("\n", rng.choice(["\r\n", "\r"]))
    return text.replace(":", "\uff1a", 1)  # a full-width colon


def deep_nesting(text: str, rng: random.Random) -> str:
    depth = rng.choice([20, 99, 101, 500, 980, 990, 1100])
    if rng.random() < 0.5:
        value = "[" * depth + "1" + "]" * depth
    else:
        value = "{a: " * depth + "1" + "}" * depth
    return _replace_value(text, rng, [value], ("data", "title", "body", "criteria", "lead"))


def anchors_aliases(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    candidates = _value_lines(lines)
    if not candidates:
        return text
    kind = rng.randrange(5)
    a = rng.choice(candidates)
    match = _VALUE_LINE.match(lines[a])
    assert match is not None
    if kind == 0:  # an anchor and an alias elsewhere (valid YAML, a shared value)
        _set_value(lines, a, f"&v {match['value']}")
        _set_value(lines, rng.choice(candidates), "*v")
    elif kind == 1:  # an undefined alias
        _set_value(lines, a, "*nowhere")
    elif kind == 2:  # a recursive alias
        _set_value(lines, a, "&r [*r]")
    elif kind == 3:  # a merge key
        lines.insert(a, f"{match['indent'].replace('- ', '  ')}<<: {{extra: 1}}")
    else:  # a small alias bomb
        bomb = ["&l0 [x, x, x, x, x, x, x, x, x]"] + [f"&l{n} [{', '.join([f'*l{n - 1}'] * 9)}]"
                                                      for n in range(1, 7)]
        _set_value(lines, a, bomb[0])
        for n, item in enumerate(bomb[1:], start=1):
            lines.insert(a + n, f"{match['indent'].replace('- ', '  ')}zz{n}: {item}")
    return "\n".join(lines)


def indentation(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    index = rng.randrange(len(lines))
    change = rng.choice([" ", "  ", "\t", ""])
    lines[index] = change + lines[index] if change else lines[index].lstrip(" ")[: len(lines[index])]
    return "\n".join(lines)


def rename_key(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    candidates = _value_lines(lines)
    if candidates:
        index = rng.choice(candidates)
        match = _VALUE_LINE.match(lines[index])
        assert match is not None
        key = match["key"]
        new = rng.choice([key[:-1], key + "s", key.upper(), "schema", "id", "x" + key, "__class__"])
        lines[index] = f"{match['indent']}{new}:{match['sep']}{match['value']}"
    return "\n".join(lines)


def truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(len(text) + 1)]


def empty_document(text: str, rng: random.Random) -> str:
    return rng.choice(["", "---\n", "~\n", "--- ~\n", "# chỉ có chú thích\n", "[]\n", "\"chuỗi\"\n", "---\n---\n"])


def schema_line(text: str, rng: random.Random) -> str:
    return re.sub(r"^schema: .*$", "schema: " + rng.choice(
        ["tasks@2", "task@1", "documents@1", "agencies@1", "criteria@1", "x", "[tasks@1]", "''"]),
        text, count=1, flags=re.MULTILINE)


# ---- mutations that usually keep the data valid (so every command runs on odd but valid data) ----

ODD_TEXT = ['"Mục :100: và :smile: [bold]đậm[/bold] [link=file:///etc/passwd]x[/link]"',
            '"{{ doc.__class__.__mro__ }} {% raw %}x{% endraw %} {#"', '"\u202eRTL \u200b zero-width"',
            '"' + "Rất dài " * 700 + '"', '"Nội vụ (NFD)"', "'dấu nháy '' đơn'", '"\\ gạch chéo \\n"',
            '"Ngày 30/02 hạn %s %d {0} ${HOME}"', '"<w:p>xml</w:p> & <script>"', '"#không phải chú thích"']


def odd_text(text: str, rng: random.Random) -> str:
    return _replace_value(text, rng, ODD_TEXT, ("title", "name", "subject", "note", "product", "evidence",
                                                "legal_basis", "province"))


def valid_date(text: str, rng: random.Random) -> str:
    days = ["1990-01-01", "2021-02-28", "2024-02-29", "2021-07-17", "2022-09-02", "2023-01-22", "2025-02-28",
            "2025-04-30", "2099-12-31", "2100-12-31", "2021-12-31", "2026-01-01"]
    return _replace_value(text, rng, days, ("due", "date", "done_on", "valid_from", "valid_until", "on"))


def valid_number(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    for index in _value_lines(lines):
        key = _VALUE_LINE.match(lines[index])["key"]  # type: ignore[index]
        if key == "due_working_days" or (key in ("score", "points") and rng.random() < 0.5):
            _set_value(lines, index, str(rng.choice([1, 2, 5, 30, 250, 999, 1000]) if key == "due_working_days"
                                         else rng.choice([0, 0.01, 99.99, 100])))
    return "\n".join(lines)


def task_status(text: str, rng: random.Random) -> str:
    return _replace_value(text, rng, ["chua-thuc-hien", "dang-thuc-hien", "hoan-thanh", "huy"], ("status",))


BENIGN: dict[str, Callable[[str, random.Random], str]] = {
    "odd-text": odd_text, "valid-date": valid_date, "valid-number": valid_number, "task-status": task_status,
}

MUTATIONS: dict[str, Callable[[str, random.Random], str]] = {
    "delete-line": delete_line, "duplicate-line": duplicate_line, "swap-values": swap_values,
    "change-type": change_type, "huge-number": huge_number, "bad-date": bad_date,
    "control-char": insert_control, "unicode": unicode_oddity, "deep-nesting": deep_nesting,
    "anchors-aliases": anchors_aliases, "indentation": indentation, "rename-key": rename_key,
    "truncate": truncate, "empty-document": empty_document, "schema-line": schema_line,
}


def invalid_utf8(raw: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(raw) + 1)
    return raw[:at] + rng.choice([b"\xff", b"\xc3", b"\xe1\xbb", b"\xed\xa0\x80"]) + raw[at:]


def mutate(text: str, rng: random.Random) -> tuple[bytes, list[str]]:
    """One to three mutations of ``text``; the bytes to write and the mutation names.

    A third of the cases use only mutations that usually keep the data valid, so that the
    rule "whatever validate accepts, every command handles" is tried on many odd valid repos.
    """
    table = BENIGN if rng.random() < 0.35 else MUTATIONS
    names = rng.sample(sorted(table), min(len(table), rng.choice([1, 1, 1, 2, 3])))
    for name in names:
        text = table[name](text, rng)
    if table is BENIGN:
        return text.encode("utf-8"), names
    raw = text.encode("utf-8", errors="surrogatepass")
    if rng.random() < 0.04:
        raw = invalid_utf8(raw, rng)
        names.append("invalid-utf8")
    return raw, names
