#!/usr/bin/env bash
# End-to-end tests drive Debian's Chromium (no browser downloads are possible here). Installs it when missing,
# with a colour emoji font (chat reactions are emoji; without it screenshots show empty boxes).
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "kring: end-to-end tests need Chromium at /usr/bin/chromium: run 'sudo apt-get install -y chromium fonts-noto-color-emoji'" >&2
  exit 1
fi
echo "kring: installing Chromium from Debian (once)" >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >&2
