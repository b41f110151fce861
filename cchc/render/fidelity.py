"""Word-for-word comparison of a rendered document with its source text.

A bundled template reproduces an original document (a dispatch, or the text of it a portal
published). :func:`compare` says where the rendered text departs from the source, word by
word, once the document's documented ``corrections`` are applied; every other difference is
drift. Text is compared as word tokens (NFC; whitespace and the source's Markdown emphasis
marks ``*`` ignored; punctuation marks are tokens of their own, so "Giải pháp :" equals
"Giải pháp:").

The rendered document is read back as text blocks in body order (each paragraph, each table
cell). A document lays out the header (agency, quốc hiệu, số, date, trích yếu) in a different
order than a plain-text copy of it, so each block is placed where it best matches the source
before the whole is compared: blocks may move, the words inside a block may not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

# A word keeps its inner punctuation ("3547/QĐ-UBND", "28/12/2019", "1.674", "95,89", "b/c");
# any other mark is a token of its own.
_TOKEN = re.compile(r"\w+(?:[./,\-–]\w+)*|[^\w\s]")
_NO_SPACE_BEFORE = set(",.;:)!?”…%")
_NO_SPACE_AFTER = set("(“")
_MIN_ANCHOR = 3  # words a block must share with the source to be placed by them


def tokens(text: str) -> list[str]:
    """The word tokens of ``text`` (NFC, the Markdown emphasis marks of a source text dropped)."""
    text = unicodedata.normalize("NFC", text).replace("*", "")
    return _TOKEN.findall(text)


def join_tokens(words: Sequence[str]) -> str:
    """Tokens back to readable text ("(DDCI). Hội nghị"); :func:`tokens` gives them back."""
    out = ""
    for word in words:
        if out and word not in _NO_SPACE_BEFORE and out[-1] not in _NO_SPACE_AFTER:
            out += " "
        out += word
    return out


@dataclass(frozen=True)
class Hunk:
    """One difference: the source's words and the rendered words in their place."""

    source: str
    rendered: str
    context: str  # the source words just before the difference

    def describe(self) -> str:
        where = f"sau «{self.context}»: " if self.context else "ở đầu: "
        if not self.rendered:
            return f"{where}văn bản bỏ «{self.source}» của nguồn"
        if not self.source:
            return f"{where}văn bản thêm «{self.rendered}» mà nguồn không có"
        return f"{where}nguồn «{self.source}», văn bản «{self.rendered}»"


@dataclass(frozen=True)
class Edit:
    """A documented correction as plain text: ``source`` → ``rendered`` (either may be None)."""

    source: str | None
    rendered: str | None


@dataclass
class Fidelity:
    drift: list[Hunk] = field(default_factory=list)  # differences no correction lists
    unused: list[int] = field(default_factory=list)  # corrections (by index) that changed nothing

    @property
    def faithful(self) -> bool:
        return not self.drift and not self.unused


def _replace_all(words: list[str], old: list[str], new: list[str]) -> tuple[list[str], int]:
    if not old:
        return words, 0
    out, i, count, n = [], 0, 0, len(old)
    while i < len(words):
        if words[i:i + n] == old:
            out += new
            i += n
            count += 1
        else:
            out.append(words[i])
            i += 1
    return out, count


def _remove_across(parts: list[list[str]], words: list[str]) -> tuple[list[list[str]], int]:
    """Remove every occurrence of ``words`` from the blocks read as one text (an added header
    runs over several paragraphs), keeping the blocks' boundaries."""
    flat = [(i, word) for i, part in enumerate(parts) for word in part]
    keep = [True] * len(flat)
    n, count, k = len(words), 0, 0
    while n and k <= len(flat) - n:
        if [word for _, word in flat[k:k + n]] == words:
            keep[k:k + n] = [False] * n
            count += 1
            k += n
        else:
            k += 1
    out: list[list[str]] = [[] for _ in parts]
    for (i, word), kept in zip(flat, keep, strict=True):
        if kept:
            out[i].append(word)
    return out, count


def compare(blocks: Iterable[str], source: str, corrections: Sequence[Edit] = (), *,
            excerpts: bool = False) -> Fidelity:
    """Where the rendered ``blocks`` depart from ``source`` once ``corrections`` are applied.

    With ``excerpts`` the document quotes parts of the source (a notice drafted from a news
    report): source text the document leaves out is not drift, but every rendered word must
    still be the source's, in the source's order within its block, or a listed correction.

    A correction with both sides replaces every occurrence of its source words; one with only a
    source side removes those words from the source (text the document leaves out); one with
    only a rendered side removes them from the rendered blocks (text the document adds). A
    correction that finds nothing to change is reported as unused: the list stays true.
    """
    result = Fidelity()
    src = tokens(source)
    parts = [tokens(block) for block in blocks]
    for index, edit in enumerate(corrections):
        old, new = tokens(edit.source or ""), tokens(edit.rendered or "")
        if old:
            src, count = _replace_all(src, old, new)
        else:
            parts, count = _remove_across(parts, new)
        if not count:
            result.unused.append(index)
    parts = [part for part in parts if part]

    # Place each block where it best matches the source; of equally good places (a phrase the
    # source repeats, such as "Lý do:" or a row number) the first after the block before it. A
    # block that shares too little with the source stays after the block before it.
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq1(src)
    placed, anchor = [], 0
    for order, part in enumerate(parts):
        matcher.set_seq2(part)
        best = matcher.find_longest_match(0, len(src), 0, len(part))
        ahead = matcher.find_longest_match(max(anchor, 0), len(src), 0, len(part))
        start, offset, size = ahead if ahead.size >= best.size else best
        if size >= min(len(part), max(_MIN_ANCHOR, len(part) // 3)):
            anchor = start - offset
        placed.append((anchor, order, part))
    placed.sort(key=lambda item: (item[0], item[1]))
    if excerpts:
        # Each block against the source around its place: what the block leaves out of the
        # source is not drift, every word it adds is.
        for anchor, _, part in placed:
            lo, hi = max(0, anchor - len(part)), min(len(src), anchor + 2 * len(part))
            # An excerpt may begin a list item with a capital: "Triển khai …" quotes "; triển khai …".
            near = [i for i in range(lo, hi) if src[i].casefold() == part[0].casefold()]
            if near:
                part = [src[min(near, key=lambda i: abs(i - anchor))], *part[1:]]
            _diff(src[lo:hi], part, result, excerpts=True)
    else:
        _diff(src, [word for _, _, part in placed for word in part], result, excerpts=False)
    return result


def _diff(src: list[str], rendered: list[str], result: Fidelity, *, excerpts: bool) -> None:
    matcher = SequenceMatcher(None, src, rendered, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (excerpts and tag == "delete"):
            continue
        if excerpts:  # the source words in between are left out, the rendered ones are added
            i1 = i2
        result.drift.append(Hunk(join_tokens(src[i1:i2]), join_tokens(rendered[j1:j2]),
                                 join_tokens(src[max(0, i1 - 6):i1])))


def docx_blocks(path: Path) -> list[str]:
    """The text of a .docx, one block per non-empty paragraph in body order (table cells
    included, the empty continuation of a merged cell left out); headers and footers (page
    numbers) are not part of the text."""
    import docx
    from docx.oxml.ns import qn

    body = docx.Document(str(path)).element.body
    text_tag, breaks = qn("w:t"), {qn("w:br"), qn("w:cr"), qn("w:tab")}
    blocks = []
    for paragraph in body.iter(qn("w:p")):
        text = "".join(node.text or "" if node.tag == text_tag else " " if node.tag in breaks else ""
                       for node in paragraph.iter())
        if text.strip():
            blocks.append(text)
    return blocks
