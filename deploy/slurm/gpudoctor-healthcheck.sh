#!/usr/bin/env bash
# Slurm HealthCheckProgram: drain a node whose GPU gpudoctor says cannot be used, and
# resume it once gpudoctor is satisfied again -- but only a drain gpudoctor itself set,
# never one an administrator set (the ownership rule of LBNL NHC's node-mark-offline).
#
#   slurm.conf:  HealthCheckProgram=/usr/local/sbin/gpudoctor-healthcheck.sh
#                HealthCheckInterval=300
#                HealthCheckNodeState=IDLE,CYCLE   (never next to a job; nodes spread out)
#
# The drain reason is "gpudoctor: <CODE> <cause>", so `sinfo -R` (first 20 characters)
# shows the code.
#
# slurmd starts the program with almost no environment, so the settings may also come
# from the file ${GPUDOCTOR_HEALTHCHECK_CONF:-/etc/default/gpudoctor-healthcheck}
# (shell syntax), read when it exists:
#   GPUDOCTOR              path of the binary (default: gpudoctor on PATH)
#   GPUDOCTOR_ARGS         extra options, e.g. "--timeout 30" or "--root /host"
#   GPUDOCTOR_TEXTFILE_DIR also write DIR/gpudoctor.prom for node_exporter's textfile collector
#
# gpudoctor --format npd exits 0 usable, 1 not usable (drain), 2 unknown or usage error
# (a missing --root mount, say), 3 tool failed. Anything but 0 and 1 -- and a missing
# binary -- is a problem of the check, not of the node: logged, node left as it is.
set -u

conf=${GPUDOCTOR_HEALTHCHECK_CONF:-/etc/default/gpudoctor-healthcheck}
# shellcheck disable=SC1090
[ -r "$conf" ] && . "$conf"

gpudoctor=${GPUDOCTOR:-gpudoctor}
node=${SLURMD_NODENAME:-$(hostname -s)}
tag="gpudoctor:"

log() { logger -t gpudoctor-healthcheck -- "$*" 2>/dev/null || echo "gpudoctor-healthcheck: $*" >&2; }

args=(--format npd --no-color)
[ -n "${GPUDOCTOR_TEXTFILE_DIR:-}" ] && args+=(--prom-textfile "$GPUDOCTOR_TEXTFILE_DIR")
# shellcheck disable=SC2086  # GPUDOCTOR_ARGS is a list of words
verdict=$("$gpudoctor" "${args[@]}" ${GPUDOCTOR_ARGS:-} 2>/dev/null)
rc=$?
verdict=${verdict%%$'\n'*}

# The reason text alone: `scontrol show node` prints "Reason=<text> [user@time]".
current_reason() {
  scontrol show node "$node" 2>/dev/null | sed -n 's/.*Reason=//p' | head -n 1
}

case $rc in
  0)
    # Resume only what we drained ourselves.
    case "$(current_reason)" in
      "$tag"*) scontrol update NodeName="$node" State=RESUME && log "$node: GPU usable again, resumed" ;;
    esac
    ;;
  1)
    # "K204 driver_not_loaded: <message>" -> "gpudoctor: K204 driver_not_loaded"
    read -r code cause _ <<<"$verdict"
    cause=${cause%:}
    case "$code" in
      [A-Z]*[0-9]) reason="$tag $code $cause" ;;
      *) reason="$tag GPU not usable" ;;
    esac
    case "$(current_reason)" in
      "" | "(null)" | "None") scontrol update NodeName="$node" State=DRAIN Reason="$reason" && log "$node: drained: $reason" ;;
      *) log "$node: not usable ($verdict); already has a reason, left as is" ;;
    esac
    ;;
  *)
    log "$node: gpudoctor could not judge the node (exit $rc: $verdict); node left as is"
    ;;
esac
exit 0
