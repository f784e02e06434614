#!/usr/bin/env bash
# Install the Debian packages the tests and manuals need, if they are missing:
# Chromium (browser tests, screenshots), poppler-utils (pdftotext, pdftoppm),
# the Pango libraries WeasyPrint draws with, and LibreOffice Writer (DOCX checks).
# Safe to run again: it installs only what is missing.
set -euo pipefail
packages=(chromium chromium-driver poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-thai-tlwg)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing system packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
