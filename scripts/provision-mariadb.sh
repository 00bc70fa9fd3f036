#!/usr/bin/env bash
# Installs and starts MariaDB (unless CC_DB_EXTERNAL=1 names an already running MySQL),
# then creates the database, a least-privilege app user and an admin user for migrations.
source "$(dirname "$0")/lib.sh"
cfg() { node "$PROJECT_DIR/dist/src/cli/config-get.js" "$1"; }

if [ "${CC_DB_EXTERNAL:-0}" = 1 ]; then
  step "MariaDB: using the external server at $(cfg db.host):$(cfg db.port) (CC_DB_EXTERNAL=1); database and users must exist"
  exit 0
fi
need_root
apt_install mariadb-server mariadb-client

if ! mariadb-admin ping >/dev/null 2>&1; then
  step "MariaDB: starting mariadbd"
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  mkdir -p "$VAR_DIR/log"
  nohup mariadbd --user=mysql --bind-address=127.0.0.1 --port="$(cfg db.port)" >>"$VAR_DIR/log/mariadb.log" 2>&1 &
  for i in $(seq 1 60); do
    mariadb-admin ping >/dev/null 2>&1 && break
    [ "$i" = 60 ] && die "mariadbd did not answer within 60 s" "read $VAR_DIR/log/mariadb.log"
    sleep 1
  done
fi
step "MariaDB: running ($(mariadb -N -e 'SELECT VERSION()'))"

db=$(cfg db.database); user=$(cfg db.user); pass=$(cfg db.password)
admin=$(cfg db.adminUser); adminpass=$(cfg db.adminPassword)
step "MariaDB: database $db, app user $user (DML only), admin user $admin (migrations)"
mariadb <<SQL || die "creating the database or users failed" "run 'mariadb' as root and check the error above"
CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$user'@'localhost' IDENTIFIED BY '$pass';
CREATE USER IF NOT EXISTS '$user'@'127.0.0.1' IDENTIFIED BY '$pass';
ALTER USER '$user'@'localhost' IDENTIFIED BY '$pass';
ALTER USER '$user'@'127.0.0.1' IDENTIFIED BY '$pass';
CREATE USER IF NOT EXISTS '$admin'@'localhost' IDENTIFIED BY '$adminpass';
CREATE USER IF NOT EXISTS '$admin'@'127.0.0.1' IDENTIFIED BY '$adminpass';
ALTER USER '$admin'@'localhost' IDENTIFIED BY '$adminpass';
ALTER USER '$admin'@'127.0.0.1' IDENTIFIED BY '$adminpass';
GRANT SELECT, INSERT, UPDATE, DELETE ON \`$db\`.* TO '$user'@'localhost', '$user'@'127.0.0.1';
GRANT SELECT, INSERT, UPDATE, DELETE ON \`${db}\_test%\`.* TO '$user'@'localhost', '$user'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`$db\`.* TO '$admin'@'localhost', '$admin'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`${db}\_test%\`.* TO '$admin'@'localhost', '$admin'@'127.0.0.1';
SQL

# D3: Asterisk writes CDR and CEL through ODBC with its own account: INSERT on cdr and cel only,
# in the site database, the test database and the call benchmark's database. A table grant needs the table to exist unless
# CREATE is in the list, so CREATE is granted and at once revoked (the tables come from the
# migrations, which run after this step).
astuser=$(cfg db.asteriskUser); astpass=$(cfg db.asteriskPassword)
if [ "$astpass" = null ]; then
  info "no db.asteriskPassword in the site config: Asterisk CDR/CEL are not written to MySQL"
else
  step "MariaDB: Asterisk CDR/CEL user $astuser (INSERT on cdr and cel only)"
  grants=""
  for d in "$db" "${db}_test" "${db}_test_bench"; do
    for t in cdr cel; do
      grants+="GRANT CREATE, INSERT ON \`$d\`.\`$t\` TO '$astuser'@'localhost', '$astuser'@'127.0.0.1';
REVOKE CREATE ON \`$d\`.\`$t\` FROM '$astuser'@'localhost', '$astuser'@'127.0.0.1';
"
    done
  done
  mariadb <<SQL || die "creating the Asterisk CDR/CEL user failed" "run 'mariadb' as root and check the error above"
CREATE USER IF NOT EXISTS '$astuser'@'localhost' IDENTIFIED BY '$astpass';
CREATE USER IF NOT EXISTS '$astuser'@'127.0.0.1' IDENTIFIED BY '$astpass';
ALTER USER '$astuser'@'localhost' IDENTIFIED BY '$astpass';
ALTER USER '$astuser'@'127.0.0.1' IDENTIFIED BY '$astpass';
$grants
SQL
fi

# Benchmarks (make bench) generate their data in a database of their own.
mariadb <<SQL || die "granting the benchmark database failed" "run 'mariadb' as root and check the error above"
GRANT ALL PRIVILEGES ON \`callcenter_bench\`.* TO '$admin'@'localhost', '$admin'@'127.0.0.1';
GRANT SELECT, INSERT, UPDATE, DELETE ON \`callcenter_bench\`.* TO '$user'@'localhost', '$user'@'127.0.0.1';
SQL
