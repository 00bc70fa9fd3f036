# Two commands: `make run` (install what is missing, start the demo site) and `make test`.
SHELL := /bin/bash
.PHONY: install install-service build run stop status demo-call test test-unit test-integration bench bench-reports-10m route clean-asterisk

install:
	@bash scripts/install.sh
	@bash scripts/provision-media.sh

build:
	@npx tsc -p .

run: install
	@bash scripts/run.sh

stop:
	@bash scripts/stop.sh

# Production: systemd units for Asterisk, FastAGI (unprivileged user) and the app (docs/OPERATIONS.md).
install-service: install
	@bash scripts/install-service.sh

status:
	@node dist/src/cli/asterisk.js status
	@curl -s http://127.0.0.1:8080/api/v1/health || echo "app: not answering on 127.0.0.1:8080"; echo

# One call on the running demo site with a simulated carrier and phones, no SIP hardware needed
# (README, "A call without a phone"): FROM, TO, DTMF, HOLD, AGENT_ANSWER=no, HANGUP=agent, SCORE,
# VIA; HELP=1 lists them; CLEANUP=1 stops what an interrupted demo call left running.
demo-call:
	@node dist/src/cli/demo-call.js $(if $(HELP),--help) $(if $(CLEANUP),--cleanup=1) --from='$(FROM)' --to='$(TO)' \
	  $(if $(filter undefined,$(origin DTMF)),,--dtmf='$(DTMF)') --hold='$(HOLD)' --agent-answer='$(AGENT_ANSWER)' \
	  --hangup='$(HANGUP)' --score='$(SCORE)' --via='$(VIA)'

test: install
	@echo "==> unit tests"
	@npx mocha --reporter dot 'dist/test/unit/**/*.test.js'
	@echo "==> database tests (MariaDB only: reports, jobs)"
	@npx mocha --timeout 60000 --exit 'dist/test/db/**/*.test.js'
	@bash scripts/provision-chromium.sh
	@bash scripts/provision-test-tools.sh
	@echo "==> integration tests (real Asterisk, MariaDB and SIP peers)"
	@npx mocha --timeout 60000 --exit --file dist/test/integration/setup.js 'dist/test/integration/**/*.test.js'

test-unit: build
	@npx mocha 'dist/test/unit/**/*.test.js'

# Benchmarks (not tests): QUICK=1 runs one call rate and short holds. Figures: the printed tables,
# bench/results/<date>.json and docs/BENCHMARKS.md.
bench: install
	@bash scripts/provision-test-tools.sh
	@echo "==> call benchmark: latency, capacity, concurrency with RTP, app cost (product vs plain dialplan)"
	@QUICK=$(QUICK) node dist/bench/call-bench.js
	@echo "==> routing engine benchmark (one core, 1,000 rules)"
	@QUICK=$(QUICK) node dist/bench/routing-decisions.js
	@echo "==> CTI fan-out benchmark (100 and 1,000 WebSocket clients)"
	@QUICK=$(QUICK) node dist/bench/cti-fanout.js
	@echo "==> agent desktop: answer click to first audio (Chromium /agent page, WebRTC, the test site)"
	@QUICK=$(QUICK) node dist/bench/agent-media.js
	@echo "==> report benchmark over 1 million call records (database callcenter_bench)"
	@node dist/bench/reports-bench.js

# Reports over 10 million call records and 1 million queue_log rows (database callcenter_bench):
# generating them and backfilling their aggregates takes 20-40 minutes, so not in `make bench`.
# The buffer pool is first sized for the ~8 GB it generates (scripts/mariadb-sizing.sh).
bench-reports-10m: install
	@CC_DB_EXPECTED_MB=8000 bash scripts/mariadb-sizing.sh
	@REPORTS_10M=1 node dist/bench/reports-bench.js

clean-asterisk:
	@bash scripts/clean-asterisk.sh
