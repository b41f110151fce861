"""Text width of Times New Roman strings, in millimetres (helper H-width of the ND 30 note).

Widths come from an embedded table of Liberation Serif advance widths (``_widths.py``). Liberation
Serif is metric-compatible with Times New Roman, so the numbers are what Word uses to lay out a
line (without kerning, which Word does not apply to TNR by default).

The table is embedded so the library needs neither fontTools nor the font files at run time.
``generate_width_module`` rebuilds it from the TTF files when both are available.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from cchc.docx._widths import UNITS_PER_EM, WIDTHS

MM_PER_PT = 25.4 / 72

LIBERATION_DIR = Path("/usr/share/fonts/truetype/liberation2")

# Code point ranges embedded in ``_widths.py``.
WIDTH_RANGES: tuple[tuple[int, int], ...] = (
    (0x20, 0x7E),
    (0xA0, 0x17F),
    (0x1A0, 0x1B0),
    (0x300, 0x323),
    (0x1EA0, 0x1EF9),
    (0x2010, 0x2027),
)

_STYLE_FILES = {
    "regular": "Regular",
    "bold": "Bold",
    "italic": "Italic",
    "bold_italic": "BoldItalic",
}


def _style_key(bold: bool, italic: bool) -> str:
    if bold and italic:
        return "bold_italic"
    if bold:
        return "bold"
    if italic:
        return "italic"
    return "regular"


@lru_cache(maxsize=4)
def _table(style: str) -> dict[int, int]:
    table: dict[int, int] = {}
    for first, widths in WIDTHS[style]:
        for offset, width in enumerate(widths):
            if width >= 0:
                table[first + offset] = width
    return table


def _char_units(ch: str, table: dict[int, int]) -> int:
    code = ord(ch)
    if code in table:
        return table[code]
    # Unknown precomposed letter: fall back to its base letter (accents do not add width).
    decomposed = unicodedata.normalize("NFD", ch)
    if decomposed != ch and ord(decomposed[0]) in table:
        return table[ord(decomposed[0])]
    if unicodedata.combining(ch):
        return 0
    # Anything else (CJK, symbols): assume half an em, the width of a digit.
    return UNITS_PER_EM // 2


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Width of ``text`` set in Times New Roman at ``size_pt``, in millimetres.

    The text is normalised to NFC first, as Word stores Vietnamese precomposed.
    """
    table = _table(_style_key(bold, italic))
    units = sum(_char_units(ch, table) for ch in unicodedata.normalize("NFC", text))
    return units / UNITS_PER_EM * size_pt * MM_PER_PT


def longest_line_mm(
    lines: list[str], size_pt: float, *, bold: bool = False, italic: bool = False
) -> float:
    """Width of the widest of ``lines`` (0 for no lines)."""
    return max(
        (text_width_mm(line, size_pt, bold=bold, italic=italic) for line in lines), default=0.0
    )


def generate_width_module(font_dir: Path = LIBERATION_DIR) -> str:
    """Return the source of ``_widths.py`` computed from the Liberation Serif TTF files.

    Needs fontTools, which is imported here only. Used by a test to prove the embedded table is
    current, and by hand to regenerate it::

        python -c "from cchc.docx.metrics import generate_width_module as g; print(g(), end='')" \
            > cchc/docx/_widths.py
    """
    from fontTools.ttLib import TTFont  # optional dependency, only needed to regenerate

    out = [
        '"""Advance widths of Liberation Serif (metric-compatible with Times New Roman).',
        "",
        "Generated from /usr/share/fonts/truetype/liberation2/LiberationSerif-*.ttf (hmtx table,",
        "2048 units per em) by the helper in ``cchc.docx.metrics.generate_width_module``. Do not edit",
        'by hand. -1 marks a code point the font has no glyph for."""',
        "",
        "UNITS_PER_EM = 2048",
        "",
        "# style -> list of (first code point, widths of consecutive code points)",
        "# fmt: off",
        "WIDTHS: dict[str, list[tuple[int, tuple[int, ...]]]] = {",
    ]
    for key, suffix in _STYLE_FILES.items():
        font = TTFont(str(font_dir / f"LiberationSerif-{suffix}.ttf"))
        if font["head"].unitsPerEm != UNITS_PER_EM:
            raise ValueError("Liberation Serif phải có 2048 đơn vị/em.")
        cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        out.append(f'    "{key}": [')
        for first, last in WIDTH_RANGES:
            widths = [hmtx[cmap[c]][0] if c in cmap else -1 for c in range(first, last + 1)]
            out.append(f"        (0x{first:04X}, (")
            for i in range(0, len(widths), 16):
                out.append("            " + ", ".join(str(w) for w in widths[i : i + 16]) + ",")
            out.append("        )),")
        out.append("    ],")
    out.append("}")
    out.append("# fmt: on")
    return "\n".join(out) + "\n"
