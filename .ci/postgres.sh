# Start a private PostgreSQL cluster on 127.0.0.1 (sourced by .ci/run and usable by developers).
start_postgres() {
  local bindir port dir
  bindir=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
  port=${DUIDING_PG_PORT:-54329}
  dir=$(mktemp -d /tmp/duiding-pg.XXXXXX)
  chown postgres "$dir" 2>/dev/null || true
  local run="sh -c"
  [ "$(id -u)" = 0 ] && run="su postgres -s /bin/sh -c"
  $run "$bindir/initdb -D $dir/data -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null"
  $run "$bindir/pg_ctl -D $dir/data -o '-p $port -k $dir -c listen_addresses=127.0.0.1' -l $dir/log -w start >/dev/null"
  $run "$bindir/createdb -h 127.0.0.1 -p $port -U postgres duiding_test"
  DUIDING_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/duiding_test"
  echo "PostgreSQL for tests at $DUIDING_TEST_POSTGRES_URL"
}
