#!/usr/bin/env bash
# Debian packages the fleet tier runs (idempotent, like scripts/install-deps.sh):
#   prometheus (with promtool), prometheus-node-exporter: the Prometheus tier;
#   munge, slurmctld, slurmd, slurm-client: the Slurm tier;
#   curl, python3: talking to the HTTP API;
#   clustershell: `nodeset -f`, the oracle of tests/deploy/nodeset_test.cpp.
# Their services are not started by the install: where the machine has no
# /usr/sbin/policy-rc.d (containers usually do), one that refuses every start is put
# in place for the install and removed afterwards. The tier starts its own daemons on
# non-default ports and stops them.
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
PKGS=(prometheus prometheus-node-exporter munge slurmctld slurmd slurm-client curl python3 python3-venv clustershell)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  trap '$SUDO rm -f "$policy"' EXIT
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
