"""`cchc init`: a new data repository for a province, ready for `git init` and pull requests.

The scaffold holds a skeleton agency list (the provincial bodies after the 2025
reorganisation), the current PAR INDEX criteria set (copied from the bundled
data), an assignment for the year with one example lead, the pre-commit and CI
configuration that run `cchc fmt`, `cchc validate` and `cchc diff`, JSON
Schemas with the VS Code mapping, and a Vietnamese README.
"""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from cchc.errors import DataError, OutputExistsError, UsageError
from cchc.io.atomic import atomic_write_bytes, atomic_write_text
from cchc.io.lock import repo_lock
from cchc.models.registry import KIND_LABELS, KINDS
from cchc.resources import bundled_data_dir
from cchc.services.schemas import write_schemas

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

# Provincial bodies after the 2025 reorganisation: (id, name, abbreviation, kind, head title).
# The uniform list of Nghị định 45/2025/NĐ-CP (cơ quan chuyên môn thuộc UBND tỉnh).
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
    ("thanh-tra-tinh", "Thanh tra tỉnh", "TTr", "ban-nganh", "Chánh Thanh tra"),
)

_PLAIN_SAFE = re.compile(r"^[^\s\"'#:{}\[\],&*!|>%@`-][^\"#:{}\[\],]*$")


@dataclass
class ScaffoldResult:
    root: Path
    files: list[Path] = field(default_factory=list)


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when safe, double-quoted otherwise."""
    if _PLAIN_SAFE.match(text) and text == text.strip() and text.lower() not in ("null", "true", "false", "~"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _province_parts(province: str) -> tuple[str, str]:
    """("tỉnh", "Đắk Lắk") or ("thành phố", "Hà Nội") from what the user typed."""
    lowered = province.lower()
    for word in ("thành phố ", "tỉnh "):
        if lowered.startswith(word):
            return word.strip(), province[len(word):].strip()
    return "tỉnh", province


def agencies_yaml(province: str) -> str:
    level, name = _province_parts(province)
    place = yaml_scalar(name)
    lines = [
        f"# Danh mục cơ quan, đơn vị của {level} {name} (khung do `cchc init` tạo).",
        "#",
        "# Danh sách các sở theo cơ cấu sau sắp xếp năm 2025 (Nghị định 45/2025/NĐ-CP quy định",
        "# tổ chức các cơ quan chuyên môn thuộc UBND cấp tỉnh). HÃY ĐIỀU CHỈNH theo quyết định",
        f"# của UBND {level}: thêm, bớt cơ quan, sửa thứ tự (order) như trong văn bản phân công,",
        "# thêm ngày thành lập (valid_from) và văn bản nguồn (source) nếu cần.",
        "# Cơ quan đã giải thể, hợp nhất: giữ lại bản ghi và chạy",
        "#   cchc agency end MÃ --on NGÀY-CUỐI-CÙNG --successor MÃ-CƠ-QUAN-KẾ-NHIỆM",
        "schema: agencies@1",
        f"province: {place}",
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
            f"    name: {agency_name}",
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
# Bộ tiêu chí {CRITERIA_SET_ID} hiện chỉ ghi năm áp dụng đã xác minh; nếu bộ này áp dụng cho
# năm {year}, thêm {year} vào `years` trong criteria/par-index-tinh-876.yaml.
schema: assignments@1
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
và báo lỗi ngay. Sau khi nâng cấp cchc, sinh lại schema: `cchc schema -o schemas`.
"""


def _is_empty_dir(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def init_repo(target: Path, province: str, year: int, *, force: bool = False,
              cchc_repo: str | None = None, cchc_rev: str | None = None,
              pip_spec: str | None = None) -> ScaffoldResult:
    """Write a new data repository into ``target`` (empty or missing, unless ``force``)."""
    province = unicodedata.normalize("NFC", " ".join(province.split()))
    if not province:
        raise UsageError("tên tỉnh không được để trống", hint="ví dụ --province \"Đắk Lắk\"")
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
    # Writing into an existing repository (--force): hold its lock like every data writer.
    with repo_lock(data) if data.is_dir() else contextlib.nullcontext():
        return _write_scaffold(target, texts, data, criteria_source)


def _write_scaffold(target: Path, texts: dict[Path, str], data: Path, criteria_source: Path) -> ScaffoldResult:
    result = ScaffoldResult(root=target)
    for path, text in texts.items():
        atomic_write_text(path, text)
        result.files.append(path)
    criteria_target = data / CRITERIA_FILE
    atomic_write_bytes(criteria_target, criteria_source.read_bytes())
    result.files.append(criteria_target)
    result.files.extend(write_schemas(target / "schemas"))
    return result
