#!/usr/bin/env bash
# Host tools the product uses for media (issue 19): sox converts uploaded prompts (WAV, MP3, OGG)
# to what Asterisk plays (8 kHz mono 16-bit WAV); libsox-fmt-mp3 adds MP3 (OGG and WAV are in
# sox's base formats). The app runs sox on the host (Asterisk only reads the WAV). Safe to run again.
source "$(dirname "$0")/lib.sh"
need_root
apt_install sox libsox-fmt-mp3
command -v sox >/dev/null || die "sox is missing after installing it" "install sox by hand (sox on PATH)"
formats=$(sox -h 2>/dev/null || true)
for f in wav mp3 ogg; do
  grep -qw "$f" <<<"$formats" || die "this sox cannot read $f" "install Debian's sox and libsox-fmt-mp3 packages"
done
step "media tools: $(sox --version 2>/dev/null | head -1)"
