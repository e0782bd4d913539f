#!/usr/bin/env bash
# Rebuilds the GraphiQL bundle embedded in the gateway binary, from package-lock.json exactly:
#   crates/server/assets/graphiql/build.sh          rebuild dist/ (commit the result)
#   crates/server/assets/graphiql/build.sh --check  fail unless dist/ equals a fresh build (CI)
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
node build.mjs "$@"
