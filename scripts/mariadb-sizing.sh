#!/usr/bin/env bash
# MariaDB sized to the data and the host (issue 18, reports at scale). Called by
# provision-mariadb.sh once the server runs (never for CC_DB_EXTERNAL=1: that server is its DBA's).
#
# innodb_buffer_pool_size: 1.5 x the data and indexes of the site database and of the reports
# benchmark's (callcenter_bench), or of CC_DB_EXPECTED_MB when more (make bench-reports-10m says
# what it is about to generate); at least 1 GiB, so a new site has room to grow; at most 40 % of
# the host's memory (Asterisk, the app and the OS share
# the host) and never more than memory - 2 GiB; rounded to 128 MiB. A month of reports then reads
# from memory. Override: CC_DB_BUFFER_POOL_MB. innodb_log_file_size: a quarter of the pool, 96 MiB
# to 2 GiB (bulk writes such as an aggregate backfill do not stall on checkpoints).
#
# Writes /etc/mysql/mariadb.conf.d/60-callcenter.cnf (read at the next start) unless someone
# edited that file by hand (its first line is then not ours: it is kept, and said so), and
# raises the buffer pool of the running server online (SET GLOBAL; never lowers it, no restart).
# --print: only show the sizes and the file, change nothing.
source "$(dirname "$0")/lib.sh"
cfg() { node "$PROJECT_DIR/dist/src/cli/config-get.js" "$1"; }

if [ "${CC_DB_EXTERNAL:-0}" = 1 ]; then
  step "MariaDB sizing: external server (CC_DB_EXTERNAL=1), left to its DBA"
  exit 0
fi

print_only=0
[ "${1:-}" = --print ] && print_only=1
CNF_DIR="${CC_MARIADB_CNF_DIR:-/etc/mysql/mariadb.conf.d}"
CNF="$CNF_DIR/60-callcenter.cnf"
HEADER="# Written by callcenter scripts/mariadb-sizing.sh (make install); edit this line away to keep your own values."

mem_mb=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 ))
db=$(cfg db.database)
data_mb=$(mariadb -N -e "SELECT IFNULL(ROUND(SUM(data_length + index_length) / 1048576), 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ('$db', 'callcenter_bench')" 2>/dev/null || echo 0)
[ "${CC_DB_EXPECTED_MB:-0}" -gt "$data_mb" ] && data_mb=$CC_DB_EXPECTED_MB

cap=$(( mem_mb * 40 / 100 ))
[ "$cap" -gt $(( mem_mb - 2048 )) ] && cap=$(( mem_mb - 2048 ))
[ "$cap" -lt 128 ] && cap=128
if [ -n "${CC_DB_BUFFER_POOL_MB:-}" ]; then
  pool=$CC_DB_BUFFER_POOL_MB
  why="CC_DB_BUFFER_POOL_MB"
else
  pool=$(( data_mb * 3 / 2 ))
  [ "$pool" -lt 1024 ] && pool=1024
  [ "$pool" -gt "$cap" ] && pool=$cap
  why="1.5 x ${data_mb} MiB of data, at least 1 GiB, at most ${cap} MiB (40 % of ${mem_mb} MiB)"
fi
pool=$(( pool / 128 * 128 ))
[ "$pool" -lt 128 ] && pool=128
log=$(( pool / 4 ))
[ "$log" -gt 2048 ] && log=2048
[ "$log" -lt 96 ] && log=96

cnf_text="$HEADER
[mysqld]
# $why
innodb_buffer_pool_size = ${pool}M
innodb_log_file_size = ${log}M
# Reports group a month of 15-minute rows in memory (the report runner raises its own session further).
tmp_table_size = 64M
max_heap_table_size = 64M"

step "MariaDB sizing: ${data_mb} MiB of data ($db, callcenter_bench); buffer pool ${pool} MiB, redo log ${log} MiB"
if [ "$data_mb" -gt "$pool" ]; then
  info "the data (${data_mb} MiB) is larger than the buffer pool: reports of long ranges may read from disk (more memory, or CC_DB_BUFFER_POOL_MB)"
fi
if [ "$print_only" = 1 ]; then
  printf '%s\n' "$cnf_text"
  exit 0
fi

if [ -d "$CNF_DIR" ]; then
  if [ -f "$CNF" ] && [ "$(head -n 1 "$CNF")" != "$HEADER" ]; then
    info "$CNF was edited by hand: kept as it is"
  else
    printf '%s\n' "$cnf_text" > "$CNF.tmp" && mv "$CNF.tmp" "$CNF"
    info "written $CNF (read at the next start of mariadbd)"
  fi
else
  info "no $CNF_DIR: set innodb_buffer_pool_size = ${pool}M in this server's configuration by hand"
fi

current_mb=$(( $(mariadb -N -e 'SELECT @@innodb_buffer_pool_size') / 1048576 ))
if [ "$current_mb" -lt "$pool" ]; then
  if mariadb -e "SET GLOBAL innodb_buffer_pool_size = $(( pool * 1048576 ))"; then
    info "running server: buffer pool ${current_mb} MiB -> ${pool} MiB (resized online, no restart)"
  else
    info "running server: could not resize the buffer pool online; it takes ${pool} MiB at the next start"
  fi
else
  info "running server: buffer pool ${current_mb} MiB (kept)"
fi
