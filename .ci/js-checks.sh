#!/usr/bin/env bash
# The browser and client-library checks, run by .ci/run with a built gateway binary:
#   bash .ci/js-checks.sh target/debug/gateway
# Installs what it needs (Debian chromium if /usr/bin/chromium is missing; `npm ci` in every JS
# project; a Python venv with the pinned gql), checks that the committed GraphiQL bundle equals
# a fresh build, type-checks the client examples, starts the gateway in development mode on a
# database of its own (created on DATABASE_URL's server and dropped afterwards; without
# DATABASE_URL, the embedded PostgreSQL in a temporary data directory), runs the headless
# browser test of /graphiql and the real client libraries against it, and stops it. Every part
# runs even when an earlier one failed; the exit status is non-zero if any did.
set -euo pipefail
started=$SECONDS
gateway_bin="${1:?usage: .ci/js-checks.sh <path of a built gateway binary>}"
gateway_bin="$(cd "$(dirname "$gateway_bin")" && pwd)/$(basename "$gateway_bin")"
[ -x "$gateway_bin" ] || { echo "not an executable: $gateway_bin" >&2; exit 2; }
cd "$(dirname "$0")/.."
root="$PWD"

log() { printf '\n== js-checks: %s (%d s)\n' "$*" "$((SECONDS - started))"; }
failures=()
# Runs one part; a failure is recorded, not fatal, so one report says everything that broke.
part() {
  local name="$1"
  shift
  log "$name"
  if ! "$@"; then
    failures+=("$name")
    echo "-- FAILED: $name"
  fi
}

npm_ci() { (cd "$1" && npm ci --no-audit --no-fund --loglevel=error); }

log "tools"
if [ ! -x /usr/bin/chromium ]; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
node --version
npm --version
/usr/bin/chromium --version 2>/dev/null || true
for project in crates/server/assets/graphiql tests/browser tests/clients examples; do
  npm_ci "$project"
done
work=$(mktemp -d)
chmod 755 "$work"   # the embedded PostgreSQL runs as an unprivileged user when we are root
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check -r tests/clients/requirements.txt

# The committed bundle is what the binary embeds: rebuilt from package-lock.json, it must be
# byte-identical (esbuild's output depends only on its version, the lockfile and src/).
part "GraphiQL bundle equals a fresh build" bash -c 'cd crates/server/assets/graphiql && node build.mjs --check'
part "client examples: codegen from schema.graphql + tsc --strict" bash -c 'cd examples && npm run --silent check'

# A port of our range (18100-18199) that nothing listens on.
port=$(python3 - <<'EOF'
import socket
for port in range(18150, 18200):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
EOF
)
[ -n "$port" ] || { echo "no free port in 18150-18199" >&2; exit 1; }
url="http://127.0.0.1:$port"

database=""
gateway_pid=""
cleanup() {
  if [ -n "$gateway_pid" ]; then
    kill -TERM "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
    gateway_pid=""
  fi
  if [ -n "$database" ]; then
    psql "$DATABASE_URL" -qAt -c "drop database if exists \"$database\" with (force)" >/dev/null 2>&1 || true
    database=""
  fi
  rm -rf "$work"
}
trap cleanup EXIT

log "gateway on $url (development mode, demo data)"
# A short shutdown grace: nothing is in flight when we stop it.
gateway_env=(GATEWAY_MODE=development GATEWAY_LISTEN="127.0.0.1:$port" GATEWAY_DEMO_DATA=on GATEWAY_SHUTDOWN_GRACE_MS=2000 RUST_LOG=warn)
if [ -n "${DATABASE_URL:-}" ]; then
  database="js_checks_$$_$(date +%s)"
  psql "$DATABASE_URL" -qAt -c "create database \"$database\""
  # Same server and credentials, our own database: replace the path of the URL.
  own_url=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' \
    "$DATABASE_URL" "$database")
  gateway_env+=(DATABASE_URL="$own_url")
else
  gateway_env+=(GATEWAY_DATA_DIR="$work/pgdata")
fi
env -u DATABASE_URL "${gateway_env[@]}" "$gateway_bin" serve >"$work/gateway.log" 2>&1 &
gateway_pid=$!
ready=""
for _ in $(seq 1 120); do
  if curl -fsS "$url/readyz" >/dev/null 2>&1; then ready=yes; break; fi
  kill -0 "$gateway_pid" 2>/dev/null || break
  sleep 1
done
if [ -z "$ready" ]; then
  echo "the gateway never became ready:"
  tail -n 40 "$work/gateway.log"
  exit 1
fi

part "browser: GraphiQL offline in headless Chromium" node tests/browser/graphiql.mjs "$url"
part "real clients against the gateway" env GQL_VENV="$work/venv" bash tests/clients/run.sh "$url"

log "stopping the gateway"
if [ "${#failures[@]}" -gt 0 ]; then
  echo "gateway log (last 20 lines):"
  tail -n 20 "$work/gateway.log"
fi
cleanup
trap - EXIT

log "done"
if [ "${#failures[@]}" -gt 0 ]; then
  printf 'js-checks FAILED: %s\n' "$(IFS=';'; echo "${failures[*]}")"
  exit 1
fi
echo "js-checks passed"
