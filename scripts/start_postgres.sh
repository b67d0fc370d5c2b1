#!/usr/bin/env bash
# Starts a PostgreSQL server on 127.0.0.1 for the tests of the PostgreSQL store (issue 11):
# Debian's postgresql package (installed when missing and this user may: root or passwordless
# sudo), its main cluster, and a role and database `eventwire` (password `eventwire`).
# Prints the URL to use in EVENTWIRE_TEST_POSTGRES as its last line of standard output; prints nothing and exits 0 when it cannot,
# so the PostgreSQL tests skip (or fail when EVENTWIRE_REQUIRE_POSTGRES=1, as in CI).
set -euo pipefail

if [ "$(id -u)" = 0 ]; then
    as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "postgres tests: cannot start a server as this user; set EVENTWIRE_TEST_POSTGRES to a" \
         "database URL of your own to run them." >&2
    exit 0
fi
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    echo "Installing Debian's postgresql for the PostgreSQL store tests ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get install -y -q --no-install-recommends postgresql >/dev/null \
        || { "${as_root[@]}" apt-get update -q >/dev/null \
             && "${as_root[@]}" apt-get install -y -q --no-install-recommends postgresql >/dev/null; }
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
    "${as_root[@]}" pg_createcluster "$version" main >/dev/null 2>&1
fi
"${as_root[@]}" pg_ctlcluster "$version" main start >/dev/null 2>&1 || true  # "already running"
as_postgres() { "${as_root[@]}" su postgres -c "$1"; }
for _ in $(seq 1 30); do
    as_postgres "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
    sleep 1
done
as_postgres "psql -qAtc \"select 1 from pg_roles where rolname = 'eventwire'\"" | grep -q 1 \
    || as_postgres "psql -qc \"create role eventwire login createdb password 'eventwire'\""
as_postgres "psql -qAtc \"select 1 from pg_database where datname = 'eventwire'\"" | grep -q 1 \
    || as_postgres "createdb -O eventwire eventwire"
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
echo "postgresql://eventwire:eventwire@127.0.0.1:${port}/eventwire"
