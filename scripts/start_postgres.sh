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
# PostGIS, so the tests cover the geometry columns; the store works without it (plain lat/lon).
if ! ls "/usr/share/postgresql/$version/extension/postgis.control" >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends \
        "postgresql-$version-postgis-3" >/dev/null 2>&1 \
        || echo "postgres tests: PostGIS could not be installed; its tests will skip." >&2
fi
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
# In template1, so every database the tests create has PostGIS, as a DBA would set it up; the
# eventwire role is no superuser and could not create the extension itself.
if ls "/usr/share/postgresql/$version/extension/postgis.control" >/dev/null 2>&1; then
    for db in template1 eventwire; do
        as_postgres "psql -q -d $db -c 'create extension if not exists postgis'" >/dev/null 2>&1 \
            || echo "postgres tests: could not create the PostGIS extension in $db." >&2
    done
fi
# The template of the test databases: an English ICU collation, so a query that needs code-point
# order and forgets COLLATE "C" fails the tests (a C.UTF-8 database would hide it), with PostGIS.
if ! as_postgres "psql -qAtc \"select 1 from pg_database where datname = 'eventwire_test_template'\"" | grep -q 1; then
    as_postgres "psql -qc \"create database eventwire_test_template owner eventwire template template0 locale_provider icu icu_locale 'en' locale 'C.UTF-8'\"" >/dev/null 2>&1 \
        || as_postgres "psql -qc \"create database eventwire_test_template owner eventwire template template0\"" >/dev/null
    as_postgres "psql -q -d eventwire_test_template -c 'create extension if not exists postgis'" >/dev/null 2>&1 || true
    as_postgres "psql -qc \"alter database eventwire_test_template is_template true\"" >/dev/null
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
echo "postgresql://eventwire:eventwire@127.0.0.1:${port}/eventwire"
