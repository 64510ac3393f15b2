#!/usr/bin/env bash
# Installs the system packages Canbao builds and tests with, if any is missing. Safe to run again.
set -euo pipefail
# postgresql: the server the PostgreSQL store tests start a throwaway cluster of (scripts/test-postgres.sh).
# cups, printer-driver-cups-pdf, poppler-utils: the PDF printer the printing test prints to (scripts/test-cups.sh).
# fonts-arphic-uming: the font Ghostscript's CID map (poppler-data) gives the notices' STSong-Light; without it a
# fallback font sets the text, and the PDF's text no longer reads back (digits come out spaced, Chinese garbled).
needed=(libsqlite3-dev libncursesw5-dev tmux postgresql cups printer-driver-cups-pdf poppler-utils fonts-arphic-uming)
missing=()
for p in "${needed[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -q
  $sudo_cmd apt-get install -y -q "${missing[@]}"
fi
command -v swift >/dev/null || { echo "setup: swift (6.x) is not on PATH" >&2; exit 1; }
