# cchc — the two commands of the README:
#   make demo   sets up .venv and runs the main job on the bundled data
#   make test   sets up .venv with the dev tools and runs every check
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    := out

.PHONY: demo test lint bench fuzz clean browser office images

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps: reinstall when pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-run

demo: $(VENV)/.installed-run
	$(BIN)/cchc validate data
	$(BIN)/cchc assign --year 2021
	$(BIN)/cchc assign --year 2021 --format docx -o $(OUT)/phu-luc-phan-cong-2021.docx --force
	$(BIN)/cchc assign --year 2021 --format xlsx -o $(OUT)/phu-luc-phan-cong-2021.xlsx --force
	$(BIN)/cchc deadlines --as-of 2021-07-20
	$(BIN)/cchc deadlines --as-of 2021-07-20 -o $(OUT)/theo-doi.xlsx --force
	$(BIN)/cchc render cv-ubnd-2021-nang-cao-chi-so -o $(OUT)/cv-nang-cao-chi-so-2021.docx --force
	$(BIN)/cchc initiatives --as-of 2022-12-31
	$(BIN)/cchc results
	$(BIN)/cchc report --as-of 2021-07-20 -o $(OUT)/bao-cao-cchc.html --force
	@echo "--- Hôm nay: tỉnh Đắk Lắk mới (từ 01/7/2025), 102 xã, phường, Chỉ thị 012/CT-UBND ---"
	$(BIN)/cchc deadlines --format text
	$(BIN)/cchc deadlines --agency phuong-buon-ma-thuot --format text
	$(BIN)/cchc deadlines --remind -o $(OUT)/don-doc-hom-nay.docx --force
	@echo "Các tệp đã tạo nằm trong thư mục $(OUT)/"

# The report's browser test needs Debian's chromium: install it when missing and we are root
# (quick, never fatal; the test says why it is skipped otherwise).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && { DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 \
	    || { timeout 120 apt-get update -qq >/dev/null 2>&1 \
	      && DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; }; } \
	  || echo "chromium chưa cài được: bỏ qua kiểm thử báo cáo trong trình duyệt"; }

# The page checks (page counts, a page holding only its number, fonts' metrics) need LibreOffice,
# poppler and the Liberation fonts (version 2: metric-compatible with Times New Roman and with every
# Vietnamese letter; version 1 lays ND 30 documents out a page longer): installed the same way.
office:
	@{ command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 \
	    && fc-list 2>/dev/null | grep -q "Liberation Serif" \
	    && { ! command -v dpkg >/dev/null 2>&1 || dpkg -s fonts-liberation2 >/dev/null 2>&1; }; } \
	  || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && { DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends $(OFFICE_PACKAGES) >/dev/null 2>&1 \
	    || { timeout 120 apt-get update -qq >/dev/null 2>&1 \
	      && DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends $(OFFICE_PACKAGES) >/dev/null 2>&1; }; } \
	  || echo "LibreOffice chưa cài được: bỏ qua kiểm thử số trang"; }

OFFICE_PACKAGES := libreoffice-writer-nogui poppler-utils fonts-liberation2

test: $(VENV)/.installed-dev browser office
	$(BIN)/ruff check cchc tests bench tools
	$(BIN)/cchc validate data --no-cache
	$(BIN)/cchc validate examples/ba-ria-vung-tau --no-cache
	$(BIN)/cchc validate examples/thua-thien-hue --no-cache
	$(BIN)/cchc validate examples/ha-noi --no-cache
	$(BIN)/cchc validate examples/ha-noi-2025 --no-cache
	$(BIN)/cchc fmt --check data examples
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check cchc tests bench tools

# Long mutation fuzzing (FUZZ_CASES, default 3000; FUZZ_SEED, default a new one; FUZZ_EVERY=1
# runs every command on every mutant). The quick run (150 cases, fixed seed) is part of `make test`.
fuzz: $(VENV)/.installed-dev
	$(BIN)/python tests/fuzz/run.py

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py
	$(BIN)/python bench/import_plan.py

# Page images of every bundled document (LibreOffice + poppler): all pages in out/images/ to look
# at, the first page of each template in docs/images/ (the pictures the README shows).
images: $(VENV)/.installed-run
	$(BIN)/python tools/images.py

clean:
	rm -rf $(OUT) bench/generated .pytest_cache .ruff_cache data/.cchc-cache
