# Shared helpers for the provisioning scripts. Sourced, not executed.
# Every step prints what it does; a failing step says what to do next.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VAR_DIR="${CC_VAR_DIR:-$PROJECT_DIR/var}"
# Where a Debian-unstable chroot with Asterisk lives when the host has no Asterisk >= 20.
# Kept outside the clone so that a fresh clone reuses it.
CHROOT_DIR="${CC_ASTERISK_CHROOT:-/var/cache/callcenter/asterisk-sid}"
# Packages installed into the chroot (or on the host in native mode).
# odbc-mariadb + unixodbc: CDR and CEL into MySQL through res_odbc (cdr_adaptive_odbc, cel_odbc).
# asterisk-ooh323: H.323 gateways (S8); asterisk-dahdi (with the dahdi tools): telephony boards (S7).
# cdr_radius/cel_radius and res_fax_spandsp come with asterisk-modules.
# netbase: /etc/services; radcli (cdr_radius, S9) resolves the service "radius-acct" even with a
# numeric host:port and fails every record without it (mmdebstrap's apt variant has no netbase).
ASTERISK_PACKAGES="${CC_ASTERISK_PACKAGES:-asterisk,asterisk-modules,asterisk-core-sounds-en,asterisk-moh-opsound-wav,odbc-mariadb,unixodbc,asterisk-ooh323,asterisk-dahdi,netbase}"

step() { printf '==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$1" >&2; [ $# -gt 1 ] && printf 'What to do: %s\n' "$2" >&2; exit 1; }

need_root() {
  [ "$(id -u)" = 0 ] || die "this step needs root (it installs packages and starts services)" "run it as root, e.g. sudo make run"
}

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  step "apt-get install ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; then
    info "install failed, refreshing the package lists once"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || die "apt-get update failed" "check the host's apt sources and network"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed" "run it by hand to see apt's message"
  fi
}

# The Debian mirror URI from the host's own apt configuration (never hard-coded).
debian_mirror() {
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1=="deb" && $0 !~ /security/ {for (i=2;i<=NF;i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || die "cannot find a Debian mirror in the host's apt sources" "set CC_DEBIAN_MIRROR to a Debian mirror URI"
  printf '%s\n' "${CC_DEBIAN_MIRROR:-$uri}"
}

# "native" when the host's Asterisk (installed or installable) is >= 20, else "chroot".
asterisk_mode() {
  if [ -n "${CC_ASTERISK_MODE:-}" ]; then echo "$CC_ASTERISK_MODE"; return; fi
  local v
  v=$(dpkg-query -W -f='${Version}' asterisk 2>/dev/null || true)
  [ -z "$v" ] && v=$(apt-cache policy asterisk 2>/dev/null | awk '/Candidate:/ {print $2}')
  v=${v#*:}
  if [ -n "$v" ] && [ "$v" != "(none)" ] && [ "${v%%.*}" -ge 20 ] 2>/dev/null; then echo native; else echo chroot; fi
}

# The filesystem root Asterisk sees: / natively, the chroot otherwise.
asterisk_root() { if [ "$(asterisk_mode)" = native ]; then echo /; else echo "$CHROOT_DIR"; fi; }

# Runs a command where Asterisk lives.
in_asterisk_root() {
  if [ "$(asterisk_mode)" = native ]; then "$@"; else chroot "$CHROOT_DIR" "$@"; fi
}

# The unprivileged system user the app and FastAGI run as (issue 16, least privilege).
ensure_service_user() {
  if ! id callcenter >/dev/null 2>&1; then
    step "creating the system user callcenter (the app and FastAGI run as it, not as root)"
    useradd --system --home-dir "$VAR_DIR" --no-create-home --shell /usr/sbin/nologin callcenter \
      || die "useradd callcenter failed" "create a system user named callcenter by hand, then run make install again"
  fi
}
