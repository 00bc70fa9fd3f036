#!/usr/bin/env bash
source "$(dirname "$0")/lib.sh"
cd "$PROJECT_DIR"
for name in app fastagi; do
  pidfile="$VAR_DIR/$name.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    step "stopping $name"
    kill -TERM "$(cat "$pidfile")"
    for _ in $(seq 1 50); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$pidfile"
done
step "stopping Asterisk"
node dist/src/cli/asterisk.js stop
