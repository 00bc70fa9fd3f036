#!/usr/bin/env bash
source "$(dirname "$0")/lib.sh"
cd "$PROJECT_DIR"
if [ -f "$VAR_DIR/app.pid" ] && kill -0 "$(cat "$VAR_DIR/app.pid")" 2>/dev/null; then
  step "stopping the app"
  kill -TERM "$(cat "$VAR_DIR/app.pid")"
  for _ in $(seq 1 50); do kill -0 "$(cat "$VAR_DIR/app.pid")" 2>/dev/null || break; sleep 0.2; done
  rm -f "$VAR_DIR/app.pid"
fi
step "stopping Asterisk"
node dist/src/cli/asterisk.js stop
