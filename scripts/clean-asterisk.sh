#!/usr/bin/env bash
# Deletes the cached Asterisk chroot: unmount first, never walk into the host's /proc or /dev.
source "$(dirname "$0")/lib.sh"
[ -d "$CHROOT_DIR" ] || exit 0
for m in $(awk -v r="$CHROOT_DIR" 'index($5, r) == 1 {print $5}' /proc/self/mountinfo | sort -r); do umount -l "$m"; done
rm -rf --one-file-system "$CHROOT_DIR"
step "removed $CHROOT_DIR"
