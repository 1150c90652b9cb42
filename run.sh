#!/usr/bin/env bash
# Starts Coordi locally: a project-managed PostgreSQL cluster (created on first run under .local/,
# git-ignored), migrations, then the services. Ctrl-C stops everything, the database included.
#
#   ./run.sh               build, then start
#   ./run.sh --seed-demo   also create a demo organization to sign in to (or COORDI_SEED_DEMO=1); idempotent
#   ./run.sh --no-build    start what was built last (e.g. after `dotnet build Coordi.sln`)
#
# Ports and folders can be moved with environment variables, e.g. to run a second stack beside the first:
#   COORDI_PG_PORT (55432)  COORDI_CORE_GRPC_PORT (5100)  COORDI_CORE_HEALTH_PORT (5101)
#   COORDI_VOICE_PORT (5200)  COORDI_VOICE_MANAGEMENT_PORT (5201)
#   COORDI_PORTAL_PORT (5000)  COORDI_PORTAL_MANAGEMENT_PORT (5001)  COORDI_S3_PORT (5300, recordings bucket)
#   COORDI_LOCAL_DIR (.local: database, recordings (s3/), outbox, mail)
#   COORDI_DEMO_EMAIL / COORDI_DEMO_PASSWORD (the demo owner's sign-in)
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"

build=1
seed_demo="${COORDI_SEED_DEMO:-0}"
for arg in "$@"; do
  case "$arg" in
    --seed-demo) seed_demo=1 ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done

PG_PORT="${COORDI_PG_PORT:-55432}"
CORE_GRPC_PORT="${COORDI_CORE_GRPC_PORT:-5100}"
CORE_HEALTH_PORT="${COORDI_CORE_HEALTH_PORT:-5101}"
VOICE_PORT="${COORDI_VOICE_PORT:-5200}"
VOICE_MANAGEMENT_PORT="${COORDI_VOICE_MANAGEMENT_PORT:-5201}"
PORTAL_PORT="${COORDI_PORTAL_PORT:-5000}"
PORTAL_MANAGEMENT_PORT="${COORDI_PORTAL_MANAGEMENT_PORT:-5001}"
S3_PORT="${COORDI_S3_PORT:-5300}"
DEMO_EMAIL="${COORDI_DEMO_EMAIL:-demo@coordi.example}"
DEMO_PASSWORD="${COORDI_DEMO_PASSWORD:-coordi-demo-password}"
mkdir -p "${COORDI_LOCAL_DIR:-$root/.local}"
local_dir="$(cd "${COORDI_LOCAL_DIR:-$root/.local}" && pwd)"

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

pg_bin="${COORDI_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL server binaries not found (install the 'postgresql' package or set COORDI_PG_BIN)." >&2; exit 1; }

# Recordings go to s3rver, a small S3-compatible server that runs on Node.js; as root, a missing Node is installed.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Node.js and npm (for the local S3 server that keeps recordings)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "Node.js and npm are needed for the local S3 server that keeps recordings (apt-get install nodejs npm)." >&2
    exit 1
  fi
fi

# initdb and postgres refuse to run as root: as root, the cluster belongs to the 'postgres' user.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pgdata="$local_dir/postgres"
if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$local_dir"; then
  # The folder is not reachable by 'postgres' (e.g. under /root): keep the cluster where it is, linked from there.
  target="/var/lib/coordi/$(echo -n "$local_dir" | sha1sum | cut -c1-12)/postgres"
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

# Settings that tie the services together; the rest come from each project's appsettings.Development.json.
export ConnectionStrings__Core="Host=127.0.0.1;Port=$PG_PORT;Database=coordi;Username=postgres"
export ConnectionStrings__Portal="Host=127.0.0.1;Port=$PG_PORT;Database=coordi_portal;Username=postgres"
export Coordi__Core__GrpcPort="$CORE_GRPC_PORT" Coordi__Core__HealthPort="$CORE_HEALTH_PORT"
export Coordi__Core__VoicePublicBaseUrl="http://127.0.0.1:$VOICE_PORT"
export Coordi__Voice__Port="$VOICE_PORT" Coordi__Voice__ManagementPort="$VOICE_MANAGEMENT_PORT"
export Coordi__Voice__PublicBaseUrl="http://127.0.0.1:$VOICE_PORT"
export Coordi__Voice__CoreAddress="http://127.0.0.1:$CORE_GRPC_PORT"
export Coordi__Voice__RecordingsPath="$local_dir/recordings" Coordi__Voice__OutboxPath="$local_dir/outbox"
# Finished recordings go to a local S3-compatible server (s3rver over $local_dir/s3), as they go to a bucket in production.
export Coordi__Voice__Recordings__ServiceUrl="http://127.0.0.1:$S3_PORT" Coordi__Voice__Recordings__Bucket=coordi-recordings
export Coordi__Voice__Recordings__AccessKey=S3RVER Coordi__Voice__Recordings__SecretKey=S3RVER Coordi__Voice__Recordings__ForcePathStyle=true
export Coordi__Portal__Port="$PORTAL_PORT" Coordi__Portal__ManagementPort="$PORTAL_MANAGEMENT_PORT"
export Coordi__Portal__PublicBaseUrl="http://localhost:$PORTAL_PORT"
export Coordi__Portal__VoicePublicBaseUrl="http://127.0.0.1:$VOICE_PORT"
export Coordi__Portal__CoreAddress="http://127.0.0.1:$CORE_GRPC_PORT"
export Coordi__Portal__Email__PickupDirectory="$local_dir/mail"
export Coordi__Demo__Email="$DEMO_EMAIL" Coordi__Demo__Password="$DEMO_PASSWORD"

pids=()
stop() {
  trap - INT TERM EXIT
  echo "Stopping Coordi..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  as_pg "$pg_bin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true
}
trap stop INT TERM EXIT

if [ "$build" -eq 1 ]; then
  dotnet build Coordi.sln -c Debug -v q -nologo -clp:ErrorsOnly
fi

# Each service runs its built assembly from its project folder (its content root, where its appsettings are),
# as its own process, so the signal sent on Ctrl-C reaches the service itself.
start() {
  local project="$1"; shift
  local dll="$root/src/$project/bin/Debug/net10.0/$project.dll"
  [ -f "$dll" ] || { echo "$dll is missing: build first, or run without --no-build." >&2; exit 1; }
  (cd "$root/src/$project" && exec dotnet "$dll" "$@") &
  pids+=($!)
}

# The S3 server first: the voice edge checks its bucket at start-up.
[ -d "$root/tools/s3rver/node_modules/s3rver" ] || npm ci --prefix "$root/tools/s3rver" --no-audit --no-fund >/dev/null
mkdir -p "$local_dir/s3"
(cd "$root/tools/s3rver" && exec node start.js --port "$S3_PORT" --directory "$local_dir/s3" >/dev/null) &
pids+=($!)
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$S3_PORT") 2>/dev/null && break
  sleep 0.1
done

start Coordi.Core --migrate
# The voice edge needs the core only when a call arrives, so both start together.
start Coordi.Voice
# The portal migrates its own database (accounts, onboarding) and needs the core only when a page asks; with
# --seed-demo it waits for the core, fills in the demo organization, then serves.
if [ "$seed_demo" = "1" ]; then
  start Coordi.Portal --migrate --seed-demo
else
  start Coordi.Portal --migrate
fi

cat <<TXT

Coordi is starting:
  core gRPC      http://127.0.0.1:$CORE_GRPC_PORT  (h2c; reflection on, try: grpcurl -plaintext 127.0.0.1:$CORE_GRPC_PORT list)
  core health    http://127.0.0.1:$CORE_HEALTH_PORT/healthz  (metrics: /metrics)
  voice edge     http://127.0.0.1:$VOICE_PORT  (Twilio webhooks /twilio/voice, /twilio/status; media stream /twilio/media)
  voice metrics  http://127.0.0.1:$VOICE_MANAGEMENT_PORT/metrics
  owner portal   http://localhost:$PORTAL_PORT  (sign up there; account emails are written to $local_dir/mail/)
  portal metrics http://127.0.0.1:$PORTAL_MANAGEMENT_PORT/metrics
  PostgreSQL     127.0.0.1:$PG_PORT (databases coordi and coordi_portal, user postgres)
  recordings     http://127.0.0.1:$S3_PORT  (S3 API, bucket coordi-recordings, credentials S3RVER/S3RVER; data in $local_dir/s3)
TXT
if [ "$seed_demo" = "1" ]; then
  cat <<TXT
  demo sign-in   $DEMO_EMAIL / $DEMO_PASSWORD  (the portal answers once the demo data is in)
TXT
fi
echo "Press Ctrl-C to stop."
echo
wait -n "${pids[@]}"
