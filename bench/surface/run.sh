#!/usr/bin/env bash
# Builds and times the two candidate ways of making the GraphQL surface (bench/surface/gen.py):
# a cold release build of the surface crate alone (its dependencies built once before), an
# incremental rebuild after a one-line change (release and debug), and the CPU a request costs.
# Build figures are CPU seconds (user + system, so they hold on a busy machine) and wall seconds.
# Usage: bench/surface/run.sh [TABLES] [COLUMNS] (defaults 44 tables, 14 columns).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="${SURFACE_DIR:-/tmp/surface-bench}"
python3 "$here/gen.py" "$work" "$repo/vendor/async-graphql" "${1:-44}" "${2:-14}"
cd "$work"
export CARGO_TARGET_DIR="$work/target"
timed() { /usr/bin/time -f "%U %S %e" -o "$work/time" "$@" >/dev/null 2>"$work/build.log" || { tail -n 30 "$work/build.log"; exit 1; }
  read -r user sys wall <"$work/time"; printf '%.1f CPU s, %.1f wall s' "$(echo "$user + $sys" | bc)" "$wall"; }
# Dependencies once, for both profiles.
cargo build --release -q 2>/dev/null
cargo build -q 2>/dev/null
for crate in surface_static surface_dynamic surface_generic; do
  cargo clean --release -q -p "$crate"
  cold=$(timed cargo build --release -p "$crate")
  # A one-line change: one column's name in the first table.
  sed -i '0,/col_1/s//col_1x/; 0,/"col1"/s//"col1x"/' "$crate/src/lib.rs"
  incr_release=$(timed cargo build --release -p "$crate")
  sed -i '0,/col_1x/s//col_1/; 0,/"col1x"/s//"col1"/' "$crate/src/lib.rs"
  cargo build -q -p "$crate" 2>/dev/null
  sed -i '0,/col_1/s//col_1x/; 0,/"col1"/s//"col1x"/' "$crate/src/lib.rs"
  incr_debug=$(timed cargo build -p "$crate")
  sed -i '0,/col_1x/s//col_1/; 0,/"col1x"/s//"col1"/' "$crate/src/lib.rs"
  lines=$(wc -l <"$crate/src/lib.rs")
  echo "$crate ($lines generated lines): cold release build $cold; after a one-line change: release $incr_release, debug $incr_debug"
  cargo build --release -q -p "$crate" 2>/dev/null
  "$CARGO_TARGET_DIR/release/$crate"
done
