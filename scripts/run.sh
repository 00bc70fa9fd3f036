#!/usr/bin/env bash
# Starts Asterisk, then the app in the foreground. Ctrl-C (or make stop) stops both.
source "$(dirname "$0")/lib.sh"
cd "$PROJECT_DIR"
mkdir -p "$VAR_DIR"
node dist/src/cli/asterisk.js start || die "Asterisk did not start" "see the instance log under $(asterisk_root)/var/lib/callcenter/main/log"
step "starting the FastAGI fallback (its own process: calls keep routing if the app stops)"
node dist/src/agi/main.js &
agi=$!
echo "$agi" > "$VAR_DIR/fastagi.pid"
step "starting the app (Ctrl-C stops the app, FastAGI and Asterisk)"
node dist/src/main.js &
app=$!
echo "$app" > "$VAR_DIR/app.pid"
stop_all() {
  kill -TERM "$app" "$agi" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  wait "$agi" 2>/dev/null || true
  rm -f "$VAR_DIR/app.pid" "$VAR_DIR/fastagi.pid"
  node dist/src/cli/asterisk.js stop
}
info "dashboard: http://$(node dist/src/cli/config-get.js http.host):$(node dist/src/cli/config-get.js http.port)/dashboard (user supervisor; passwords and API tokens: $VAR_DIR/callcenter.json, section api)"
info "CTI API: /api/v1 (OpenAPI: /api/v1/openapi.json), events: ws://.../api/v1/events; FastAGI fallback on $(node dist/src/cli/config-get.js agi.host):$(node dist/src/cli/config-get.js agi.port)"
# One stop on every path: Ctrl-C interrupts the wait, then the same stop runs once.
trap 'kill -TERM "$app" 2>/dev/null || true' INT TERM
wait "$app" || true
stop_all
