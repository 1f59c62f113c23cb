#!/usr/bin/env bash
# The multi-process topology of docs/deploy.md on this machine, on loopback only:
#   nginx :8080  ->  gunicorn :8101, :8102 (cms.settings.production)
#                    site http://127.0.0.1:8080, SCORM content origin http://localhost:8080 (second server name)
#   pgbouncer :56432 (transaction mode) -> PostgreSQL primary :55432, streaming replica :55433 (pg_basebackup)
#   Redis :56379, moto's S3 server :55000 (buckets hoctap-media, hoctap-private), a django-tasks db_worker.
# Usage: deploy/local/cluster.sh up | down | status | kill NAME | start NAME | env
# Everything lives in $CLUSTER_DIR (default /tmp/hoctap-cluster); `down` stops every process it started.
# CLUSTER_PORT_OFFSET (default 0) moves every port above by that much: a second cluster beside the first (CI).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
DIR=${CLUSTER_DIR:-/tmp/hoctap-cluster}
PY=${PY:-$ROOT/.venv/bin/python}
BIN=$(dirname "$PY")
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
OFFSET=${CLUSTER_PORT_OFFSET:-0}
HTTP_PORT=${HTTP_PORT:-$((8080 + OFFSET))}
APP_PORTS=($((8101 + OFFSET)) $((8102 + OFFSET)))
PG_PRIMARY=$((55432 + OFFSET))
PG_REPLICA=$((55433 + OFFSET))
PGBOUNCER=$((56432 + OFFSET))
REDIS=$((56379 + OFFSET))
S3=$((55000 + OFFSET))
WORKERS_PER_APP=${WORKERS_PER_APP:-2}

as_postgres() { runuser -u postgres -- "$@"; }
log() { echo "cluster: $*"; }

wait_port() {  # wait_port PORT SECONDS
  local deadline=$((SECONDS + ${2:-30}))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "cluster: nothing answers on port $1" >&2; return 1; }
    sleep 0.2
  done
}

pid_alive() { [ -f "$DIR/run/$1.pid" ] && kill -0 "$(cat "$DIR/run/$1.pid")" 2>/dev/null; }

# Start a background process, remembering its pid (setsid: its own group, so `down` stops its children too).
spawn() {  # spawn NAME COMMAND...
  local name=$1; shift
  if pid_alive "$name"; then return; fi
  setsid "$@" >>"$DIR/log/$name.log" 2>&1 < /dev/null &
  echo $! >"$DIR/run/$name.pid"
}

stop() {  # stop NAME
  if pid_alive "$1"; then
    local pid; pid=$(cat "$DIR/run/$1.pid")
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$DIR/run/$1.pid"
}

app_env() {
  cat <<EOF
export DJANGO_SETTINGS_MODULE=cms.settings.production
export SECRET_KEY=$(cat "$DIR/secret_key")
export ALLOWED_HOSTS=127.0.0.1,localhost
export BASE_URL=http://127.0.0.1:$HTTP_PORT
export CSRF_TRUSTED_ORIGINS=http://127.0.0.1:$HTTP_PORT
export SCORM_CONTENT_ORIGIN=http://localhost:$HTTP_PORT
export SECURE_SSL_REDIRECT=0
export SECURE_COOKIES=0
export SECURE_HSTS_SECONDS=0
export DATABASE_URL=postgres://hoctap@127.0.0.1:$PGBOUNCER/hoctap
export DATABASE_REPLICA_URL=postgres://hoctap@127.0.0.1:$PGBOUNCER/hoctap_replica
export DATABASE_POOLER=pgbouncer
export REDIS_URL=redis://127.0.0.1:$REDIS/0
export S3_ENDPOINT_URL=http://127.0.0.1:$S3
export S3_ACCESS_KEY_ID=local
export S3_SECRET_ACCESS_KEY=local-secret
export S3_REGION_NAME=us-east-1
export S3_MEDIA_BUCKET=hoctap-media
export S3_PRIVATE_BUCKET=hoctap-private
export TASKS_BACKEND=django_tasks_db.DatabaseBackend
export CERTIFICATES_SIGNING_KEYS_FILE=$DIR/certificate-keys.json
export STATIC_ROOT=$DIR/static
export LOG_LEVEL=WARNING
EOF
}

setup_files() {
  mkdir -p "$DIR"/{run,log,nginx,pgbouncer,redis}
  chmod 755 "$DIR"
  [ -f "$DIR/secret_key" ] || "$PY" -c "import secrets; print(secrets.token_urlsafe(64))" >"$DIR/secret_key"
  [ -f "$DIR/certificate-keys.json" ] || "$PY" - "$DIR/certificate-keys.json" <<'EOF'
import json, sys
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
pem = Ed25519PrivateKey.generate().private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
).decode()
json.dump({"current": "local-1", "keys": [{"id": "local-1", "private_key": pem}]}, open(sys.argv[1], "w"))
EOF
  app_env >"$DIR/env"
}

start_postgres() {
  if [ ! -f "$DIR/pg-primary/PG_VERSION" ]; then
    log "initdb primary"
    mkdir -p "$DIR/pg-primary" && chown postgres: "$DIR/pg-primary"
    as_postgres "$PGBIN/initdb" -D "$DIR/pg-primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/log/initdb.log"
    cat >>"$DIR/pg-primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PRIMARY
unix_socket_directories = '$DIR/run'
max_connections = 100
shared_buffers = 256MB
wal_level = replica
max_wal_senders = 5
hot_standby = on
synchronous_commit = on
fsync = on
EOF
    echo "host replication postgres 127.0.0.1/32 trust" >>"$DIR/pg-primary/pg_hba.conf"
  fi
  chown postgres: "$DIR/run" "$DIR/log"
  if ! as_postgres "$PGBIN/pg_ctl" -D "$DIR/pg-primary" status >/dev/null 2>&1; then
    as_postgres "$PGBIN/pg_ctl" -D "$DIR/pg-primary" -l "$DIR/log/pg-primary.log" -w start >/dev/null
  fi
  psql -h 127.0.0.1 -p $PG_PRIMARY -U postgres -qtAc "SELECT 1 FROM pg_roles WHERE rolname='hoctap'" | grep -q 1 \
    || psql -h 127.0.0.1 -p $PG_PRIMARY -U postgres -qc "CREATE ROLE hoctap LOGIN SUPERUSER"
  psql -h 127.0.0.1 -p $PG_PRIMARY -U postgres -qtAc "SELECT 1 FROM pg_database WHERE datname='hoctap'" | grep -q 1 \
    || psql -h 127.0.0.1 -p $PG_PRIMARY -U postgres -qc "CREATE DATABASE hoctap OWNER hoctap"
  start_replica
}

start_replica() {
  if [ ! -f "$DIR/pg-replica/PG_VERSION" ]; then
    log "pg_basebackup replica (streaming)"
    mkdir -p "$DIR/pg-replica" && chown postgres: "$DIR/pg-replica" && chmod 700 "$DIR/pg-replica"
    as_postgres "$PGBIN/pg_basebackup" -h 127.0.0.1 -p $PG_PRIMARY -U postgres -D "$DIR/pg-replica" -R -X stream -c fast
    echo "port = $PG_REPLICA" >>"$DIR/pg-replica/postgresql.conf"
  fi
  if ! as_postgres "$PGBIN/pg_ctl" -D "$DIR/pg-replica" status >/dev/null 2>&1; then
    as_postgres "$PGBIN/pg_ctl" -D "$DIR/pg-replica" -l "$DIR/log/pg-replica.log" -w start >/dev/null
  fi
}

stop_postgres() {
  for node in pg-replica pg-primary; do
    [ -f "$DIR/$node/PG_VERSION" ] && as_postgres "$PGBIN/pg_ctl" -D "$DIR/$node" -m fast -w stop >/dev/null 2>&1 || true
  done
}

start_pgbouncer() {
  cat >"$DIR/pgbouncer/pgbouncer.ini" <<EOF
[databases]
hoctap = host=127.0.0.1 port=$PG_PRIMARY dbname=hoctap
hoctap_replica = host=127.0.0.1 port=$PG_REPLICA dbname=hoctap
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER
unix_socket_dir =
auth_type = trust
auth_file = $DIR/pgbouncer/users.txt
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 20
server_reset_query =
ignore_startup_parameters = extra_float_digits,options
EOF
  echo '"hoctap" ""' >"$DIR/pgbouncer/users.txt"
  chown -R postgres: "$DIR/pgbouncer"
  spawn pgbouncer runuser -u postgres -- pgbouncer "$DIR/pgbouncer/pgbouncer.ini"
  wait_port $PGBOUNCER
}

start_redis() {
  spawn redis redis-server --port $REDIS --bind 127.0.0.1 --dir "$DIR/redis" --save "" --appendonly yes \
    --appendfsync everysec --maxmemory 512mb --maxmemory-policy allkeys-lru
  wait_port $REDIS
}

start_s3() {
  spawn s3 "$BIN/moto_server" -H 127.0.0.1 -p $S3
  wait_port $S3
  "$PY" - <<EOF
import boto3, json
s3 = boto3.client("s3", endpoint_url="http://127.0.0.1:$S3", aws_access_key_id="local",
                  aws_secret_access_key="local-secret", region_name="us-east-1")
names = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
for bucket in ("hoctap-media", "hoctap-private"):
    if bucket not in names:
        s3.create_bucket(Bucket=bucket)
s3.put_bucket_policy(Bucket="hoctap-media", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::hoctap-media/*"}]}))
EOF
}

manage() { (source "$DIR/env" && "$PY" manage.py "$@"); }

prepare_app() {
  log "migrate, static files, demo data"
  # Migrations straight to the primary: pgbouncer's transaction mode is for the app's short transactions.
  (source "$DIR/env" && DATABASE_URL=postgres://hoctap@127.0.0.1:$PG_PRIMARY/hoctap DATABASE_REPLICA_URL= \
    "$PY" manage.py migrate --no-input -v 0)
  manage collectstatic --no-input -v 0
  # The demo data once: seed_demo is idempotent, but the load test's learners are made only here.
  if [ ! -f "$DIR/seeded" ]; then
    manage seed_demo >"$DIR/log/seed.log" 2>&1
    (export LOAD_FIXTURE="$DIR/load.json"; manage shell -c "exec(open('bench/load/users.py').read())") >>"$DIR/log/seed.log" 2>&1
    touch "$DIR/seeded"
  fi
}

start_app() {  # start_app INDEX
  local port=${APP_PORTS[$1]}
  spawn "web$1" bash -c "source '$DIR/env' && exec '$BIN/gunicorn' -c gunicorn.conf.py --bind 127.0.0.1:$port \
    --workers $WORKERS_PER_APP --pid '$DIR/run/gunicorn$1-own.pid' cms.wsgi:application"
}

start_worker() {
  spawn worker bash -c "source '$DIR/env' && exec '$PY' manage.py db_worker --queue-name '*'"
}

start_nginx() {
  sed -e "s#@DIR@#$DIR#g" -e "s#@HTTP_PORT@#$HTTP_PORT#g" -e "s#@APP1@#${APP_PORTS[0]}#g" \
    -e "s#@APP2@#${APP_PORTS[1]}#g" deploy/local/nginx.conf >"$DIR/nginx/nginx.conf"
  nginx -t -q -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf"
  spawn nginx nginx -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -g "daemon off;"
  wait_port "$HTTP_PORT"
}

# Periodic jobs (PERIODIC_TASKS: scheduled publishing every minute, reminders daily) enqueued for the worker by
# cms.scheduler; running a second one is safe (each slot is claimed once in the database).
start_scheduler() {
  spawn scheduler bash -c "source '$DIR/env' && exec '$PY' manage.py run_scheduler"
}

wait_ready() {
  local deadline=$((SECONDS + 90)) body=""
  until body=$(curl -fsS "http://127.0.0.1:$HTTP_PORT/readyz" 2>/dev/null); do
    [ $SECONDS -lt $deadline ] || { echo "cluster: not ready: $(curl -sS "http://127.0.0.1:$HTTP_PORT/readyz")" >&2; return 1; }
    sleep 0.5
  done
  echo "$body"
}

up() {
  # Two `up` on one CLUSTER_DIR would initdb the same directory at once: the second one waits.
  mkdir -p "$DIR" && exec 9>"$DIR/.up.lock" && flock 9
  for tool in nginx pgbouncer redis-server; do
    command -v $tool >/dev/null || { echo "cluster: $tool is missing (make cluster installs it)" >&2; exit 1; }
  done
  setup_files
  start_postgres
  start_pgbouncer
  start_redis
  start_s3
  prepare_app
  start_app 0
  start_app 1
  start_worker
  start_scheduler
  start_nginx
  wait_port "${APP_PORTS[0]}" 60 && wait_port "${APP_PORTS[1]}" 60
  log "ready: $(wait_ready)"
  echo "cluster: http://127.0.0.1:$HTTP_PORT (SCORM content on http://localhost:$HTTP_PORT); logs in $DIR/log"
}

down() {
  for name in nginx web0 web1 worker scheduler s3 redis pgbouncer; do stop $name; done
  stop_postgres
  log "stopped"
}

status() {
  for name in nginx web0 web1 worker scheduler s3 redis pgbouncer; do
    if pid_alive $name; then echo "$name: up (pid $(cat "$DIR/run/$name.pid"))"; else echo "$name: down"; fi
  done
  for node in pg-primary pg-replica; do
    if as_postgres "$PGBIN/pg_ctl" -D "$DIR/$node" status >/dev/null 2>&1; then echo "$node: up"; else echo "$node: down"; fi
  done
  curl -sS "http://127.0.0.1:$HTTP_PORT/readyz" || true
  echo
}

# Fault injection for the load test: kill NAME stops one part abruptly; start NAME brings it back.
kill_part() {
  case $1 in
    replica) as_postgres "$PGBIN/pg_ctl" -D "$DIR/pg-replica" -m immediate -w stop >/dev/null ;;
    web0|web1|worker|scheduler|redis|s3|pgbouncer|nginx)
      pid_alive "$1" && kill -KILL -- "-$(cat "$DIR/run/$1.pid")" 2>/dev/null; rm -f "$DIR/run/$1.pid" ;;
    *) echo "cluster: unknown part $1" >&2; exit 2 ;;
  esac
}

start_part() {
  case $1 in
    replica) start_replica ;;
    web0) start_app 0; wait_port "${APP_PORTS[0]}" 60 ;; web1) start_app 1; wait_port "${APP_PORTS[1]}" 60 ;;
    worker) start_worker ;; scheduler) start_scheduler ;; redis) start_redis ;; s3) start_s3 ;; pgbouncer) start_pgbouncer ;; nginx) start_nginx ;;
    *) echo "cluster: unknown part $1" >&2; exit 2 ;;
  esac
}

case ${1:-} in
  up) up ;;
  down) down ;;
  status) status ;;
  kill) kill_part "$2" ;;
  start) start_part "$2" ;;
  env) cat "$DIR/env" ;;
  manage) shift; manage "$@" ;;
  *) echo "usage: $0 up|down|status|kill NAME|start NAME|env|manage ARGS" >&2; exit 2 ;;
esac
