#!/usr/bin/env bash
# Host tools the tests (and make bench) use besides the product: SIPp (Debian package
# sip-tester, a real SIP user agent playing attackers and load generators), tshark (packet
# captures on loopback: SDP, RTP events, H.323, RADIUS) and freeradius (a real RADIUS server
# receiving the call accounting). Safe to run again.
source "$(dirname "$0")/lib.sh"
need_root
# tshark asks whether non-root users may capture; the answer does not matter for root.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
apt_install sip-tester tshark freeradius freeradius-utils
command -v sipp >/dev/null || die "sipp is missing after installing sip-tester" "install SIPp by hand (sipp on PATH)"
# The packaged freeradius service is not used: tests start their own instance on loopback.
if systemctl is-enabled freeradius >/dev/null 2>&1; then
  step "freeradius: disabling the packaged service (tests run their own)"
  systemctl disable --now freeradius >/dev/null 2>&1 || true
fi
step "test tools: $(sipp -v 2>/dev/null | grep -o 'SIPp v[0-9.]*' | head -1), tshark, freeradius"
