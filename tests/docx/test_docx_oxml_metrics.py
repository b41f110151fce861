"""Raw-XML helpers and Times New Roman metrics."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from cchc.docx import oxml
from cchc.docx.metrics import LIBERATION_DIR, generate_width_module, text_width_mm


@pytest.mark.parametrize(
    ("text", "size", "bold", "italic", "mm"),
    [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, True, False, 88.3),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, True, False, 95.7),
        ("Độc lập - Tự do - Hạnh phúc", 13, True, False, 56.1),
        ("Độc lập - Tự do - Hạnh phúc", 14, True, False, 60.5),
        ("ỦY BAN NHÂN DÂN", 13, True, False, 43.2),
        ("SỞ NỘI VỤ", 13, True, False, 23.7),
        ("Đắk Lắk, ngày 05 tháng 01 năm 2021", 13, False, True, 69.3),
        ("Đắk Lắk, ngày 05 tháng 01 năm 2021", 14, False, True, 74.6),
    ],
)
def test_widths_match_the_measured_table_of_the_note(text, size, bold, italic, mm):
    assert round(text_width_mm(text, size, bold=bold, italic=italic), 1) == mm


def test_width_is_nfc_normalised_and_handles_unknown_characters():
    decomposed = "Vie\u0302\u0323t Nam"  # "Việt" with combining marks
    assert text_width_mm(decomposed, 13) == pytest.approx(text_width_mm("Việt Nam", 13))
    assert text_width_mm("中", 12) == pytest.approx(0.5 * 12 * 25.4 / 72)
    assert text_width_mm("", 14) == 0


@pytest.mark.skipif(
    importlib.util.find_spec("fontTools") is None
    or not (LIBERATION_DIR / "LiberationSerif-Regular.ttf").exists(),
    reason="fontTools or Liberation Serif not installed",
)
def test_embedded_width_table_matches_the_font_files():
    generated = generate_width_module()
    embedded = (Path(oxml.__file__).parent / "_widths.py").read_text(encoding="utf-8")

    def widths(source: str):
        tree = ast.parse(source)
        for node in tree.body:
            if isinstance(node, ast.AnnAssign) and node.target.id == "WIDTHS":
                return ast.literal_eval(node.value)
        raise AssertionError("WIDTHS not found")

    assert widths(generated) == widths(embedded)


def test_set_child_respects_schema_order():
    ppr = OxmlElement("w:pPr")
    oxml.set_child(ppr, "jc", oxml.PPR_ORDER, {"val": "center"})
    oxml.set_child(ppr, "pStyle", oxml.PPR_ORDER, {"val": "Normal"})
    oxml.set_child(ppr, "spacing", oxml.PPR_ORDER, {"before": "0"})
    oxml.set_child(ppr, "pBdr", oxml.PPR_ORDER)
    oxml.set_child(ppr, "rPr", oxml.PPR_ORDER)
    oxml.set_child(ppr, "keepNext", oxml.PPR_ORDER)
    assert [c.tag.split("}")[1] for c in ppr] == [
        "pStyle",
        "keepNext",
        "pBdr",
        "spacing",
        "jc",
        "rPr",
    ]
    again = oxml.set_child(ppr, "jc", oxml.PPR_ORDER, {"val": "both"})
    assert len(ppr.findall(qn("w:jc"))) == 1 and again.get(qn("w:val")) == "both"


def test_set_run_format_writes_four_slots_and_cs_twins():
    rpr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    fonts.set(qn("w:asciiTheme"), "minorHAnsi")
    fonts.set(qn("w:hint"), "eastAsia")
    rpr.append(fonts)
    oxml.set_run_format(rpr, size_pt=13.5, bold=True, italic=True)
    assert [c.tag.split("}")[1] for c in rpr] == ["rFonts", "b", "bCs", "i", "iCs", "sz", "szCs"]
    assert dict(fonts.attrib) == {qn(f"w:{s}"): "Times New Roman" for s in oxml.FONT_SLOTS}
    assert rpr.find(qn("w:sz")).get(qn("w:val")) == "27"
    oxml.set_run_format(rpr, size_pt=13)
    assert rpr.find(qn("w:b")) is None and rpr.find(qn("w:i")) is None


def test_normalize_styles_removes_every_theme_font():
    document = docx.Document()
    oxml.normalize_styles(document, body_size_pt=14)
    root = document.styles.element
    for fonts in root.iter(qn("w:rFonts")):
        assert not any("heme" in a for a in fonts.attrib)
    heading = document.styles["Heading 1"].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    assert heading.get(qn("w:hAnsi")) == "Times New Roman"
    spacing = root.find(
        f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}"
    )
    assert spacing.get(qn("w:after")) == "0" and spacing.get(qn("w:line")) == "240"
    assert (
        root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").get(
            qn("w:val")
        )
        == "vi-VN"
    )


def test_page_field_and_has_field():
    p = OxmlElement("w:p")
    rpr = OxmlElement("w:rPr")
    oxml.add_field(p, "PAGE", "2", rpr)
    kinds = [r[1].tag.split("}")[1] for r in p]
    assert kinds == ["fldChar", "instrText", "fldChar", "t", "fldChar"]
    assert oxml.has_field(p, "PAGE")
    assert not oxml.has_field(p, "NUMPAGES")
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), " NUMPAGES \\* MERGEFORMAT ")
    assert oxml.has_field(simple, "NUMPAGES") and not oxml.has_field(simple, "PAGE")


def test_row_and_cell_properties_in_order():
    tr = OxmlElement("w:tr")
    tc = oxml.new_cell(tr)
    oxml.set_row_flags(tr, repeat_header=True, cant_split=True)
    assert tr[0].tag == qn("w:trPr") and tr[1] is tc
    assert [c.tag.split("}")[1] for c in tr[0]] == ["cantSplit", "tblHeader"]
    oxml.set_cell(tc, width_mm=20, span=2, vmerge="restart", valign="center")
    assert [c.tag.split("}")[1] for c in tc[0]] == ["tcW", "gridSpan", "vMerge", "vAlign"]
    oxml.set_cell(tc, width_mm=20, vmerge="continue")
    assert tc[0].find(qn("w:vMerge")).get(qn("w:val")) is None


def test_length_conversions():
    assert oxml.mm_to_twips(30) == 1701
    assert oxml.twips_to_mm(1701) == pytest.approx(30.0, abs=0.01)
    assert oxml.pt_to_twips(6) == 120
