# shellcheck shell=bash
# Shared by the fleet tier's scripts (sourced). Each check appends one line to
# $GD_FLEET_RESULTS; run.sh counts them. Every daemon a script starts is remembered by
# PID and stopped by stop_all (called from an EXIT trap), never by name.
set -u

: "${GD_FLEET_RESULTS:=$(mktemp)}"
FLEET_PIDS=()
trap "exit 143" TERM INT   # so that the EXIT trap stops the daemons

pass() { echo "ok   - $*"; echo "pass $*" >>"$GD_FLEET_RESULTS"; }
fail() { echo "FAIL - $*"; echo "fail $*" >>"$GD_FLEET_RESULTS"; }
check() {  # check "name" command...: passes when the command succeeds
  local name=$1
  shift
  if "$@"; then pass "$name"; else fail "$name"; fi
}

# wait_until SECONDS command...: polls every 0.2 s; returns 1 when time runs out.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.2
  done
}

# start NAME LOG command...: runs a daemon in the background (in the foreground mode of
# the daemon itself) and remembers its PID.
start() {
  local name=$1 log=$2
  shift 2
  "$@" >"$log" 2>&1 &
  FLEET_PIDS+=("$!")
  echo "     started $name (pid $!)"
}

stop_all() {
  local pid
  for pid in "${FLEET_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${FLEET_PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  FLEET_PIDS=()
}

# A TCP port on 127.0.0.1 that nothing listens on, from a range no default uses.
free_port() {
  local p
  for p in $(seq "$1" $(($1 + 50))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  return 1
}

# The gpudoctor binary under test.
: "${GPUDOCTOR_BIN:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build/gpudoctor}"
GD_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export GD_FIX="$GD_SRC/tests/fixtures"
