#!/usr/bin/env bash
# Host tools the product itself uses for fax (C8): Ghostscript turns a PDF handed to
# POST /api/v1/faxes into a fax TIFF (tiffg4, 204 x 196 dpi, 1728 pels wide). The app runs
# the conversion on the host (Asterisk only reads the TIFF), so it is installed here, not in
# the Asterisk chroot. Safe to run again.
source "$(dirname "$0")/lib.sh"
need_root
apt_install ghostscript
command -v gs >/dev/null || die "gs is missing after installing ghostscript" "install Ghostscript by hand (gs on PATH)"
# Read the whole device list first: `gs -h | grep -q` can fail under pipefail when grep stops early (SIGPIPE).
devices=$(gs -h 2>/dev/null || true)
grep -qw tiffg4 <<<"$devices" || die "this Ghostscript has no tiffg4 device" "install Debian's ghostscript package"
step "fax tools: Ghostscript $(gs --version)"
