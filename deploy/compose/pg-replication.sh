#!/bin/bash
# Primary, first start only: let the replica connect for streaming replication.
set -e
echo "host replication hoctap all scram-sha-256" >> "$PGDATA/pg_hba.conf"
