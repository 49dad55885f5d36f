#!/usr/bin/env bash
# Regenerates docs/report-zh.png and docs/report-en.png: the bundled report A/77/275 as a
# reader sees it in each language, taken by headless Chromium from `rapporteur serve`.
#
#   bash docs/screenshots.sh            # needs chromium; Chinese text needs a CJK font
#                                       # (Debian: apt-get install fonts-noto-cjk)
set -euo pipefail
cd "$(dirname "$0")/.."
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome)}
cargo build --locked --quiet
work=$(mktemp -d)
log="$work/serve.log"
target/debug/rapporteur serve --root . --port 0 --output "$work/site" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
url=""
for _ in $(seq 1 300); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$log" | head -n 1 || true)
  [ -n "$url" ] && break
  sleep 0.2
done
[ -n "$url" ] || { cat "$log" >&2; echo "serve did not start" >&2; exit 1; }
for lang in zh en; do
  "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --user-data-dir="$work/profile-$lang" --window-size=1280,1500 \
    --screenshot="docs/report-$lang.png" "${url}${lang}/reports/a-77-275/" 2>/dev/null
  echo "docs/report-$lang.png"
done
