"""`cchc import criteria`: a criteria table (codes, names, max points, survey marker) → ``criteria@1``.

Columns, by header: STT/Mã | Lĩnh vực/Tiêu chí/Tiêu chí thành phần (Nội dung) | Điểm tối đa |
Phương pháp đánh giá (or a column "Điều tra XHH" marked with "x") | Ghi chú. Codes stay strings.
Tables that number the fields with Roman numerals (I, II…) and the criteria below them 1, 2…
get dotted codes ("II" → "2", its "1" → "2.1"), and the output says so.

Checks, each with its row: a code appears once and its parent exists; points are numbers; the
children of an item add up to its points and the fields to the total (the "Tổng cộng" row,
``--total``, or the sum). A table without points is imported with points left empty and
``complete: false``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from cchc.domain.deadline_text import fold
from cchc.errors import UsageError
from cchc.importers.common import (
    ImportResult,
    cell_error,
    cell_warning,
    check_and_write,
    import_target,
    yaml_scalar,
)
from cchc.importers.headers import ColumnSpec, best_layout
from cchc.importers.tables import pick_table, read_tables
from cchc.models.common import INDEX_LABELS, IndexName, code_sort_key, parent_code
from cchc.models.criteria import CriteriaLevel
from cchc.textvn import number

CRITERIA_COLUMNS = [
    ColumnSpec("code", "STT/Mã", (r"^(stt|tt|ma|ma so|so tt|ma tieu chi)$",), required=True),
    ColumnSpec("points", "Điểm tối đa", (r"diem toi da", r"diem chuan", r"thang diem", r"^diem$", r"^so diem"),
               avoid=(r"tu cham", r"tham dinh", r"dat duoc", r"danh gia")),
    ColumnSpec("method", "Phương pháp đánh giá", (r"phuong phap", r"hinh thuc danh gia", r"dieu tra", r"xhh")),
    ColumnSpec("note", "Ghi chú", (r"ghi chu",)),
    ColumnSpec("name", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần",
               (r"linh vuc", r"tieu chi", r"noi dung", r"ten"), required=True),
]
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
          "xi": 11, "xii": 12}
_SURVEY_IN_NAME = re.compile(r"\s*\((?:đtxhh|điều tra xhh|điều tra xã hội học|xhh)\)\s*$", re.IGNORECASE)
_TOTAL_ROW = re.compile(r"^(tong|tong cong|tong diem|cong)\b")


@dataclass
class _Item:
    code: str
    name: str
    points: float | None
    method: str | None
    note: str | None
    ref: str


def _points(text: str) -> float | None:
    text = text.strip().replace(" ", "")
    if not text or text in ("-", "–"):
        return None
    if re.fullmatch(r"\d+(,\d+)?", text):
        return float(text.replace(",", "."))
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    raise ValueError(text)


def _method(text: str, header: str) -> str | None:
    folded = fold(text)
    if not folded:
        return None
    if "dieu tra" in folded or "xhh" in folded:
        return "dieu-tra-xhh"
    if "tham dinh" in folded or "tu danh gia" in folded:
        return "tham-dinh"
    if folded in ("x", "v", "co", "✓") and ("dieu tra" in fold(header) or "xhh" in fold(header)):
        return "dieu-tra-xhh"
    return None


def import_criteria(ds, file: Path, *, set_id: str, index: str, basis: str, years: str, level: str = "tinh",
                    basis_date: dt.date | None = None, name: str | None = None, total: float | None = None,
                    output: Path | None = None, table: int | None = None, dry_run: bool = False,
                    force: bool = False) -> ImportResult:
    file = Path(file)
    try:
        index_name = IndexName(index.strip().upper())
    except ValueError:
        raise UsageError(f"chỉ số «{index}» (--index) không có",
                         hint="dùng một trong: " + ", ".join(i.value for i in IndexName)) from None
    try:
        level_value = CriteriaLevel(level)
    except ValueError:
        raise UsageError(f"cấp «{level}» (--level) không có",
                         hint="dùng một trong: " + ", ".join(v.value for v in CriteriaLevel)) from None
    try:
        year_list = [int(y) for y in re.split(r"[,\s]+", years.strip()) if y]
    except ValueError:
        raise UsageError(f"--years «{years}» không hợp lệ", hint="ví dụ --years 2022,2023") from None
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", set_id):
        raise UsageError(f"mã bộ tiêu chí «{set_id}» (--id) không hợp lệ", hint="ví dụ par-index-tinh-876")
    target = import_target(output, ds.root / "criteria" / f"{set_id}.yaml")
    existing = ds.criteria_sets.get(set_id)
    if existing is not None and (origin := ds.origin(existing)) is not None and origin.file.resolve() != target.resolve():
        raise UsageError(f"bộ tiêu chí «{set_id}» đã có trong {origin.file.name}",
                         hint=f"chọn mã khác bằng --id, hoặc ghi đè tệp đó: -o {origin.file} --force")
    result = ImportResult("criteria", file)
    layout = best_layout(pick_table(read_tables(file), table, file), CRITERIA_COLUMNS)
    result.notes.extend(layout.table.notes)
    method_header = layout.headers[layout.columns["method"]] if "method" in layout.columns else ""
    items: list[_Item] = []
    roman_parent: str | None = None
    roman_used = False
    table_total: tuple[float, str] | None = None
    seen: dict[str, str] = {}
    for row in layout.body:
        code_cell = layout.cell(row, "code")
        raw = layout.text(row, "code").rstrip(".")
        item_name = " ".join(layout.text(row, "name").split())
        points_text = layout.text(row, "points")
        if _TOTAL_ROW.match(fold(raw or item_name)) and not re.fullmatch(r"[\dIVXivx.]+", raw or "-"):
            try:
                value = _points(points_text)
            except ValueError:
                value = None
            if value is not None:
                table_total = (value, row.ref)
            continue
        if not raw:
            if item_name:
                result.diagnostics.append(cell_warning(file, code_cell.ref, f"dòng không có mã («{item_name[:60]}»): "
                                                       "không phải một tiêu chí, bỏ qua"))
            continue
        if raw.lower() in _ROMAN:
            roman_parent = str(_ROMAN[raw.lower()])
            roman_used = True
            code = roman_parent
        elif re.fullmatch(r"\d+(\.\d+)*", raw):
            code = raw if roman_parent is None or raw.startswith(roman_parent + ".") else f"{roman_parent}.{raw}"
        else:
            result.diagnostics.append(cell_error(file, code_cell.ref, f"mã «{raw}» không phải mã tiêu chí",
                                                 hint="mã là các số ngăn bởi dấu chấm (7.1.10) hoặc số La Mã (I, II)"))
            continue
        if not item_name:
            result.diagnostics.append(cell_error(file, layout.cell(row, "name").ref, f"mã {code} không có tên"))
            continue
        method = None
        if "method" in layout.columns:
            method = _method(layout.text(row, "method"), method_header)
        if _SURVEY_IN_NAME.search(item_name):
            item_name = _SURVEY_IN_NAME.sub("", item_name)
            method = "dieu-tra-xhh"
        try:
            points = _points(points_text)
        except ValueError:
            result.diagnostics.append(cell_error(file, layout.cell(row, "points").ref,
                                                 f"điểm «{points_text}» của mã {code} không phải một số"))
            continue
        if code in seen:
            result.diagnostics.append(cell_error(file, code_cell.ref, f"mã {code} đã có ở {seen[code]}"))
            continue
        seen[code] = row.ref
        items.append(_Item(code, item_name.rstrip(".;"), points, method, layout.text(row, "note") or None, row.ref))
    if roman_used:
        result.notes.append("mã lĩnh vực ghi bằng số La Mã được đổi sang số (I → 1, II → 2…), mã tiêu chí bên dưới "
                            "được ghép với mã lĩnh vực (II, 1 → 2.1)")
    by_code = {item.code: item for item in items}
    for item in items:
        parent = parent_code(item.code)
        if parent is not None and parent not in by_code:
            result.diagnostics.append(cell_error(file, item.ref, f"mã {item.code} không có mã cha {parent} trong bảng"))
    known = [i for i in items if i.points is not None]
    complete = bool(items) and len(known) == len(items)
    for item in items:
        children = [c for c in items if parent_code(c.code) == item.code]
        if item.points is None or not children or any(c.points is None for c in children):
            continue
        total_children = sum(c.points for c in children)  # type: ignore[misc]
        if abs(total_children - item.points) > 1e-6:
            result.diagnostics.append(cell_error(
                file, item.ref, f"mã {item.code}: điểm tối đa {number(item.points)} nhưng các mã con cộng lại "
                                f"{number(total_children)} ({', '.join(c.code for c in children)})",
                hint="kiểm tra lại điểm trong bảng"))
    top = [i for i in items if parent_code(i.code) is None]
    top_sum = sum(i.points for i in top) if top and all(i.points is not None for i in top) else None
    unconfirmed_total = False
    if total is None and table_total is not None:
        total = table_total[0]
    if total is None:
        if top_sum:
            total = top_sum
        else:
            total, unconfirmed_total = 100.0, True
            result.notes.append("bảng không ghi điểm và không có --total: tổng điểm ghi 100, đánh dấu chưa xác minh")
    if top_sum is not None and abs(top_sum - total) > 1e-6:
        where = table_total[1] if table_total else layout.table.label
        result.diagnostics.append(cell_error(file, where, f"các lĩnh vực cộng lại {number(top_sum)} điểm, khác tổng "
                                                          f"điểm {number(total)}"))
    if not complete:
        missing = len(items) - len(known)
        result.notes.append(f"{missing}/{len(items)} mục chưa có điểm: ghi complete: false, max_points để trống")
    if not items and not result.errors:
        result.diagnostics.append(cell_error(file, layout.table.label, "bảng không có tiêu chí nào"))
    issuer = _issuer(ds, basis)
    result.records = len(items)
    result.files[target] = _criteria_yaml(
        file, layout.table.label, set_id=set_id, index=index_name, level=level_value,
        name=name or INDEX_LABELS[index_name], basis=basis, basis_date=basis_date, issuer=issuer, years=year_list,
        total=total, unconfirmed_total=unconfirmed_total, complete=complete,
        items=sorted(items, key=lambda i: code_sort_key(i.code)))
    return check_and_write(result, ds.root, dry_run=dry_run, force=force)


def _issuer(ds, basis: str) -> str | None:
    """"876/QĐ-BNV" → "Bộ Nội vụ" when an agency has the abbreviation after the dash."""
    tail = basis.rsplit("-", 1)[-1].strip() if "-" in basis else ""
    for agency in ds.agencies.values():
        if tail and agency.abbreviation and agency.abbreviation.upper() == tail.upper():
            return agency.name
    return None


def _criteria_yaml(file: Path, label: str, *, set_id, index, level, name, basis, basis_date, issuer, years, total,
                   unconfirmed_total, complete, items: list[_Item]) -> str:
    lines = [
        f"# Bộ tiêu chí nhập từ {file.name} ({label}) bằng `cchc import criteria`;",
        f"# văn bản căn cứ {basis}. Rà soát với văn bản gốc trước khi hợp nhất.",
        "schema: criteria@1",
        f"id: {set_id}",
        f"index: {index.value}",
        f"level: {level.value}",
        f"name: {yaml_scalar(name)}",
        "legal_basis:",
        f"  number: {yaml_scalar(basis)}",
    ]
    if basis_date:
        lines.append(f"  date: {basis_date.isoformat()}")
    if issuer:
        lines.append(f"  issuer: {yaml_scalar(issuer)}")
    lines.append("years: [" + ", ".join(str(y) for y in years) + "]")
    lines.append(f"total_points: {number_yaml(total)}" + ("   # chưa xác minh: bảng không ghi điểm" if unconfirmed_total
                                                          else ""))
    if not complete:
        lines.append("complete: false   # có mục chưa có điểm trong bảng")
    lines.append("items:")
    for item in items:
        lines.append(f"  - code: \"{item.code}\"   # {item.ref}")
        lines.append(f"    name: {yaml_scalar(item.name)}")
        if item.points is not None:
            lines.append(f"    max_points: {number_yaml(item.points)}")
        if item.method:
            lines.append(f"    method: {item.method}")
        if item.note:
            lines.append(f"    note: {yaml_scalar(item.note)}")
    return "\n".join(lines) + "\n"


def number_yaml(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
