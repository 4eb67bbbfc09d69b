#!/usr/bin/env bash
# LoyalityBot developer entry point. Usage: ./build.sh <deps|run|test|bench|seed> [args...]
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the local stack and the tests use, as "command package" pairs.
PREREQUISITES=(
  "/usr/lib/postgresql/15/bin/postgres postgresql-15"
  "/usr/lib/postgresql/15/bin/pgbench postgresql-client-15"
  "redis-server redis-server"
  "rabbitmq-server rabbitmq-server"
  "chromium chromium"
  "wrk wrk"
  "kubectl kubernetes-client"
  "setsid util-linux"
  "pkill procps"
  "node nodejs"
  "npm npm"
)

log() { printf '[build.sh] %s\n' "$*"; }

have() { [[ "$1" == /* ]] && [ -x "$1" ] || command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }

deps() {
  local missing=()
  for pair in "${PREREQUISITES[@]}"; do
    read -r cmd pkg <<<"$pair"
    have "$cmd" || missing+=("$pkg")
  done
  if ! command -v dotnet >/dev/null 2>&1; then
    log "The .NET 10 SDK is missing: install it (https://learn.microsoft.com/dotnet/core/install/linux-debian), then run ./build.sh again."
    exit 1
  fi
  if [ ${#missing[@]} -eq 0 ]; then
    log "prerequisites: all present"
    return 0
  fi
  log "missing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    log "not root: run   sudo apt-get update && sudo apt-get install -y ${missing[*]}   then ./build.sh again."
    exit 1
  fi
  log "apt-get update"
  apt-get update -q >/dev/null
  log "apt-get install -y ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts the packaged services on install; LoyalityBot runs its own instances, so stop
  # the packaged ones (where a service manager started them) to free their ports and memory.
  for svc in postgresql redis-server rabbitmq-server; do
    service "$svc" stop >/dev/null 2>&1 || true
  done
  log "installed: ${missing[*]}"
}

# The publishing tests' schema validators (npm: kubernetes-models, prometheus-operator models, ajv), from the lock file.
npm_deps() {
  local dir=tests/LoyalityBot.Publishing.Tests/validators
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    log "npm ci --prefix $dir"
    npm ci --no-audit --no-fund --loglevel=error --prefix "$dir" >/dev/null
  fi
}

build() {
  log "dotnet build LoyalityBot.sln"
  dotnet build LoyalityBot.sln -nologo -v quiet -clp:ErrorsOnly
}

run_tests() {
  local results=TestResults
  rm -rf "$results"
  set +e
  # One test project at a time: several start whole stacks, and 2 cores are shared fairly that way.
  dotnet test LoyalityBot.sln --no-build -nologo -m:1 --logger "trx" --results-directory "$results" "$@"
  local status=$?
  set -e
  local passed=0 failed=0
  for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    local counters
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    passed=$((passed + $(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")))
    failed=$((failed + $(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")))
  done
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1 # the runner failed without a failed test (a crash, or a build error): count it
  fi
  echo "tests: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

cmd="${1:-}"
shift || true
case "$cmd" in
  deps) deps; npm_deps ;;
  run) deps; dotnet run --project LoyalityBot.AppHost -- "$@" ;;
  test) deps; npm_deps; build; run_tests "$@" ;;
  bench)
    deps
    [ $# -ge 1 ] || { log "usage: ./build.sh bench <name>   "; exit 2; }
    # Release, as services are measured: the AppHost (built with the benchmarks) then runs the services' Release builds.
    log "dotnet build -c Release tests/LoyalityBot.Benchmarks"
    dotnet build -c Release tests/LoyalityBot.Benchmarks -nologo -v quiet -clp:ErrorsOnly
    dotnet run -c Release --no-build --project tests/LoyalityBot.Benchmarks -- "$@" ;;
  publish)
    # Regenerates the committed deployment sample (deploy/); a publishing test fails while it is stale.
    dotnet run --project LoyalityBot.AppHost -- --publisher manifest --output-path deploy/aspire-manifest.json
    dotnet run --project LoyalityBot.AppHost -- --publisher kubernetes --output-path deploy/kubernetes ;;
  seed)
    # Demo/benchmark data into ConnectionStrings__loyalty (or --connection): migrates, then bulk-COPYs.
    dotnet run --project LoyalityBot.MigrationService -- seed "$@" ;;
  *)
    echo "usage: ./build.sh <deps|run|test|bench <name>|publish|seed --clients N --partners N --transactions N> [args...]" >&2
    exit 2 ;;
esac
