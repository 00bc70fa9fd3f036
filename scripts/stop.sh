#!/usr/bin/env bash
source "$(dirname "$0")/lib.sh"
cd "$PROJECT_DIR"
# The supervisor (make run) stops its children itself; then anything left from an older run.
for name in supervisor app fastagi; do
  pidfile="$VAR_DIR/$name.pid"
  pid=$(cat "$pidfile" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    step "stopping $name"
    kill -TERM "$pid"
    for _ in $(seq 1 75); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$pidfile"
done
# A demo call's simulated carrier and phones, if one was interrupted (unregistered while Asterisk still runs).
if [ -f dist/src/cli/demo-call.js ]; then node dist/src/cli/demo-call.js --cleanup=1 | grep -v 'no demo call leftovers' || true; fi
step "stopping Asterisk"
node dist/src/cli/asterisk.js stop
