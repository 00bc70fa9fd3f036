#!/usr/bin/env bash
# Starts Asterisk, then the app and FastAGI under a supervisor in the foreground. A crashed app or
# FastAGI is restarted (calls stay up); Ctrl-C (or make stop) stops everything.
source "$(dirname "$0")/lib.sh"
cd "$PROJECT_DIR"
mkdir -p "$VAR_DIR"
node dist/src/cli/asterisk.js start || die "Asterisk did not start" "see the instance log under $(asterisk_root)/var/lib/callcenter/main/log"
step "starting the app and the FastAGI fallback under the supervisor (either one restarts if it dies; Asterisk keeps the calls)"
CC_RUN_DIR="$VAR_DIR" node dist/src/cli/supervise.js &
sup=$!
info "dashboard: http://$(node dist/src/cli/config-get.js http.host):$(node dist/src/cli/config-get.js http.port)/dashboard (user supervisor; passwords and API tokens: $VAR_DIR/callcenter.json, section api)"
info "CTI API: /api/v1 (OpenAPI: /api/v1/openapi.json), events: ws://.../api/v1/events; FastAGI fallback on $(node dist/src/cli/config-get.js agi.host):$(node dist/src/cli/config-get.js agi.port)"
info "Ctrl-C (or make stop) stops the app, FastAGI and Asterisk"
# One stop on every path: Ctrl-C or make stop ends the supervisor (it stops its children), then Asterisk.
trap 'kill -TERM "$sup" 2>/dev/null || true' INT TERM
code=0
wait "$sup" || code=$?
# A trapped signal interrupts the first wait: wait again until the supervisor has stopped its children.
while kill -0 "$sup" 2>/dev/null; do wait "$sup" || code=$?; done
node dist/src/cli/asterisk.js stop
exit "$code"
