#!/usr/bin/env bash
# Installs whatever is missing: npm packages, the build, Asterisk, Ghostscript (fax), MariaDB, the site config,
# the database schema and (on an empty site) the demo data. Safe to run again.
source "$(dirname "$0")/lib.sh"
cd "$PROJECT_DIR"
t0=$(date +%s)
need_root

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed" "check access to the npm registry"
fi
step "building (tsc)"
npx tsc -p . || die "TypeScript build failed" "fix the errors above"

bash scripts/provision-asterisk.sh
ensure_service_user
bash scripts/provision-fax.sh
step "site config"
node dist/src/cli/init-config.js "$(asterisk_root)"
bash scripts/provision-mariadb.sh
bash scripts/mariadb-sizing.sh
step "database schema"
node dist/src/cli/db.js migrate
step "demo site"
node dist/src/cli/db.js seed-demo
step "Asterisk configuration"
node dist/src/cli/asterisk.js render
step "install done in $(( $(date +%s) - t0 )) s"
