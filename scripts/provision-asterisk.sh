#!/usr/bin/env bash
# Installs Asterisk >= 20: the host's package where it has one, otherwise a Debian-unstable chroot.
source "$(dirname "$0")/lib.sh"
need_root
mode=$(asterisk_mode)
if [ "$mode" = native ]; then
  step "Asterisk: using the host's package"
  apt_install ${ASTERISK_PACKAGES//,/ }
  exit 0
fi

if [ -x "$CHROOT_DIR/usr/sbin/asterisk" ]; then
  # Reuse the cached chroot; add packages that later issues need if they are missing.
  missing=()
  for p in ${ASTERISK_PACKAGES//,/ }; do chroot "$CHROOT_DIR" dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    step "Asterisk chroot: adding ${missing[*]}"
    chroot "$CHROOT_DIR" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null \
      || { chroot "$CHROOT_DIR" apt-get update -q >/dev/null && chroot "$CHROOT_DIR" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; } \
      || die "could not install ${missing[*]} in $CHROOT_DIR" "delete the chroot (make clean-asterisk) and run again"
  fi
  step "Asterisk chroot: reusing $CHROOT_DIR ($(chroot "$CHROOT_DIR" dpkg-query -W -f='${Version}' asterisk))"
  exit 0
fi

apt_install mmdebstrap
mirror=$(debian_mirror)
tmp="$CHROOT_DIR.partial"
[ -d "$tmp" ] && rm -rf --one-file-system "$tmp"
mkdir -p "$(dirname "$CHROOT_DIR")"
step "Asterisk chroot: building Debian sid with $ASTERISK_PACKAGES from $mirror (about 20-60 s)"
if ! mmdebstrap --quiet --variant=apt --aptopt='Acquire::Check-Valid-Until "false"' \
    --include="$ASTERISK_PACKAGES" sid "$tmp" "$mirror"; then
  rm -rf --one-file-system "$tmp"
  die "mmdebstrap failed" "check that $mirror is reachable and carries sid; set CC_DEBIAN_MIRROR to another mirror"
fi
mv "$tmp" "$CHROOT_DIR"
step "Asterisk chroot ready: $(chroot "$CHROOT_DIR" dpkg-query -W -f='${Version}' asterisk)"
