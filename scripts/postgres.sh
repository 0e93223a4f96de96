#!/usr/bin/env bash
# Start a private PostgreSQL server for the vault tests, on 127.0.0.1 and a free port.
#
#   scripts/postgres.sh [start|stop|status|dsn]     (default: start)
#
# Data, logs, socket and the DSN live in $MEMPRIVACY_PG_DIR (default /tmp/memprivacy-pg).
# `start` installs Debian's postgresql when no server binaries are found (root only: one
# `apt-get update`, then `apt-get install -y postgresql`), creates a cluster owned by the
# `postgres` OS user (or by the calling user when not root), a role and a database, starts
# the server and prints the DSN as the last line of stdout; it also writes it to
# $MEMPRIVACY_PG_DIR/dsn. Running it again while the server is up just prints the DSN.
#
#   export MEMPRIVACY_TEST_PG_DSN="$(scripts/postgres.sh | tail -n 1)"
set -euo pipefail

ACTION=${1:-start}
DIR=${MEMPRIVACY_PG_DIR:-/tmp/memprivacy-pg}
DB=memprivacy
ROLE=memprivacy

log() { echo "postgres.sh: $*" >&2; }

find_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$dir" && -x "$dir/pg_ctl" ]]; then echo "$dir"; return; fi
    if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
}

BINDIR=$(find_bindir)
if [[ -z "$BINDIR" ]]; then
    [[ "$ACTION" == start ]] || { log "no PostgreSQL installed"; exit 1; }
    [[ $(id -u) -eq 0 ]] || { log "PostgreSQL is not installed and this is not root: apt-get install postgresql"; exit 1; }
    log "installing Debian's postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y postgresql >&2
    BINDIR=$(find_bindir)
    [[ -n "$BINDIR" ]] || { log "postgresql installed but pg_ctl not found"; exit 1; }
fi

# The server refuses to run as root: run it as `postgres` when we are root.
if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
    OWNER=postgres
    as_owner() { runuser -u postgres -- "$@"; }
else
    OWNER=$(id -un)
    as_owner() { "$@"; }
fi

DATA="$DIR/data"
RUN="$DIR/run"

is_running() {
    [[ -f "$DATA/postmaster.pid" ]] && as_owner "$BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

free_port() {
    local port
    for port in $(seq 54329 54499); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    log "no free port in 54329-54499"; exit 1
}

case "$ACTION" in
    stop)
        if is_running; then as_owner "$BINDIR/pg_ctl" -D "$DATA" -m fast -w stop >&2; fi
        exit 0 ;;
    status)
        if is_running; then log "running"; cat "$DIR/dsn"; exit 0; fi
        log "not running"; exit 3 ;;
    dsn)
        cat "$DIR/dsn"; exit 0 ;;
    start) ;;
    *) log "unknown action $ACTION (start|stop|status|dsn)"; exit 2 ;;
esac

if is_running && [[ -f "$DIR/dsn" ]]; then
    cat "$DIR/dsn"
    exit 0
fi

mkdir -p "$DIR" "$RUN"
chown "$OWNER" "$DIR" "$RUN"
chmod 700 "$DIR"

if [[ ! -f "$DATA/PG_VERSION" ]]; then
    log "creating a cluster in $DATA"
    rm -rf "$DATA"
    as_owner "$BINDIR/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >/dev/null
fi

PORT=$(free_port)
log "starting the server on 127.0.0.1:$PORT"
as_owner "$BINDIR/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 start \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$RUN -c max_connections=200" >&2

psql_super() { as_owner "$BINDIR/psql" -h "$RUN" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

PASSWORD_FILE="$DIR/password"
if [[ ! -s "$PASSWORD_FILE" ]]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr '+/' '-_' > "$PASSWORD_FILE")
fi
PASSWORD=$(cat "$PASSWORD_FILE")

if [[ -z "$(psql_super -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" ]]; then
    psql_super -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'" >/dev/null
else
    psql_super -c "ALTER ROLE $ROLE LOGIN PASSWORD '$PASSWORD'" >/dev/null
fi
if [[ -z "$(psql_super -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]]; then
    psql_super -c "CREATE DATABASE $DB OWNER $ROLE" >/dev/null
fi

DSN="postgresql://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
(umask 077; echo "$DSN" > "$DIR/dsn")
echo "$DSN"
