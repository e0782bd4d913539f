#!/usr/bin/env bash
# Real client libraries against a running gateway:
#   tests/clients/run.sh http://127.0.0.1:18100      (GATEWAY_TOKEN optional: a Sunrise owner's
#                                                     token; else the development endpoint mints one)
# Runs: the order checker's unit tests, graphql-request / urql / Apollo (clients.mjs), Python gql
# with fetch_schema_from_transport (gql_client.py), and graphql-codegen with the schema taken by
# introspection from the URL, whose operation types must equal those generated from the
# committed schema.graphql. Installs what is missing (npm ci here and in examples/, a venv in
# .venv). Every part runs even when an earlier one fails; exits non-zero if any failed.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
url="${1:-${GATEWAY_URL:-}}"
url="${url%/}"
[ -n "$url" ] || { echo "usage: $0 <gateway URL>" >&2; exit 2; }

set -e
[ -d "$here/node_modules" ] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
[ -d "$root/examples/node_modules" ] || (cd "$root/examples" && npm ci --no-audit --no-fund --loglevel=error)
venv="${GQL_VENV:-$here/.venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
fi
set +e

token="${GATEWAY_TOKEN:-}"
if [ -z "$token" ]; then
  token=$(curl -fsS "$url/graphiql/demo-tokens" | python3 -c \
    'import json,sys; print(next(u["token"] for u in json.load(sys.stdin)["users"] if u["clerkUserId"]=="user_sunrise_owner"))') \
    || { echo "no GATEWAY_TOKEN and $url/graphiql/demo-tokens gave none" >&2; exit 1; }
fi
export GATEWAY_TOKEN="$token"

failures=()
part() { printf '\n-- %s\n' "$1"; }

part "selection-order checker (unit tests)"
(cd "$here" && node --test checks.test.mjs) || failures+=("checker unit tests")

part "graphql-request 7, @urql/core 6, Apollo Client 4"
(cd "$here" && node clients.mjs "$url") || failures+=("JS clients")

part "Python gql 4 (fetch_schema_from_transport=True)"
"$venv/bin/python" "$here/gql_client.py" "$url" || failures+=("Python gql")

part "graphql-codegen with the schema from introspection of $url/graphql"
scratch=$(mktemp -d)
if (cd "$root/examples" && CODEGEN_SCHEMA="$url/graphql" CODEGEN_TOKEN="$token" CODEGEN_OUTPUT="$scratch/live" \
      npx graphql-codegen --config codegen.ts >"$scratch/live.log" 2>&1); then
  (cd "$root/examples" && CODEGEN_OUTPUT="$scratch/file" npx graphql-codegen --config codegen.ts >"$scratch/file.log" 2>&1)
  if cmp -s "$scratch/live/operations.ts" "$scratch/file/operations.ts"; then
    echo "ok   graphql-codegen: introspection gives the same operation types as schema.graphql"
  else
    echo "FAIL graphql-codegen: operation types from introspection differ from those of schema.graphql"
    diff "$scratch/file/operations.ts" "$scratch/live/operations.ts" | head -n 20
    failures+=("codegen: schema.graphql differs from the served schema")
  fi
else
  echo "FAIL graphql-codegen: generation from $url/graphql failed:"
  grep -v '^\s*$' "$scratch/live.log" | grep -iv '^\s*[❯✔]' | head -n 15
  failures+=("codegen from introspection")
fi
rm -rf "$scratch"

if [ "${#failures[@]}" -gt 0 ]; then
  printf '\nclient checks failed: %s\n' "$(IFS=';'; echo "${failures[*]}")"
  exit 1
fi
printf '\nclient checks: all passed\n'
