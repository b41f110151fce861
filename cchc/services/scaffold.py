"""`cchc init`: a new data repository for a province, ready for `git init` and pull requests.

The scaffold holds a skeleton agency list (the provincial bodies after the 2025
reorganisation), the current PAR INDEX criteria set (copied from the bundled
data), an assignment for the year with one example lead, the pre-commit and CI
configuration that run `cchc fmt`, `cchc validate` and `cchc diff`, JSON
Schemas with the VS Code mapping, and a Vietnamese README.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from cchc.domain.provinces import find_province, fold, province_names
from cchc.domain.suggest import closest
from cchc.errors import DataError, OutputExistsError, UsageError
from cchc.io.atomic import write_file_set
from cchc.io.lock import repo_lock
from cchc.io.yamlsource import yaml_scalar
from cchc.models.registry import KIND_LABELS, KINDS
from cchc.resources import bundled_data_dir
from cchc.services.schemas import schema_files

DATA_FOLDER = "data"
CRITERIA_FILE = "criteria/par-index-tinh-876.yaml"
CRITERIA_SET_ID = "par-index-tinh-876"
PIP_PLACEHOLDER = "git+https://example.invalid/SUA-DIA-CHI-KHO-CCHC.git"

# Hooks offered by cchc's own .pre-commit-hooks.yaml (same ids, same commands).
HOOKS = (
    {"id": "cchc-fmt", "name": "cchc fmt (định dạng tệp dữ liệu YAML)", "entry": "cchc fmt",
     "files": r"^data/.*\.ya?ml$"},
    {"id": "cchc-validate", "name": "cchc validate (kiểm tra dữ liệu)", "entry": "cchc validate",
     "files": r"^data/", "pass_filenames": False},
)

# The 12 bodies every province has since the 2025 reorganisation (Nghị định 150/2025/NĐ-CP
# ngày 12/6/2025, Điều 8; the same list as Nghị định 45/2025/NĐ-CP): (id, name, abbreviation,
# kind, head title); Văn phòng UBND is written separately. "{level}" becomes "tỉnh" or "thành phố".
# Sources: https://luatvietnam.vn/linh-vuc-khac/7-diem-dang-chu-y-tai-nghi-dinh-150-2025-nd-cp-ve-to-chuc-so-phong-cap-tinh-cap-xa-883-102553-article.html
#          https://vinanet.vn/chinh-sach/nghi-dinh-1502025nd-cp-ve-to-chuc-cac-co-quan-chuyen-mon-thuoc-ubnd-cap-tinh-va-cap-xa-798660.html
DEPARTMENTS = (
    ("so-noi-vu", "Sở Nội vụ", "SNV", "so", "Giám đốc"),
    ("so-tu-phap", "Sở Tư pháp", "STP", "so", "Giám đốc"),
    ("so-tai-chinh", "Sở Tài chính", "STC", "so", "Giám đốc"),
    ("so-cong-thuong", "Sở Công Thương", "SCT", "so", "Giám đốc"),
    ("so-nong-nghiep-moi-truong", "Sở Nông nghiệp và Môi trường", "SNNMT", "so", "Giám đốc"),
    ("so-xay-dung", "Sở Xây dựng", "SXD", "so", "Giám đốc"),
    ("so-van-hoa-the-thao-du-lich", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", "so", "Giám đốc"),
    ("so-khcn", "Sở Khoa học và Công nghệ", "SKHCN", "so", "Giám đốc"),
    ("so-giao-duc-dao-tao", "Sở Giáo dục và Đào tạo", "SGDĐT", "so", "Giám đốc"),
    ("so-y-te", "Sở Y tế", "SYT", "so", "Giám đốc"),
    ("thanh-tra-tinh", "Thanh tra {level}", "TTr", "ban-nganh", "Chánh Thanh tra"),
)

# The groups plans name instead of listing every body (COMMON contract 3).
GROUPS = (
    ("cac-so-ban-nganh", "Các sở, ban, ngành", ("so", "ban-nganh", "van-phong")),
    ("ubnd-cac-xa-phuong", "UBND các xã, phường", ("xa",)),
)

# The criteria set that applies now: 876/QĐ-BNV (PAR INDEX 2022 and 2023). BNV approved an
# amended set for PAR INDEX 2024 (https://doanhnghieptiepthi.vn/ha-noi-xep-thu-3-ca-nuoc-ve-chi-so-cai-cach-hanh-chinh-161250406224503325.htm)
# whose decision number, date and content are not known: the scaffold leaves a documented slot
# for it and never invents one.
CRITERIA_2024_SLOT = """\
# Bộ tiêu chí áp dụng từ PAR INDEX 2024: Bộ Nội vụ đã phê duyệt bộ tiêu chí sửa đổi, bổ sung
# (https://doanhnghieptiepthi.vn/ha-noi-xep-thu-3-ca-nuoc-ve-chi-so-cai-cach-hanh-chinh-161250406224503325.htm),
# nhưng CHƯA XÁC MINH số, ngày quyết định và nội dung. Khi có văn bản, tạo tệp
# criteria/par-index-tinh-<số>.yaml (schema: criteria@1, years: [2024, ...]) theo mẫu
# par-index-tinh-876.yaml và đổi criteria_set của bảng phân công sang bộ mới.
"""

@dataclass
class ScaffoldResult:
    root: Path
    files: list[Path] = field(default_factory=list)


def _province_parts(province: str) -> tuple[str, str]:
    """("tỉnh", "Đắk Lắk") or ("thành phố", "Hà Nội") from what the user typed: a current unit
    takes its level from the list of 34 (:mod:`cchc.domain.provinces`); an explicit "tỉnh …" /
    "thành phố …" is kept as typed."""
    found = find_province(province)
    if found is not None:
        return found.level.label, found.name
    lowered = province.lower()
    for word in ("thành phố ", "tỉnh "):
        if lowered.startswith(word):
            return word.strip(), province[len(word):].strip()
    by_key = {fold(n): n for n in province_names()}
    near = closest(fold(province), by_key)
    hint = (f"có phải ý bạn là «{by_key[near]}»?" if near else
            "viết rõ \"tỉnh …\" hoặc \"thành phố …\" nếu đơn vị không có trong danh sách 34 đơn vị "
            "hành chính cấp tỉnh hiện nay")
    raise UsageError(f"«{province}» không có trong danh sách 34 tỉnh, thành phố từ ngày 01/7/2025", hint=hint)


def agencies_yaml(province: str) -> str:
    level, name = _province_parts(province)
    place = yaml_scalar(name)
    level_id = "thanh-pho" if level == "thành phố" else "tinh"
    lines = [
        f"# Danh mục cơ quan, đơn vị của {level} {name} (khung do `cchc init` tạo).",
        "#",
        "# Chính quyền địa phương hai cấp từ 01/7/2025 (Luật Tổ chức chính quyền địa phương số",
        "# 72/2025/QH15): cấp tỉnh và cấp xã (xã, phường, đặc khu); không còn cấp huyện.",
        "# 12 cơ quan chuyên môn thống nhất ở mọi tỉnh, thành phố (Nghị định 150/2025/NĐ-CP ngày",
        "# 12/6/2025, Điều 8). HÃY ĐIỀU CHỈNH theo quyết định",
        f"# của UBND {level}: thêm, bớt cơ quan, sửa thứ tự (order) như trong văn bản phân công,",
        "# thêm ngày thành lập (valid_from) và văn bản nguồn (source) nếu cần.",
        "# Cơ quan đã giải thể, hợp nhất: giữ lại bản ghi và chạy",
        "#   cchc agency end MÃ --on NGÀY-CUỐI-CÙNG --successor MÃ-CƠ-QUAN-KẾ-NHIỆM",
        "schema: agencies@1",
        "province:",
        f"  name: {place}",
        f"  level: {level_id}  # tinh hoặc thanh-pho (thành phố trực thuộc trung ương)",
        "# Nhóm cơ quan dùng thay danh sách dài trong chủ trì, phối hợp, nơi nhận; mỗi nhóm gồm các",
        "# cơ quan thuộc các loại (kinds) còn hoạt động vào ngày của nhiệm vụ, văn bản.",
        "groups:",
    ]
    for group_id, group_name, kinds in GROUPS:
        lines += [f"  - id: {group_id}", f"    name: {yaml_scalar(group_name)}", f"    kinds: [{', '.join(kinds)}]"]
    lines += [
        "agencies:",
        "  # --- Trung ương -------------------------------------------------------------",
        "  - id: bo-noi-vu",
        "    name: Bộ Nội vụ",
        "    abbreviation: BNV",
        "    kind: trung-uong",
        "    order: 1",
        "",
        f"  # --- Cấp {level} ---------------------------------------------------------------",
        "  - id: ubnd-tinh",
        f"    name: {yaml_scalar(f'Ủy ban nhân dân {level} {name}')}",
        f"    short_name: {yaml_scalar(f'UBND {level}')}",
        "    abbreviation: UBND",
        "    kind: tinh",
        "    order: 10",
        f"    place: {place}",
        "    head_title: Chủ tịch",
        "  - id: van-phong-ubnd",
        f"    name: {yaml_scalar(f'Văn phòng Ủy ban nhân dân {level}')}",
        f"    short_name: {yaml_scalar(f'Văn phòng UBND {level}')}",
        "    abbreviation: VPUBND",
        "    kind: van-phong",
        "    parent: ubnd-tinh",
        "    order: 20",
        f"    place: {place}",
        "    head_title: Chánh Văn phòng",
        "",
        "  # --- Các sở, cơ quan chuyên môn (sửa thứ tự theo văn bản của tỉnh) ----------",
    ]
    for order, (agency_id, agency_name, abbreviation, kind, head) in enumerate(DEPARTMENTS, start=101):
        lines += [
            f"  - id: {agency_id}",
            f"    name: {yaml_scalar(agency_name.format(level=level))}",
            f"    abbreviation: {abbreviation}",
            f"    kind: {kind}",
            "    parent: ubnd-tinh",
            f"    order: {order}",
            f"    place: {place}",
            f"    head_title: {head}",
        ]
    lines += [
        "  # Sở Dân tộc và Tôn giáo chỉ được thành lập ở tỉnh đủ điều kiện; nếu có, bỏ dấu # ở",
        "  # các dòng dưới đây.",
        "  # - id: so-dan-toc-ton-giao",
        "  #   name: Sở Dân tộc và Tôn giáo",
        "  #   abbreviation: SDTTG",
        "  #   kind: so",
        "  #   parent: ubnd-tinh",
        f"  #   order: {101 + len(DEPARTMENTS)}",
        f"  #   place: {place}",
        "  #   head_title: Giám đốc",
    ]
    return "\n".join(lines) + "\n"


def assignment_yaml(year: int) -> str:
    return f"""\
# Phân công cơ quan chủ trì theo dõi các lĩnh vực, tiêu chí của Chỉ số CCHC năm {year}.
# Ghi theo văn bản phân công của UBND tỉnh (thêm văn bản vào documents và ghi mã ở source).
#
# Một mã bao gồm toàn bộ các mã con; mã cụ thể hơn giao cho cơ quan khác thì được trừ ra.
# Bộ tiêu chí {CRITERIA_SET_ID} ghi năm áp dụng đã xác minh ở `years` (2022, 2023); năm khác được
# ghi ở `provisional_years` của criteria/par-index-tinh-876.yaml là dùng tạm, chưa xác minh.
{CRITERIA_2024_SLOT}schema: assignments@1
id: phan-cong-{year}
year: {year}
criteria_set: {CRITERIA_SET_ID}
title: Phân công các cơ quan chủ trì theo dõi các tiêu chí của Chỉ số CCHC năm {year}
leads:
  # VÍ DỤ (sửa theo văn bản phân công): Sở Nội vụ chủ trì Lĩnh vực 1.
  - agency: so-noi-vu
    codes: ["1"]
  # - agency: so-tu-phap
  #   codes: ["2"]
  # - agency: van-phong-ubnd
  #   codes: ["3"]
  #   coordinators: [so-noi-vu]
  # Nhiều cơ quan cùng chủ trì (đồng chủ trì) một mã: ghi chung một mục.
  # - agency: [so-khcn, van-phong-ubnd]
  #   codes: ["7"]
# Phụ lục xếp cơ quan theo thứ tự ghi lần đầu ở `leads`; khác văn bản thì ghi
# order: [so-noi-vu, so-tu-phap, van-phong-ubnd]
# Các lĩnh vực chưa ghi phân công (khung do `cchc init` tạo): khi giao cho một cơ quan ở
# `leads`, xóa dòng tương ứng dưới đây. `cchc assign` báo lĩnh vực nào chưa có cơ quan chủ trì.
unassigned:
""" + "".join(f"""  - code: "{code}"
    reason: chưa ghi phân công (khung do cchc init tạo)
""" for code in range(2, 9))


def pre_commit_config(cchc_repo: str | None, cchc_rev: str | None) -> str:
    if cchc_repo:
        rev = cchc_rev or "main"
        return f"""\
# Các hook kiểm tra dữ liệu trước khi commit (https://pre-commit.com).
# Cài một lần: pip install pre-commit && pre-commit install
repos:
  - repo: {cchc_repo}
    rev: {yaml_scalar(rev)}
    hooks:
      - id: cchc-fmt
      - id: cchc-validate
"""
    hooks = []
    for hook in HOOKS:
        hooks += [f"      - id: {hook['id']}", f"        name: {hook['name']}",
                  f"        entry: {hook['entry']}", "        language: system",
                  f"        files: {hook['files']}"]
        if hook.get("pass_filenames") is False:
            hooks.append("        pass_filenames: false")
    return """\
# Các hook kiểm tra dữ liệu trước khi commit (https://pre-commit.com).
# Cài một lần: pip install pre-commit && pre-commit install
#
# Các hook dưới đây gọi lệnh cchc đã cài trên máy. Khi đã có địa chỉ kho mã nguồn
# cchc, có thể thay khối "local" bằng các hook do chính kho cchc cung cấp:
#   - repo: https://.../cchc
#     rev: v0.1.0
#     hooks:
#       - id: cchc-fmt
#       - id: cchc-validate
repos:
  - repo: local
    hooks:
""" + "\n".join(hooks) + "\n"


def workflow_yaml(pip_spec: str) -> str:
    return f"""\
# Kiểm tra mọi pull request sửa dữ liệu: hợp lệ (cchc validate), đúng định dạng
# (cchc fmt --check), đăng tóm tắt ý nghĩa thay đổi (cchc diff) thành bình luận, và dựng
# báo cáo tổng hợp một trang HTML (cchc report) lưu thành artifact «bao-cao-cchc».
name: Kiểm tra dữ liệu CCHC

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read
  pull-requests: write

jobs:
  kiem-tra:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # cchc diff cần lịch sử để so với nhánh chính
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Cài cchc
        run: pip install "$CCHC_PACKAGE"
        env:
          CCHC_PACKAGE: {yaml_scalar(pip_spec)}  # SỬA nếu cần: địa chỉ cài đặt cchc
      - name: Kiểm tra dữ liệu (cchc validate)
        run: cchc validate --format github data
      - name: Kiểm tra định dạng (cchc fmt --check)
        run: cchc fmt --check data
      - name: Tóm tắt thay đổi (cchc diff)
        if: always() && github.event_name == 'pull_request'
        run: |
          cchc --data data diff "origin/${{{{ github.base_ref }}}}" HEAD --format md > cchc-diff.md
          cat cchc-diff.md >> "$GITHUB_STEP_SUMMARY"
      - name: Đăng bình luận vào pull request
        if: always() && github.event_name == 'pull_request'
        continue-on-error: true  # pull request từ kho fork không có quyền bình luận
        env:
          GH_TOKEN: ${{{{ github.token }}}}
          PR: ${{{{ github.event.pull_request.number }}}}
        run: |
          gh pr comment "$PR" --body-file cchc-diff.md --edit-last \\
            || gh pr comment "$PR" --body-file cchc-diff.md
      - name: Báo cáo tổng hợp (cchc report)
        if: always()
        run: cchc --data data report -o bao-cao-cchc.html --force
      - name: Lưu báo cáo (tải về ở mục Artifacts của lần chạy)
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: bao-cao-cchc
          path: bao-cao-cchc.html
          if-no-files-found: warn
          retention-days: 30
"""


def _schema_globs(kind: str) -> list[str]:
    if kind == "agencies":
        return [f"{DATA_FOLDER}/agencies.yaml", f"{DATA_FOLDER}/agencies/**/*.yaml"]
    return [f"{DATA_FOLDER}/{kind}/**/*.yaml"]


def vscode_settings() -> str:
    schemas = {f"./schemas/{kind}@{max(versions)}.json": _schema_globs(kind)
               for kind, versions in KINDS.items()}
    settings = {
        "yaml.schemas": schemas,
        "yaml.format.enable": False,
        "yaml.validate": True,
        "yaml.completion": True,
        "files.eol": "\n",
        "files.encoding": "utf8",
        "files.insertFinalNewline": True,
        "files.trimTrailingWhitespace": True,
        "[yaml]": {"editor.tabSize": 2, "editor.insertSpaces": True, "editor.detectIndentation": False},
    }
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"


def vscode_extensions() -> str:
    return json.dumps({"recommendations": ["redhat.vscode-yaml"]}, indent=2) + "\n"


def readme(province: str, year: int) -> str:
    level, name = _province_parts(province)
    kinds = "\n".join(f"| `data/{kind}/` | {label} |" for kind, label in KIND_LABELS.items() if kind != "agencies")
    return f"""\
# Dữ liệu cải cách hành chính {level} {name}

Kho này lưu dữ liệu công tác cải cách hành chính (CCHC) của {level} {name} dưới dạng
tệp YAML có phiên bản: danh mục cơ quan, bộ tiêu chí Chỉ số CCHC, phân công cơ quan
chủ trì, nhiệm vụ và hạn, mô hình, văn bản. Mọi thay đổi đi qua *pull request* để
được kiểm tra tự động và xem lại trước khi hợp nhất. Công cụ dùng kèm: `cchc`.

## Cấu trúc

| Thư mục, tệp | Nội dung |
|---|---|
| `data/agencies.yaml` | Danh mục cơ quan, đơn vị (khung theo cơ cấu năm 2025 — cần điều chỉnh) |
{kinds}
| `schemas/` | JSON Schema sinh bởi `cchc schema` (gợi ý tự động trong VS Code) |
| `.github/workflows/cchc.yml` | Kiểm tra tự động mỗi pull request |
| `.pre-commit-config.yaml` | Kiểm tra trước mỗi lần commit trên máy |

Mỗi tệp bắt đầu bằng dòng `schema: <loại>@<phiên bản>`, ví dụ `schema: tasks@1`.
Bảng phân công năm {year} hiện chỉ có một dòng ví dụ (Sở Nội vụ chủ trì Lĩnh vực 1):
hãy sửa theo văn bản phân công của UBND {level}.

## Bắt đầu

```sh
git init && git add . && git commit -m "Khởi tạo kho dữ liệu CCHC"
pip install pre-commit && pre-commit install   # kiểm tra tự động trước mỗi commit
cchc validate                                  # kiểm tra toàn bộ dữ liệu
```

Trong `.github/workflows/cchc.yml`, sửa dòng `CCHC_PACKAGE` thành địa chỉ cài đặt cchc
của đơn vị (ví dụ `git+https://…/cchc.git@v0.1.0`).

## Sửa dữ liệu qua pull request

1. Tạo nhánh mới: `git switch -c sua-phan-cong-{year}`.
2. Sửa tệp YAML (VS Code có gợi ý tự động, xem dưới).
3. Định dạng lại: `cchc fmt` (giữ nguyên chú thích và thứ tự trường; mã tiêu chí luôn
   được đặt trong dấu nháy, ví dụ `"7.4"`).
4. Kiểm tra: `cchc validate` — sửa hết lỗi được báo (tệp, dòng, cột và gợi ý).
5. Xem ý nghĩa thay đổi: `cchc diff`, ví dụ
   `Tiêu chí 7.4: Sở Khoa học và Công nghệ → Sở Nội vụ`.
6. Commit và đẩy nhánh: `git commit -am "Chuyển tiêu chí 7.4 cho Sở Nội vụ" && git push -u origin HEAD`.
7. Mở pull request. Máy chủ chạy `cchc validate`, `cchc fmt --check` và đăng bình luận
   tóm tắt thay đổi (`cchc diff --format md`); người xem lại đọc bình luận đó rồi duyệt.
   Báo cáo tổng hợp sau thay đổi (`cchc report`, một trang HTML xem bằng trình duyệt) nằm
   ở mục *Artifacts* của lần chạy, tên `bao-cao-cchc`.

Khi một cơ quan bị hợp nhất, giải thể: `cchc agency end MÃ --on 2025-02-28 --successor MÃ-MỚI`
ghi ngày kết thúc, cơ quan kế nhiệm và liệt kê các nhiệm vụ, phân công cần chuyển giao.

## Gợi ý tự động trong VS Code

Cài tiện ích **YAML** (Red Hat, `redhat.vscode-yaml`; VS Code sẽ tự đề nghị). Tệp
`.vscode/settings.json` đã gán mỗi thư mục dữ liệu với JSON Schema tương ứng trong
`schemas/` (khóa `yaml.schemas`), nên khi gõ, VS Code gợi ý tên trường, giá trị hợp lệ
và báo lỗi ngay. Sau khi nâng cấp cchc, sinh lại schema: `cchc schema -o schemas --force`.
"""


def _is_empty_dir(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def init_repo(target: Path, province: str, year: int, *, force: bool = False,
              cchc_repo: str | None = None, cchc_rev: str | None = None,
              pip_spec: str | None = None, communes: Path | None = None) -> ScaffoldResult:
    """Write a new data repository into ``target`` (empty or missing, unless ``force``);
    ``communes`` is an optional CSV of the commune-level units (:func:`communes_yaml`)."""
    province = unicodedata.normalize("NFC", " ".join(province.split()))
    if not province:
        raise UsageError("tên tỉnh không được để trống", hint="ví dụ --province \"Đắk Lắk\"")
    _province_parts(province)  # an unknown name is a usage error before anything is written
    communes_text = None
    if communes is not None:
        try:
            raw = communes.read_bytes()
        except OSError as exc:
            raise UsageError(f"không đọc được tệp {communes}: {exc.strerror}") from None
        try:
            communes_text = communes_yaml(raw.decode("utf-8"), province, file_name=communes.name)
        except UnicodeDecodeError:
            raise UsageError(f"{communes.name}: tệp CSV phải mã hóa UTF-8",
                             hint="trong Excel chọn Lưu dưới dạng → CSV UTF-8") from None
    if not 2000 <= year <= 2100:
        raise UsageError(f"năm {year} không hợp lệ", hint="ví dụ --year 2026")
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} đã tồn tại và không phải thư mục")
    if target.exists() and not _is_empty_dir(target) and not force:
        raise OutputExistsError(f"thư mục {target} đã có nội dung; cchc không ghi đè tệp của người dùng",
                                hint="chọn thư mục trống hoặc thêm --force để ghi các tệp khung vào đó")
    bundled = bundled_data_dir()
    criteria_source = bundled / CRITERIA_FILE if bundled else None
    if criteria_source is None or not criteria_source.is_file():
        raise DataError("không tìm thấy bộ tiêu chí mẫu trong bản cài đặt cchc",
                        hint="cài lại cchc (bản cài đặt thiếu dữ liệu kèm theo)")
    if pip_spec is None:
        pip_spec = f"git+{cchc_repo}" + (f"@{cchc_rev}" if cchc_rev else "") if cchc_repo else PIP_PLACEHOLDER
    data = target / DATA_FOLDER
    texts = {
        data / "agencies.yaml": agencies_yaml(province),
        data / "assignments" / f"{year}.yaml": assignment_yaml(year),
        target / ".pre-commit-config.yaml": pre_commit_config(cchc_repo, cchc_rev),
        target / ".github" / "workflows" / "cchc.yml": workflow_yaml(pip_spec),
        target / ".gitignore": ".cchc-cache/\n__pycache__/\n.venv/\n/out/\ncchc-diff.md\n",
        target / ".vscode" / "settings.json": vscode_settings(),
        target / ".vscode" / "extensions.json": vscode_extensions(),
        target / "README.md": readme(province, year),
    }
    if communes_text is not None:
        texts[data / "agencies" / "xa-phuong.yaml"] = communes_text
    # Writing into an existing repository (--force): hold its lock like every data writer.
    with repo_lock(data) if data.is_dir() else contextlib.nullcontext():
        return _write_scaffold(target, texts, data, criteria_source, year)


_YEARS_LINE = re.compile(rb"^years: *\[([0-9, ]*)\][^\n]*\n", re.MULTILINE)


def criteria_with_year(text: bytes, year: int) -> bytes:
    """The bundled criteria set as the scaffold copies it: when its confirmed ``years`` do not
    include the scaffold's year, that year is added to ``provisional_years``, marked as not
    confirmed (never to ``years``), so a fresh repository validates and assigns cleanly."""
    found = _YEARS_LINE.search(text)
    if found is None or str(year).encode() in found.group(1).replace(b" ", b"").split(b","):
        return text
    line = (f"# Năm {year}: dùng tạm bộ tiêu chí này (cchc init ghi); CHƯA XÁC MINH bộ tiêu chí áp dụng cho "
            f"năm {year}. Khi có văn bản, chuyển năm sang `years` hoặc tạo bộ mới.\n"
            f"provisional_years: [{year}]\n").encode()
    return text[:found.end()] + line + text[found.end():]


def _write_scaffold(target: Path, texts: dict[Path, str], data: Path, criteria_source: Path,
                    year: int) -> ScaffoldResult:
    """Write the whole scaffold or nothing of it (:func:`cchc.io.atomic.write_file_set`): a new
    folder is built beside ``target`` and renamed into place; an existing one gets every file
    staged first and removed again if any write fails."""
    files = {path.relative_to(target): text.encode("utf-8") for path, text in texts.items()}
    files[(data / CRITERIA_FILE).relative_to(target)] = criteria_with_year(criteria_source.read_bytes(), year)
    files |= {Path("schemas") / name: content for name, content in schema_files().items()}
    return ScaffoldResult(root=target, files=write_file_set(target, files))


# ---- commune-level units from a CSV (cchc init --communes) ----------------------------------
COMMUNE_TYPES = {"xa": "xã", "phuong": "phường", "dac-khu": "đặc khu"}
_TYPE_ALIASES = {fold(label): key for key, label in COMMUNE_TYPES.items()} | {k: k for k in COMMUNE_TYPES}
TWO_LEVEL_START = "2025-07-01"  # commune-level units of the two-level government operate from 1/7/2025


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def communes_yaml(csv_text: str, province: str, *, file_name: str = "xa-phuong.csv",
                  valid_from: str = TWO_LEVEL_START, first_order: int = 301) -> str:
    """An ``agencies@1`` file with one UBND per row of ``csv_text``.

    Columns (header row, UTF-8): ``name`` ("Xã Hòa Phú", "Phường Tân An", "Đặc khu …"), and
    optionally ``type`` (xa / phuong / dac-khu; else read from the name), ``code`` (the GSO code,
    kept as text), ``formed_from`` (the predecessor units as the resolution lists them), ``note``
    and ``source``. A bad row raises :class:`UsageError` naming its line.
    """
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    if not reader.fieldnames or "name" not in [f.strip() for f in reader.fieldnames]:
        raise UsageError(f"{file_name}: thiếu cột «name» ở dòng tiêu đề",
                         hint="dòng đầu ghi tên cột, ví dụ: code,name,type,formed_from")
    level, place_name = _province_parts(province)
    lines = [
        f"# Các đơn vị hành chính cấp xã của {level} {place_name} (chính quyền địa phương hai cấp,",
        f"# hoạt động từ {valid_from[8:10]}/{valid_from[5:7]}/{valid_from[:4]}), nhập từ {file_name}"
        " bằng `cchc init --communes`.",
        "# Ghi nguồn (nghị quyết sắp xếp đơn vị hành chính cấp xã) vào cột source hoặc chú thích này.",
        "schema: agencies@1",
        f"province: {yaml_scalar(place_name)}",
        "agencies:",
    ]
    seen: set[str] = set()
    for number, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        name = unicodedata.normalize("NFC", row.get("name", ""))
        if not name:
            raise UsageError(f"{file_name}:{number}: thiếu tên đơn vị (cột name)")
        kind = _TYPE_ALIASES.get(fold(row.get("type", "")) or "")
        words = name.split()
        for key, label in COMMUNE_TYPES.items():
            if fold(name).startswith(fold(label) + " "):
                kind = kind or key
                words = words[len(label.split()):]
                break
        if kind is None:
            raise UsageError(f"{file_name}:{number}: không rõ «{name}» là xã, phường hay đặc khu",
                             hint="ghi cột type: xa, phuong hoặc dac-khu, hoặc bắt đầu tên bằng Xã/Phường/Đặc khu")
        bare = " ".join(words)
        if not bare:
            raise UsageError(f"{file_name}:{number}: tên «{name}» chỉ có loại đơn vị, thiếu tên riêng")
        label = COMMUNE_TYPES[kind]
        agency_id = _slugify(f"{kind} {bare}")
        if agency_id in seen:
            agency_id = _slugify(f"{agency_id} {row.get('code') or number}")
        seen.add(agency_id)
        lines += [
            f"  - id: {agency_id}",
            f"    name: {yaml_scalar(f'Ủy ban nhân dân {label} {bare}')}",
            f"    short_name: {yaml_scalar(f'UBND {label} {bare}')}",
            "    kind: xa",
            "    parent: ubnd-tinh",
            f"    order: {first_order + len(seen) - 1}",
            f"    place: {yaml_scalar(bare)}",
        ]
        if row.get("code"):
            lines.append(f"    code: {json.dumps(row['code'])}")
        lines.append(f"    valid_from: {valid_from}")
        if row.get("formed_from"):
            lines.append(f"    predecessors: [{yaml_scalar(row['formed_from'], flow=True)}]")
        if row.get("note"):
            lines.append(f"    note: {yaml_scalar(row['note'])}")
        if row.get("source"):
            lines.append(f"    source: {yaml_scalar(row['source'])}")
    if not seen:
        raise UsageError(f"{file_name}: không có dòng dữ liệu nào")
    return "\n".join(lines) + "\n"
