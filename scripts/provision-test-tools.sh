#!/usr/bin/env bash
# Tools the tests (and make bench) use besides the product: SIPp (Debian package sip-tester),
# a real SIP user agent that plays attackers and load generators. Safe to run again.
source "$(dirname "$0")/lib.sh"
need_root
apt_install sip-tester
command -v sipp >/dev/null || die "sipp is missing after installing sip-tester" "install SIPp by hand (sipp on PATH)"
step "test tools: $(sipp -v 2>/dev/null | grep -o 'SIPp v[0-9.]*' | head -1)"
