#!/usr/bin/env bash
source "$(dirname "$0")/lib.sh"
cd "$PROJECT_DIR"
for name in app fastagi; do
  pidfile="$VAR_DIR/$name.pid"
  pid=$(cat "$pidfile" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    step "stopping $name"
    kill -TERM "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$pidfile"
done
step "stopping Asterisk"
node dist/src/cli/asterisk.js stop
