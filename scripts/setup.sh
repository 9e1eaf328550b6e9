#!/usr/bin/env bash
# Set up everything pamphlet needs on a fresh Debian machine, idempotently.
#   scripts/setup.sh build   Python environment (.venv) and the system libraries builds use
#   scripts/setup.sh test    the above, plus what the tests and `pamphlet check` run: Java
#                            (epubcheck), jing (RELAX NG), zbarimg (barcodes), Chromium and
#                            DAISY Ace (EPUB accessibility), Ghostscript, MuPDF and Poppler
#                            (read every PDF as a print shop's RIP and a reader would), strace
#                            (tests), from Debian and npm
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-build}"
python="${PYTHON:-python3}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "setup: need root to run: $*" >&2; return 1; fi; }

apt_updated=0
need_debian() {  # need_debian PACKAGE...: install the Debian packages not yet installed
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} = 0 ] && return 0
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ $apt_updated = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# WeasyPrint needs Pango; HarfBuzz's subsetter makes font embedding ~20x faster.
need_debian libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$python" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
  echo "setup: installing pamphlet and its Python dependencies into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  # compat: a path in a .pth file, not an import hook (which costs every command 0.1 s)
  .venv/bin/python -m pip install -q -e '.[test]' --config-settings editable_mode=compat
  rm -f .venv/.installed-*
  touch "$stamp"
fi
# WeasyPrint's C declarations compiled once, so that every build imports it in half the time
# (pamphlet/layout/fastload.py); made again whenever WeasyPrint changes.
.venv/bin/python -c "from pamphlet.layout.fastload import prepare; prepare()"
# The PDF faces (static cuts of the variable font, small caps made distinct) cut once, beside
# the installed packages, so a first build does not spend ~0.9 s on them (pamphlet/fonts.py).
.venv/bin/python -c "from pamphlet.fonts import cut_faces, prepared_faces; cut_faces(prepared_faces())"
# pamphlet's own bytecode, compiled once: an editable install is not compiled by pip, and
# with PYTHONDONTWRITEBYTECODE set every command would compile its modules again (~0.04 s).
.venv/bin/python -m compileall -q pamphlet >/dev/null

if [ "$mode" = test ]; then
  command -v java >/dev/null || need_debian default-jre-headless
  # jing validates the OPDS catalogue against the RELAX NG schemas in tests/schemas/
  need_debian jing
  # Ghostscript's separation device (tiffsep) judges the plates of two-colour print files
  need_debian ghostscript
  # zbarimg decodes the covers' ISBN barcodes from rendered pages: an independent reader
  need_debian zbar-tools
  need_debian chromium
  # strace: the hostile corpus checks that no C library opens a font of the machine
  need_debian strace
  # Readers from outside: Ghostscript (gs) and MuPDF (mutool) read every PDF the way a
  # print shop's RIP and a viewer do, and report damage they repair silently; Poppler's
  # pdftotext reads the screen PDF's text as a copy-and-paste or a screen reader would.
  need_debian ghostscript mupdf-tools poppler-utils
  # DAISY Ace (tools/package.json, pinned in tools/package-lock.json) runs on Node.js 20+
  # and drives Debian's Chromium: no browser or Electron download (the network is closed).
  if [ -f tools/package.json ]; then
    command -v npm >/dev/null || need_debian nodejs npm
    ace_stamp=tools/node_modules/.installed-$(sha256sum tools/package-lock.json | cut -c1-12)
    if [ ! -f "$ace_stamp" ] || [ ! -x tools/node_modules/.bin/ace-puppeteer ]; then
      echo "setup: installing DAISY Ace into tools/node_modules"
      (cd tools && PUPPETEER_SKIP_DOWNLOAD=true ELECTRON_SKIP_BINARY_DOWNLOAD=1 \
        npm ci --no-audit --no-fund --loglevel=error)
      touch "$ace_stamp"
    fi
  fi
fi
