# Start a private PostgreSQL cluster on 127.0.0.1 (sourced by .ci/run and usable by developers).
# Sets DUIDING_TEST_POSTGRES_URL; returns non-zero (with a message) when the server cannot start.
start_postgres() {
  local bindir port dir run
  bindir=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
  port=${DUIDING_PG_PORT:-54329}
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done  # first free port
  dir=$(mktemp -d /tmp/duiding-pg.XXXXXX)
  run="sh -c"
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir"
    run="su postgres -s /bin/sh -c"
  fi
  $run "$bindir/initdb -D $dir/data -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null" || { echo "initdb failed" >&2; return 1; }
  $run "$bindir/pg_ctl -D $dir/data -o '-p $port -k $dir -c listen_addresses=127.0.0.1' -l $dir/log -w start >/dev/null" \
    || { echo "PostgreSQL did not start:" >&2; cat "$dir/log" >&2; return 1; }
  $run "$bindir/createdb -h 127.0.0.1 -p $port -U postgres duiding_test" || { echo "createdb failed" >&2; return 1; }
  DUIDING_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/duiding_test"
  echo "PostgreSQL for tests at $DUIDING_TEST_POSTGRES_URL"
}
