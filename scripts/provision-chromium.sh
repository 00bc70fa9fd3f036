#!/usr/bin/env bash
# Installs the browser the dashboard test drives (Debian/Ubuntu package chromium; on Ubuntu
# the deb may be a snap wrapper, then set CC_CHROMIUM to a real binary). Safe to run again.
source "$(dirname "$0")/lib.sh"
need_root
if [ -n "${CC_CHROMIUM:-}" ] && [ -x "$CC_CHROMIUM" ]; then
  step "browser for the dashboard test: $CC_CHROMIUM (CC_CHROMIUM)"
  exit 0
fi
apt_install chromium
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing after the install" "install Chromium by hand and set CC_CHROMIUM to its binary"
step "browser for the dashboard test: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
