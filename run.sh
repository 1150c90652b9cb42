#!/usr/bin/env bash
# Starts Coordi locally: a project-managed PostgreSQL cluster (created on first run under .local/,
# git-ignored), migrations, then the services. Ctrl-C stops everything, the database included.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"

PG_PORT="${COORDI_PG_PORT:-55432}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

pg_bin="${COORDI_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL server binaries not found (install the 'postgresql' package or set COORDI_PG_BIN)." >&2; exit 1; }

# initdb and postgres refuse to run as root: as root, the cluster belongs to the 'postgres' user.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

mkdir -p .local
pgdata="$root/.local/postgres"
if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$root/.local"; then
  # The checkout is not reachable by 'postgres' (e.g. under /root): keep the cluster where it is, linked from .local/.
  target="/var/lib/coordi/$(echo -n "$root" | sha1sum | cut -c1-12)/postgres"
  mkdir -p "$(dirname "$target")"
  [ -e "$pgdata" ] || ln -s "$target" "$pgdata"
  pgdata="$target"
fi

if [ ! -f "$pgdata/PG_VERSION" ]; then
  echo "Creating the local PostgreSQL cluster in $pgdata"
  mkdir -p "$pgdata"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pgdata"
  chmod 700 "$pgdata"
  as_pg "$pg_bin/initdb" -D "$pgdata" --auth=trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
fi

if ! as_pg "$pg_bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
  as_pg "$pg_bin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
    -o "-p $PG_PORT -k $pgdata -c listen_addresses=127.0.0.1" start >/dev/null
fi
psql() { as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
for db in coordi coordi_portal; do
  [ "$(psql -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" = "1" ] || psql -c "CREATE DATABASE $db"
done
export ConnectionStrings__Core="Host=127.0.0.1;Port=$PG_PORT;Database=coordi;Username=postgres"
export ConnectionStrings__Portal="Host=127.0.0.1;Port=$PG_PORT;Database=coordi_portal;Username=postgres"

pids=()
stop() {
  trap - INT TERM EXIT
  echo "Stopping Coordi..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  as_pg "$pg_bin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true
}
trap stop INT TERM EXIT

dotnet build Coordi.sln -c Debug -v q -nologo -clp:ErrorsOnly

dotnet run --no-build --no-launch-profile --project src/Coordi.Core -- --migrate &
pids+=($!)
# The voice edge needs the core only when a call arrives, so both start together.
dotnet run --no-build --no-launch-profile --project src/Coordi.Voice &
pids+=($!)
# The portal migrates its own database (accounts, onboarding) and needs the core only when a page asks.
dotnet run --no-build --no-launch-profile --project src/Coordi.Portal -- --migrate &
pids+=($!)

cat <<TXT

Coordi is starting:
  core gRPC      http://127.0.0.1:5100  (h2c; reflection on, try: grpcurl -plaintext 127.0.0.1:5100 list)
  core health    http://127.0.0.1:5101/healthz
  voice edge     http://127.0.0.1:5200  (Twilio webhooks /twilio/voice, /twilio/status; media stream /twilio/media)
  owner portal   http://localhost:5000  (sign up there; account emails are written to .local/mail/)
  PostgreSQL     127.0.0.1:$PG_PORT (databases coordi and coordi_portal, user postgres)
Press Ctrl-C to stop.

TXT
wait -n "${pids[@]}"
