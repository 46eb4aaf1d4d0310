#!/usr/bin/env bash
# Installs what the portal's browser tests need, from Debian's packages: Chromium
# (/usr/bin/chromium, driven by playwright-core; no browser is ever downloaded) and the Noto
# CJK fonts, so the screenshots show Chinese rather than boxes. Idempotent: does nothing when
# both are there. 'apt-get update' runs only when the first install attempt fails.
#
#   bash scripts/install-browser.sh
set -euo pipefail

log() { printf '[install-browser] %s\n' "$*" >&2; }

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
if ! { command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -qi 'noto'; }; then
  missing+=(fonts-noto-cjk)
fi
if (( ${#missing[@]} == 0 )); then
  log "chromium and CJK fonts are installed"
  exit 0
fi

command -v apt-get >/dev/null 2>&1 || { log "apt-get not found; install by hand: ${missing[*]}"; exit 1; }
as_root=()
if [[ "$(id -u)" != 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { log "need root (or sudo) to install: ${missing[*]}"; exit 1; }
  as_root=(sudo)
fi

apt_install() {
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends "$@"
}

log "apt-get install ${missing[*]}"
if ! apt_install "${missing[@]}"; then
  log "apt-get install failed; running apt-get update and retrying"
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get update -q
  apt_install "${missing[@]}"
fi
/usr/bin/chromium --version >&2 || { log "chromium did not install"; exit 1; }
