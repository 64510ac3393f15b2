#!/usr/bin/env bash
# A PDF printer for the printing test: CUPS with the cups-pdf backend, queue `canbao-pdf`. The PDFs land in the
# printing user's ~/PDF (cups-pdf's default `Out ${HOME}/PDF`).
#
#   eval "$(bash scripts/test-cups.sh start)"
#       starts cupsd when none runs (as root: Debian's cupsd in a container has no init to start it), adds the
#       queue when missing; prints CANBAO_TEST_PRINTER and CANBAO_TEST_PDF_DIR
#   bash scripts/test-cups.sh stop
#       removes the queue, and stops the cupsd this script started (none other)
set -euo pipefail
queue=canbao-pdf
state="${TMPDIR:-/tmp}/canbao-test-cups.pid"

case "${1:-}" in
  start)
    command -v lpadmin >/dev/null && [ -x /usr/lib/cups/backend/cups-pdf ] \
      || { echo "test-cups: cups and printer-driver-cups-pdf are not installed; run scripts/setup.sh" >&2; exit 1; }
    if ! lpstat -r >/dev/null 2>&1 || lpstat -r 2>&1 | grep -q "not running"; then
      [ "$(id -u)" -eq 0 ] || { echo "test-cups: cupsd is not running (start it, or run as root)" >&2; exit 1; }
      cupsd
      for _ in $(seq 1 50); do lpstat -r 2>/dev/null | grep -q "is running" && break; sleep 0.1; done
      pgrep -x cupsd > "$state" || true
    fi
    # A raw queue: canbao's PostScript reaches the cups-pdf backend as it was written and Ghostscript makes the PDF
    # from it, so the PDF keeps the text searchable (a driver queue re-renders CID fonts as Type 3 glyphs through
    # pdftops, which prints the same but loses the characters). A queue with another set-up is replaced.
    lpadmin -x "$queue" 2>/dev/null || true
    lpadmin -p "$queue" -v cups-pdf:/ -E -m raw 2>/dev/null
    echo "export CANBAO_TEST_PRINTER=$queue"
    echo "export CANBAO_TEST_PDF_DIR=$HOME/PDF"
    ;;
  stop)
    lpadmin -x "$queue" 2>/dev/null || true
    if [ -s "$state" ]; then
      kill "$(cat "$state")" 2>/dev/null || true
      rm -f "$state"
    fi
    ;;
  *)
    echo "usage: test-cups.sh start|stop" >&2
    exit 2
    ;;
esac
