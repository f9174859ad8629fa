#!/usr/bin/env bash
# The Debian packages the PMIS itself needs (not the browser of the tests: .ci/run adds that), installed when
# missing: gettext compiles the translations, Node.js and npm install the front-end libraries and fonts, Pango
# lets WeasyPrint draw the PDF protocols and forms.
set -euo pipefail
need=()
command -v msgfmt >/dev/null || need+=(gettext)
command -v npm >/dev/null || need+=(nodejs npm)
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0.so.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "PMIS needs these system packages: ${need[*]} (install them, then run make again)" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
