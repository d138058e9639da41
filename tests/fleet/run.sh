#!/usr/bin/env bash
# The fleet tier: real Slurm (munge, slurmctld, slurmd) and real Prometheus/node_exporter
# from Debian's packages on localhost, driving deploy/ with gpudoctor's fixtures.
#   bash tests/fleet/run.sh [BUILD_DIR]      (default: build; needs BUILD_DIR/gpudoctor)
# Opt out with GD_SKIP_FLEET="reason" (printed). Ends with "fleet: N passed, N failed";
# exits 1 when any check failed.
set -u
cd "$(dirname "$0")/../.." || exit 1
if [ -n "${GD_SKIP_FLEET:-}" ]; then
  echo "fleet: skipped: GD_SKIP_FLEET=$GD_SKIP_FLEET"
  exit 0
fi
BUILD=${1:-${BUILD:-build}}
export GPUDOCTOR_BIN="$PWD/$BUILD/gpudoctor"
[ -x "$GPUDOCTOR_BIN" ] || { echo "fleet: no $GPUDOCTOR_BIN; build it first"; echo "fleet: 0 passed, 1 failed"; exit 1; }
bash tests/fleet/install.sh || { echo "fleet: installing the Debian packages failed"; echo "fleet: 0 passed, 1 failed"; exit 1; }

export GD_FLEET_RESULTS
GD_FLEET_RESULTS=$(mktemp)
trap 'rm -f "$GD_FLEET_RESULTS"' EXIT
start=$SECONDS
for tier in prometheus slurm k8s_schema; do
  [ -f "tests/fleet/$tier.sh" ] || continue
  echo "== fleet: $tier"
  # Each tier has a hard limit; a tier that runs out fails as a whole.
  timeout -k 10 150 bash "tests/fleet/$tier.sh" || { rc=$?; [ "$rc" -ge 124 ] && echo "fail $tier: timed out" >>"$GD_FLEET_RESULTS"; }
done
passed=$(grep -c '^pass' "$GD_FLEET_RESULTS")
failed=$(grep -c '^fail' "$GD_FLEET_RESULTS")
echo "   ($((SECONDS - start)) s)"
grep '^fail' "$GD_FLEET_RESULTS" | sed 's/^fail /   failed: /'
echo "fleet: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
