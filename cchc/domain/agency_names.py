"""Matching agency names as documents write them to the data's agency ids.

Documents name agencies in many ways: the full name ("Sở Thông tin và Truyền thông"), a short
form ("Sở TT&TT", "VP UBND tỉnh"), an abbreviation ("SNV"), a group ("UBND các xã, phường"),
and with tone marks placed either way ("Hòa"/"Hoà") in NFC or NFD. :func:`name_key` reduces a
name to one comparison key that is insensitive to all of that; :class:`AgencyNameIndex` maps
keys to ids and never guesses: a key shared by two agencies is *ambiguous*, a name that matches
nothing is *unknown*, and both come back with the closest candidates for the message.

A cell often lists several agencies ("Sở Nội vụ, Sở Tư pháp và các huyện"); commas also occur
inside names ("Sở Văn hóa, Thể thao và Du lịch"), so :meth:`AgencyNameIndex.split` cuts a cell
only where every piece is a known name.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

# Combining tone marks (huyền, sắc, hỏi, ngã, nặng); the vowel marks (â, ă, ơ...) stay.
_TONES = {"\u0300": "f", "\u0301": "s", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
_VOWEL_MARKS = {"\u0302", "\u0306", "\u031b"}

# Short forms of agency names (lower case, tones as written in documents), longest first.
# Each is replaced by its full words before comparing.
_SHORT_FORMS: tuple[tuple[str, str], ...] = (
    (r"lđ\s*[-,]?\s*tb\s*(?:&|và)\s*xh|lđtbxh", "lao động thương binh và xã hội"),
    (r"vh\s*,?\s*tt\s*(?:&|và)\s*dl|vhttdl|vh,\s*tt,\s*dl", "văn hóa thể thao và du lịch"),
    (r"nn\s*(?:&|và)\s*ptnt|nnptnt", "nông nghiệp và phát triển nông thôn"),
    (r"nn\s*(?:&|và)\s*mt|nnmt", "nông nghiệp và môi trường"),
    (r"tt\s*(?:&|và)\s*tt|tttt", "thông tin và truyền thông"),
    (r"kh\s*(?:&|và)\s*cn|khcn", "khoa học và công nghệ"),
    (r"kh\s*(?:&|và)\s*đt|khđt", "kế hoạch và đầu tư"),
    (r"tn\s*(?:&|và)\s*mt|tnmt", "tài nguyên và môi trường"),
    (r"gd\s*(?:&|và)\s*đt|gdđt", "giáo dục và đào tạo"),
    (r"dt\s*(?:&|và)\s*tg", "dân tộc và tôn giáo"),
    (r"gtvt", "giao thông vận tải"),
    (r"ubmttq", "ủy ban mặt trận tổ quốc"),
    (r"ubnd", "ủy ban nhân dân"),
    (r"hđnd", "hội đồng nhân dân"),
    (r"bcđ", "ban chỉ đạo"),
    (r"cchc", "cải cách hành chính"),
    (r"tthc", "thủ tục hành chính"),
    (r"vp", "văn phòng"),
    (r"tp\.?", "thành phố"),
    (r"tx\.?", "thị xã"),
)
# Words that carry no meaning for matching ("và", "các" is kept: it marks a group).
_FILLER = {"và"}
# Placeholder phrases that name no particular agency.
_GENERIC_TAIL = re.compile(r"(liên quan|có liên quan|khác|được giao|theo chức năng.*)$")


def _tone_free_syllable(word: str) -> str:
    """One word with its tone mark moved to the end: "hòa", "hoà" and "hoà" (NFD) → "hoaf"."""
    decomposed = unicodedata.normalize("NFD", word)
    tone = ""
    out = []
    for char in decomposed:
        if char in _TONES:
            tone = _TONES[char]
        else:
            out.append(char)
    return unicodedata.normalize("NFC", "".join(out)) + tone


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).lower().replace("\u00a0", " ")
    text = text.replace("–", "-").replace("—", "-")
    # Normalise tones first so the short forms below match whatever the input's tone placement.
    text = _toned(text)
    for pattern, full in _SHORT_FORM_RES_TONED:
        text = pattern.sub(full, text)
    text = text.replace("&", " và ")
    return [w for w in re.split(r"[^\w']+", text) if w and w not in _FILLER_TONED]


def _toned(text: str) -> str:
    """Every word of ``text`` with its tone mark moved to the word's end (punctuation untouched)."""
    return re.sub(r"\w+", lambda m: _tone_free_syllable(m.group()), unicodedata.normalize("NFC", text).lower())


# Patterns and replacements in the tone-moved spelling the comparison uses ("và" → "vaf").
_SHORT_FORM_RES_TONED = tuple(
    (re.compile(rf"(?<![\w]){pattern.replace('và', _tone_free_syllable('và'))}(?![\w])"), _toned(full))
    for pattern, full in _SHORT_FORMS
)
_FILLER_TONED = {_tone_free_syllable(w) for w in _FILLER}


@functools.lru_cache(maxsize=4096)
def name_key(text: str) -> str:
    """The comparison key of a name: lower case, NFC, tone marks position-independent, short
    forms expanded, punctuation and "và" dropped. "Sở TT&TT" and "Sở Thông tin và Truyền thông"
    have the same key; so have "Hòa" and "Hoà"."""
    return " ".join(_words(text))


def plain_key(text: str) -> str:
    """:func:`name_key` without any diacritics, for ranking "did you mean" candidates."""
    decomposed = unicodedata.normalize("NFD", name_key(text).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_generic(text: str) -> bool:
    """"Các cơ quan, đơn vị liên quan" and the like: a phrase that names no agency."""
    return bool(_GENERIC_TAIL.search(" ".join(unicodedata.normalize("NFC", text).lower().split()).rstrip(".;")))


# ---- the index ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NamedEntity:
    """An agency or an agency group with the names it may be written with."""

    id: str
    name: str
    names: tuple[str, ...]
    is_group: bool = False


@dataclass
class NameMatch:
    """The result of looking up one name."""

    text: str
    ids: list[str] = field(default_factory=list)  # one id when matched; several when ambiguous
    candidates: list[str] = field(default_factory=list)  # closest ids when not matched
    generic: bool = False
    mapped: bool = False  # the user's mapping said so (it may name several ids)

    @property
    def ok(self) -> bool:
        return len(self.ids) == 1 or (self.mapped and bool(self.ids))

    @property
    def ambiguous(self) -> bool:
        return len(self.ids) > 1 and not self.mapped


def _variants(name: str, province: str | None) -> set[str]:
    """Ways a name is commonly shortened: without the province ("... tỉnh Đắk Lắk" → "... tỉnh")."""
    out = {name}
    if province:
        for suffix in (f" tỉnh {province}", f" {province}"):
            if name.endswith(suffix):
                out.add(name[: -len(suffix)] + (" tỉnh" if suffix.startswith(" tỉnh") else ""))
                out.add(name[: -len(suffix)])
    return {v.strip() for v in out if v.strip()}


class AgencyNameIndex:
    """Names → ids for a set of agencies and groups, plus the user's explicit mapping."""

    def __init__(self, entities: Iterable[NamedEntity],
                 mapping: Mapping[str, str | list[str] | None] | None = None, *,
                 valid: Mapping[str, bool] | None = None):
        self.entities = {e.id: e for e in entities}
        # id → exists at the document's date: a name shared by an ended agency and its namesake
        # that exists then is that one (a 2026 plan's "Sở Tài chính" is the 2026 one)
        self.valid = dict(valid or {})
        self._by_key: dict[str, set[str]] = {}
        for entity in self.entities.values():
            for written in entity.names:
                key = name_key(written)
                if key:
                    self._by_key.setdefault(key, set()).add(entity.id)
            self._by_key.setdefault(name_key(entity.id.replace("-", " ")), set())  # never matches
        # The user's mapping wins over everything; None maps a name to "no agency", a list to
        # several agencies ("UBND các huyện" → the districts).
        self.mapping: dict[str, list[str]] = {
            name_key(k): ([] if not v else [v] if isinstance(v, str) else list(v)) for k, v in (mapping or {}).items()}
        self._plain = {e.id: {plain_key(n) for n in e.names} for e in self.entities.values()}

    @classmethod
    def from_agencies(cls, agencies: Iterable, groups: Iterable = (), *, province: str | None = None,
                      mapping: Mapping[str, str | list[str] | None] | None = None,
                      on: date | None = None, year: int | None = None) -> AgencyNameIndex:
        """From agency models (``id``, ``name``, ``short_name``, ``abbreviation``) and group
        records (``id``, ``name``). ``on``/``year``: the document's date, to tell namesakes apart."""
        entities = []
        valid: dict[str, bool] = {}
        for agency in agencies:
            if on is not None and hasattr(agency, "is_valid_on"):
                valid[agency.id] = agency.is_valid_on(on)
            elif year is not None and hasattr(agency, "is_valid_in_year"):
                valid[agency.id] = agency.is_valid_in_year(year)
            names: set[str] = set()
            for written in (agency.name, getattr(agency, "short_name", None)):
                if written:
                    names |= _variants(written, province)
            abbreviation = getattr(agency, "abbreviation", None)
            if abbreviation and abbreviation.upper() != "UBND":  # "UBND" alone is not a name
                names.add(abbreviation)
            entities.append(NamedEntity(agency.id, agency.name, tuple(sorted(names))))
        for group in groups:
            names = {group.name, *getattr(group, "aliases", ())}
            entities.append(NamedEntity(group.id, group.name, tuple(sorted(names)), is_group=True))
        return cls(entities, mapping, valid=valid)

    def mapped(self, text: str) -> tuple[bool, list[str]]:
        key = name_key(text)
        if key in self.mapping:
            return True, self.mapping[key]
        return False, []

    def lookup(self, text: str, *, suggest: bool = True) -> NameMatch:
        """One name. ``suggest``: rank the closest candidates when nothing matches (slow)."""
        text = " ".join(text.split()).strip(" .;,-+•")
        found, targets = self.mapped(text)
        if found:
            return NameMatch(text, ids=targets, generic=not targets, mapped=True)
        key = name_key(text)
        if key in self.entities or text in self.entities:  # an id written as is
            return NameMatch(text, ids=[text])
        ids = sorted(self._by_key.get(key, ()))
        if len(ids) > 1 and self.valid:
            existing = [i for i in ids if self.valid.get(i, True)]
            ids = existing if len(existing) == 1 else ids
        if ids:
            return NameMatch(text, ids=ids)
        if is_generic(text):
            return NameMatch(text, generic=True)
        return NameMatch(text, candidates=self.closest(text) if suggest else [])

    def closest(self, text: str, limit: int = 3) -> list[str]:
        """Ids whose names are nearest to ``text`` (by their diacritic-free keys)."""
        target = plain_key(text)
        scored = []
        for entity_id, keys in self._plain.items():
            score = max((difflib.SequenceMatcher(None, target, k).ratio() for k in keys), default=0.0)
            scored.append((score, entity_id))
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return [entity_id for score, entity_id in scored[:limit] if score >= 0.5]

    def describe(self, entity_id: str) -> str:
        entity = self.entities.get(entity_id)
        return f"{entity_id} ({entity.name})" if entity else entity_id

    def split(self, cell: str) -> list[NameMatch]:
        """The agencies listed in a cell, in order.

        Lines, semicolons and bullets always separate names. Inside a line, commas and "và"
        separate names only where every resulting piece is a known name (so "Sở Văn hóa, Thể
        thao và Du lịch" stays one name); a line that cannot be cut that way is returned whole,
        unmatched, for the user to map.
        """
        results: list[NameMatch] = []
        for line in re.split(r"[\n;]+|(?:^|\s)[-+•]\s+", cell):
            line = " ".join(line.split()).strip(" .;,-+•")
            if not line:
                continue
            results.extend(self._split_line(line))
        return results

    def _split_line(self, line: str) -> list[NameMatch]:
        whole = self.lookup(line, suggest=False)
        if whole.ok or whole.ambiguous or self.mapped(line)[0]:
            return [whole]
        parts = [p for p in re.split(r"\s*,\s*|\s+và\s+|\s*&\s*(?=[A-ZĐÀ-Ỹ])", line) if p.strip()]
        if len(parts) > 1:
            cut = self._partition(parts)
            if cut is not None:
                return cut
        if not whole.generic:
            whole.candidates = self.closest(line)
        return [whole]

    def _partition(self, parts: list[str]) -> list[NameMatch] | None:
        """Consecutive groups of ``parts`` that are each a known (or generic) name: as many named
        agencies as possible (a generic tail never swallows them), then the fewest groups."""
        n = len(parts)
        best: list[list[NameMatch] | None] = [None] * (n + 1)
        best[0] = []
        for end in range(1, n + 1):
            for start in range(end):
                prefix = best[start]
                if prefix is None:
                    continue
                match = self.lookup(", ".join(parts[start:end]), suggest=False)
                if not (match.ok or match.generic or match.ambiguous):
                    # "Sở Văn hóa, Thể thao và Du lịch": try the original "và" too
                    joined = " và ".join([", ".join(parts[start:end - 1]), parts[end - 1]]) if end - start > 1 else None
                    match = self.lookup(joined, suggest=False) if joined else match
                    if not (match.ok or match.generic or match.ambiguous):
                        continue
                candidate = [*prefix, match]
                if best[end] is None or _rank(candidate) < _rank(best[end]):
                    best[end] = candidate
        return best[n]


def _rank(matches: list[NameMatch]) -> tuple[int, int]:
    return (-sum(1 for m in matches if m.ok or m.ambiguous), len(matches))
