#!/usr/bin/env bash
# Installs what gpudoctor needs to build and test on Debian 12 (idempotent).
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
PKGS=(cmake ninja-build g++ clang pkg-config libcli11-dev nlohmann-json3-dev libfmt-dev libre2-dev
      libgtest-dev libgmock-dev libbenchmark-dev python3 python3-venv python3-yaml time
      ccache)  # ccache: CI builds the tree three times (GCC Release, GCC Debug, clang+sanitizers)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}"
fi
