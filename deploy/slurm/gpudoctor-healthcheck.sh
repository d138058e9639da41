#!/usr/bin/env bash
# Slurm HealthCheckProgram: drain a node whose GPU gpudoctor says cannot be used, and
# resume it once gpudoctor is satisfied again -- but only a drain gpudoctor itself set,
# never one an administrator set.
#
#   slurm.conf:  HealthCheckProgram=/usr/local/sbin/gpudoctor-healthcheck.sh
#                HealthCheckInterval=300
#                HealthCheckNodeState=IDLE      (checks never run next to a job)
#
# Environment: GPUDOCTOR (path of the binary, default: gpudoctor on PATH),
# GPUDOCTOR_ARGS (extra options, e.g. "--timeout 60"), GPUDOCTOR_TEXTFILE_DIR (also
# write the metrics there for node_exporter's textfile collector).
#
# gpudoctor exit codes: 0 usable, 1 not usable (drain), 2 usage error, 3 internal error.
# 2, 3 and a missing binary are a problem of the check, not of the node: logged, no drain.
set -u

gpudoctor=${GPUDOCTOR:-gpudoctor}
node=${SLURMD_NODENAME:-$(hostname -s)}
tag="gpudoctor:"

log() { logger -t gpudoctor-healthcheck -- "$*" 2>/dev/null || echo "gpudoctor-healthcheck: $*" >&2; }

# shellcheck disable=SC2086  # GPUDOCTOR_ARGS is a list of words
metrics=$("$gpudoctor" --format prometheus --no-color ${GPUDOCTOR_ARGS:-} 2>/dev/null)
rc=$?

if [ -n "${GPUDOCTOR_TEXTFILE_DIR:-}" ] && [ -n "$metrics" ]; then
  tmp="$GPUDOCTOR_TEXTFILE_DIR/.gpudoctor.prom.$$"
  printf '%s\n' "$metrics" >"$tmp" && mv -f "$tmp" "$GPUDOCTOR_TEXTFILE_DIR/gpudoctor.prom"
fi

current_reason() {
  scontrol show node "$node" 2>/dev/null | tr ' ' '\n' | sed -n 's/^Reason=//p' | head -n 1
}

case $rc in
  0)
    # Resume only what we drained ourselves.
    case "$(current_reason)" in
      "$tag"*) scontrol update NodeName="$node" State=RESUME && log "$node: GPU usable again, resumed" ;;
    esac
    ;;
  1)
    # The root findings, e.g. "K204 module_not_loaded", from the metrics' root="true" series.
    roots=$(printf '%s\n' "$metrics" |
      sed -n 's/^gpudoctor_finding{code="\([A-Z0-9]*\)",slug="\([a-z0-9_]*\)",severity="error".*root="true".*/\1 \2/p' |
      head -n 3 | paste -sd ',' -)
    reason="$tag ${roots:-GPU not usable} (run gpudoctor on $node)"
    case "$(current_reason)" in
      "" | "(null)" | "None") scontrol update NodeName="$node" State=DRAIN Reason="$reason" && log "$node: drained: $reason" ;;
      *) log "$node: not usable ($roots); already drained, reason left as is" ;;
    esac
    ;;
  *)
    log "$node: gpudoctor could not judge the node (exit $rc); node left as is"
    ;;
esac
exit 0
