#!/usr/bin/env bash
# Install the Debian packages the build and the tests need, if they are missing (usage: $0 [build|test|ocr]):
# Chromium (browser tests, screenshots), poppler-utils (pdftotext, pdftoppm),
# the Pango libraries WeasyPrint draws with, and LibreOffice Writer (DOCX checks).
# Safe to run again: it installs only what is missing.
set -euo pipefail
# build: what `handbook build` needs (Graphviz for flowcharts, Pango for WeasyPrint)
# test: also Chromium (browser tests), poppler (pdftotext, pdftoppm), LibreOffice Writer (DOCX checks)
# ocr (opt-in): OCR of scanned manuals for `handbook import --ocr` and bench/import_ocr.py — ocrmypdf
#   (brings Tesseract) and Tesseract's Thai data, with poppler (pdftoppm); about 60 MB
profile="${1:-test}"
packages=(graphviz libpango-1.0-0 libpangoft2-1.0-0 fonts-thai-tlwg)
if [ "$profile" = "ocr" ]; then
  packages+=(ocrmypdf tesseract-ocr-tha poppler-utils)
fi
if [ "$profile" = "test" ]; then
  packages+=(chromium chromium-driver poppler-utils libreoffice-writer-nogui)
  command -v npm >/dev/null 2>&1 || packages+=(npm)  # npm may come with a nodejs from elsewhere
fi
# test: axe-core (accessibility checks of tests/test_a11y.py) from the npm registry, pinned in
# tests/package.json and tests/package-lock.json, into tests/node_modules/ (never from a CDN)
install_test_js() {
  if [ "$profile" = "test" ] && [ ! -f "$(dirname "$0")/../tests/node_modules/axe-core/axe.min.js" ]; then
    (cd "$(dirname "$0")/../tests" && npm ci --no-audit --no-fund --silent)
  fi
}
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  install_test_js
  exit 0
fi
echo "Installing system packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_test_js
