#!/bin/bash
# Replica: copy the primary once with pg_basebackup (-R writes the standby settings), then run as a hot standby.
set -e
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_basebackup -h postgres -U hoctap -D "$PGDATA" -R -X stream -c fast; do sleep 2; rm -rf "${PGDATA:?}"/*; done
  chmod 700 "$PGDATA"
fi
exec postgres -D "$PGDATA" -c hot_standby=on
