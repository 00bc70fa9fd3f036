#!/usr/bin/env bash
# Production: installs systemd units for Asterisk, FastAGI and the app (Restart=on-failure,
# ordering, hardening; the app and FastAGI as the unprivileged callcenter user), then checks them with
# systemd-analyze verify. CC_SYSTEMD_DIR renders elsewhere (tests); CC_SERVICE_NO_USER=1 skips
# creating the user and changing file ownership (tests).
source "$(dirname "$0")/lib.sh"
cd "$PROJECT_DIR"
UNIT_DIR="${CC_SYSTEMD_DIR:-/etc/systemd/system}"
NODE="$(command -v node)" || die "node not found" "install Node 20"
[ -f dist/src/main.js ] || die "the app is not built" "run make install (or npx tsc -p .) first"
ASTERISK_PIDFILE="$(node dist/src/cli/asterisk.js pidfile)"
read -r ASTERISK_ETC ASTERISK_VAR ASTERISK_GID <<<"$(node dist/src/cli/asterisk.js paths)"

if [ "${CC_SERVICE_NO_USER:-0}" != 1 ]; then
  need_root
  ensure_service_user
  step "giving callcenter read access to the site config, its spool and report folders"
  mkdir -p "$VAR_DIR/spool" "$VAR_DIR/reports"
  chgrp callcenter "$VAR_DIR/callcenter.json" && chmod 640 "$VAR_DIR/callcenter.json"
  chown -R callcenter:callcenter "$VAR_DIR/spool" "$VAR_DIR/reports"
  step "rendering Asterisk's configuration (its folder now belongs to callcenter, group asterisk)"
  node dist/src/cli/asterisk.js render
  runuser -u callcenter -- test -r "$PROJECT_DIR/dist/src/agi/main.js" \
    || die "the callcenter user cannot read $PROJECT_DIR (a home folder such as /root is private)" "clone the project under /opt (e.g. /opt/callcenter) and run make install-service there"
fi

mkdir -p "$UNIT_DIR"
for unit in callcenter-asterisk callcenter-fastagi callcenter-app; do
  step "writing $UNIT_DIR/$unit.service"
  sed -e "s|@PROJECT_DIR@|$PROJECT_DIR|g" -e "s|@NODE@|$NODE|g" -e "s|@ASTERISK_PIDFILE@|$ASTERISK_PIDFILE|g" \
      -e "s|@ASTERISK_ETC@|$ASTERISK_ETC|g" -e "s|@ASTERISK_VAR@|$ASTERISK_VAR|g" -e "s|@ASTERISK_GID@|$ASTERISK_GID|g" "scripts/systemd/$unit.service.in" > "$UNIT_DIR/$unit.service"
done
if command -v systemd-analyze >/dev/null; then
  step "checking the units (systemd-analyze verify)"
  # Without a running systemd, verify still parses the units and checks their binaries.
  # A value it cannot parse is only a warning (exit 0): any output counts as a failure.
  out="$(cd "$UNIT_DIR" && systemd-analyze verify --man=no callcenter-asterisk.service callcenter-fastagi.service callcenter-app.service 2>&1)" || true
  [ -z "$out" ] || die "systemd-analyze found problems in the units: $out" "fix the templates in scripts/systemd/*.service.in"
fi
if [ -d /run/systemd/system ] && [ "$UNIT_DIR" = /etc/systemd/system ]; then
  step "systemctl daemon-reload"
  systemctl daemon-reload
  info "start: systemctl enable --now callcenter-asterisk callcenter-fastagi callcenter-app"
else
  info "this host runs no systemd: the units are written; on a systemd host run"
  info "systemctl daemon-reload && systemctl enable --now callcenter-asterisk callcenter-fastagi callcenter-app"
fi
