#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a downloaded browser): install it when it is missing.
set -euo pipefail

if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
