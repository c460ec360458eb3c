#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster, then remove the cluster.
#
#   scripts/pg_throwaway.sh sh -c '.venv/bin/python bench/bench_storage.py --db "$FLAREWATCH_DB"'
#
# Needs the Debian `postgresql` package (initdb, pg_ctl under /usr/lib/postgresql/*/bin).
# The cluster listens on 127.0.0.1 at a free port with trust auth, in a temp dir; as root it
# runs as the `postgres` user (initdb refuses root). FLAREWATCH_DB holds its URL.
set -euo pipefail

bin_dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
root=$(mktemp -d /tmp/flarewatch-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" = 0 ]; then
    chown postgres "$root"
    as_owner=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
    "${as_owner[@]}" "$bin_dir/pg_ctl" -D "$root/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$root"
}
trap stop EXIT

"${as_owner[@]}" "$bin_dir/initdb" -D "$root/data" -U postgres --auth=trust --encoding=UTF8 \
    --no-sync >/dev/null
"${as_owner[@]}" "$bin_dir/pg_ctl" -D "$root/data" -l "$root/log" -w start \
    -o "-p $port -k $root -c listen_addresses=127.0.0.1" >/dev/null

export FLAREWATCH_DB="postgresql://postgres@127.0.0.1:$port/postgres"
echo "PostgreSQL at $FLAREWATCH_DB" >&2
"$@"
