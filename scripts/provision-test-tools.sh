#!/usr/bin/env bash
# Host tools the integration tests use: tshark (packet captures on loopback: SDP, RTP events,
# H.323, RADIUS) and freeradius (a real RADIUS server receiving the call accounting).
source "$(dirname "$0")/lib.sh"
need_root
# tshark asks whether non-root users may capture; the answer does not matter for root.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
apt_install tshark freeradius freeradius-utils
# The packaged freeradius service is not used: tests start their own instance on loopback.
if systemctl is-enabled freeradius >/dev/null 2>&1; then
  step "freeradius: disabling the packaged service (tests run their own)"
  systemctl disable --now freeradius >/dev/null 2>&1 || true
fi
