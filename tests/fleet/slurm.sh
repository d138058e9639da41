#!/usr/bin/env bash
# Slurm tier: a one-node cluster on localhost from Debian's packages (munge, slurmctld,
# slurmd), with HealthCheckProgram running deploy/slurm/gpudoctor-healthcheck.sh every few
# seconds. Fixtures (--root trees of tests/fixtures/roots) reach the check through its
# environment, via the file named by GPUDOCTOR_HEALTHCHECK_CONF, so no GPU is needed.
# Checks: an unusable node is drained with "gpudoctor: <CODE> <cause>"; a healthy one is
# resumed; an administrator's drain reason is never touched; a failed check (exit 2/3,
# missing binary, missing --root mount) never drains. Every loop is bounded; the daemons
# are stopped at the end.
set -u
. "$(dirname "$0")/lib.sh"

W=$(mktemp -d /tmp/gd-fleet-slurm.XXXXXX)
trap 'stop_all; [ -n "${GD_FLEET_KEEP:-}" ] && echo "     kept $W" || rm -rf "$W"' EXIT
NODE=gdnode1
HOST=$(hostname -s)
CTLD_PORT=$(free_port 16817)
SLURMD_PORT=$(free_port $((CTLD_PORT + 1)))
export SLURM_CONF="$W/slurm.conf"

# munge: a key of its own, its socket in the work dir (--force: /tmp is world-writable).
mkdir -p "$W/munge" "$W/ctld" "$W/spool"
chmod 700 "$W/munge"
dd if=/dev/urandom of="$W/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$W/munge/munge.key"
start munged "$W/munged.out" munged -F --force --key-file="$W/munge/munge.key" --socket="$W/munge/munge.sock" \
  --pid-file="$W/munge/munged.pid" --log-file="$W/munge/munged.log" --seed-file="$W/munge/munge.seed"
if ! wait_until 10 test -S "$W/munge/munge.sock"; then
  fail "slurm: munged started"; cat "$W/munged.out" "$W/munge/munged.log" 2>/dev/null; exit 0
fi

# The health check: the project's script, its settings from a file the test rewrites.
cat >"$W/healthcheck" <<HC
#!/bin/sh
export PATH=/usr/sbin:/usr/bin:/sbin:/bin SLURM_CONF="$SLURM_CONF" GPUDOCTOR_HEALTHCHECK_CONF="$W/gpudoctor.conf"
bash "$GD_SRC/deploy/slurm/gpudoctor-healthcheck.sh"
echo "\$(date +%s.%N)" >>"$W/runs"
HC
chmod 755 "$W/healthcheck"
: >"$W/runs"

cat >"$SLURM_CONF" <<CONF
ClusterName=gdfleet
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
AuthType=auth/munge
AuthInfo=socket=$W/munge/munge.sock
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$W/ctld
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/slurmctld.log
SlurmdLogFile=$W/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SlurmdTimeout=60
HealthCheckProgram=$W/healthcheck
HealthCheckInterval=2
HealthCheckNodeState=ANY
NodeName=$NODE NodeHostname=$HOST NodeAddr=127.0.0.1 CPUs=1 RealMemory=64 State=UNKNOWN
PartitionName=gpu Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF

set_check() {  # the settings the next health check runs with
  printf '%s\n' "$@" >"$W/gpudoctor.conf.tmp" && mv -f "$W/gpudoctor.conf.tmp" "$W/gpudoctor.conf"
}
healthy() { set_check "GPUDOCTOR=$GPUDOCTOR_BIN" "GPUDOCTOR_ARGS='--facts $GD_FIX/facts/healthy_h100.json'"; }
unusable() { set_check "GPUDOCTOR=$GPUDOCTOR_BIN" "GPUDOCTOR_ARGS='--no-live --root $GD_FIX/roots/module_not_loaded'"; }
healthy

start slurmctld "$W/slurmctld.out" slurmctld -D -i -f "$SLURM_CONF"
start slurmd "$W/slurmd.out" slurmd -D -N "$NODE" -f "$SLURM_CONF"

node_field() { scontrol show node "$NODE" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1; }
reason() { scontrol show node "$NODE" 2>/dev/null | sed -n 's/.*Reason=\(.*\) \[.*\]$/\1/p' | head -n 1; }
runs() { wc -l <"$W/runs"; }
runs_at_least() { [ "$(runs)" -ge "$1" ]; }
# Waits until the health check has completed N more times.
wait_runs() { wait_until 30 runs_at_least $(($(runs) + $1)); }
# shellcheck disable=SC2254  # $1 is a glob on purpose (IDLE*, *DRAIN*)
state_is() { case "$(node_field State)" in $1) return 0 ;; esac; return 1; }
not_drained() { ! state_is '*DRAIN*'; }

if ! wait_until 60 state_is 'IDLE*'; then
  fail "slurm: node registered and idle (state: $(node_field State))"
  tail -n 20 "$W/slurmctld.log" "$W/slurmd.log" 2>/dev/null
  exit 0
fi
pass "slurm: one-node cluster up (slurmctld on :$CTLD_PORT, slurmd $NODE)"
check "slurm: HealthCheckProgram runs" wait_runs 1
check "slurm: a healthy node stays undrained" not_drained

unusable
if wait_until 30 state_is '*DRAIN*'; then
  r=$(reason)
  case "$r" in
    "gpudoctor: K204 "[a-z]*) pass "slurm: unusable GPU drains with reason '$r'" ;;
    *) fail "slurm: unusable GPU drains with reason 'gpudoctor: K204 <cause>', got '$r'" ;;
  esac
else
  fail "slurm: unusable GPU drains the node (state: $(node_field State))"
fi

healthy
check "slurm: usable again resumes the node" wait_until 30 not_drained

# An administrator's drain is never touched: not re-reasoned while unusable, not resumed when healthy.
scontrol update NodeName="$NODE" State=DRAIN Reason="admin: swapping PSU"
unusable
wait_runs 2
check "slurm: an admin's drain keeps its reason while unusable" test "$(reason)" = "admin: swapping PSU"
healthy
wait_runs 2
check "slurm: an admin's drain is not resumed when healthy" test "$(reason)" = "admin: swapping PSU"
check "slurm: ...and the node stays drained" state_is '*DRAIN*'
scontrol update NodeName="$NODE" State=RESUME
wait_until 10 not_drained

# Failed checks never drain.
failed_check_never_drains() {
  local what=$1
  shift
  set_check "$@"
  wait_runs 2
  check "slurm: $what never drains" not_drained
}
failed_check_never_drains "a missing --root mount (exit 2)" \
  "GPUDOCTOR=$GPUDOCTOR_BIN" "GPUDOCTOR_ARGS='--no-live --root $W/no-such-mount'"
failed_check_never_drains "an unwritable --prom-textfile (exit 3)" \
  "GPUDOCTOR=$GPUDOCTOR_BIN" "GPUDOCTOR_ARGS='--no-live --root $GD_FIX/roots/module_not_loaded'" \
  "GPUDOCTOR_TEXTFILE_DIR=$W/no-such-dir"
failed_check_never_drains "a missing binary" "GPUDOCTOR=$W/no-such-gpudoctor"
failed_check_never_drains "a usage error (exit 2)" "GPUDOCTOR=$GPUDOCTOR_BIN" "GPUDOCTOR_ARGS='--no-such-option'"

stop_all
check "slurm: daemons stopped" test -z "$(jobs -pr)"
