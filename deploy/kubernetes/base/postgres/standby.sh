if [ "$(id -u)" = 0 ]; then mkdir -p "$PGDATA" && chown -R postgres "$(dirname "$PGDATA")" && exec gosu postgres sh -c "$0" "$0"; fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_basebackup -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -D "$PGDATA" -R -X stream; do
    echo "waiting for the primary at $PRIMARY_HOST:$PRIMARY_PORT"; rm -rf "$PGDATA"/*; sleep 2
  done
  chmod 0700 "$PGDATA"
fi
exec postgres
