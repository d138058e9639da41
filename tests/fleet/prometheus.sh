#!/usr/bin/env bash
# Prometheus tier: Debian's Prometheus and node_exporter on 127.0.0.1 (ports from 19090 and
# 19100, a temporary TSDB). node_exporter's textfile collector reads what
# `gpudoctor --prom-textfile` wrote; Prometheus scrapes it every second and loads
# deploy/prometheus/gpudoctor.rules.yml. The HTTP API must then answer gpudoctor_gpu_usable
# and a gpudoctor_finding series with the expected labels. promtool checks the file and
# runs the rules' unit tests. Both daemons are stopped at the end.
set -u
. "$(dirname "$0")/lib.sh"

W=$(mktemp -d /tmp/gd-fleet-prom.XXXXXX)
trap 'stop_all; [ -n "${GD_FLEET_KEEP:-}" ] && echo "     kept $W" || rm -rf "$W"' EXIT
mkdir -p "$W/textfile" "$W/data"
PROM_PORT=$(free_port 19090)
NODE_PORT=$(free_port 19100)

# The node: module not loaded, so the GPU is unusable with root finding K204.
"$GPUDOCTOR_BIN" --no-live --root "$GD_FIX/roots/module_not_loaded" --format npd --prom-textfile "$W/textfile" >"$W/npd.out"
rc=$?
check "prometheus: gpudoctor --prom-textfile wrote the file (exit $rc)" test "$rc" = 1 -a -s "$W/textfile/gpudoctor.prom"
check "prometheus: promtool check metrics accepts it" promtool check metrics <"$W/textfile/gpudoctor.prom"
check "prometheus: promtool test rules (deploy/prometheus)" \
  promtool test rules "$GD_SRC/tests/deploy/prometheus/gpudoctor.rules.test.yml"

cat >"$W/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $GD_SRC/deploy/prometheus/gpudoctor.rules.yml
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:$NODE_PORT']
YML
check "prometheus: promtool check config" promtool check config "$W/prometheus.yml" >/dev/null

start node_exporter "$W/node_exporter.log" prometheus-node-exporter --web.listen-address="127.0.0.1:$NODE_PORT" \
  --collector.disable-defaults --collector.textfile --collector.textfile.directory="$W/textfile"
start prometheus "$W/prometheus.log" prometheus --config.file="$W/prometheus.yml" --storage.tsdb.path="$W/data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn

api="http://127.0.0.1:$PROM_PORT/api/v1"
# query PROMQL PYTHON-EXPR: evaluates EXPR on the result list r (exit 0 when true).
query() {
  curl -fsS --max-time 5 -G "$api/query" --data-urlencode "query=$1" 2>/dev/null |
    python3 -c "import json,sys; r=json.load(sys.stdin)['data']['result']; sys.exit(0 if ($2) else 1)" 2>/dev/null
}
target_up() { query 'up{job="node"}' "len(r) == 1 and r[0]['value'][1] == '1'"; }

if ! wait_until 60 target_up; then
  fail "prometheus: node_exporter target up"
  tail -n 20 "$W/prometheus.log" "$W/node_exporter.log"
  exit 0
fi
pass "prometheus: Prometheus :$PROM_PORT scrapes node_exporter :$NODE_PORT"
check "prometheus: no textfile scrape error" query 'node_textfile_scrape_error' "r[0]['value'][1] == '0'"
check "prometheus: gpudoctor_gpu_usable is 0 for the node" \
  wait_until 10 query 'gpudoctor_gpu_usable' "len(r) == 1 and r[0]['value'][1] == '0' and r[0]['metric']['job'] == 'node'"
check "prometheus: gpudoctor_finding for K204 with code, cause, severity, root and subject labels" \
  query 'gpudoctor_finding{code="K204"}' \
  "len(r) == 1 and r[0]['metric']['severity'] == 'error' and r[0]['metric']['root'] == 'true' and r[0]['metric']['subject'] == 'machine' and r[0]['metric']['cause'] != '' and 'hostname' not in r[0]['metric']"
check "prometheus: findings by severity, zeros included" query 'gpudoctor_findings' "len(r) == 3"
check "prometheus: the report's age is queryable" \
  query 'time() - gpudoctor_last_run_timestamp_seconds' "0 <= float(r[0]['value'][1]) < 120"
rules_loaded() {
  curl -fsS --max-time 5 "$api/rules" 2>/dev/null | python3 -c "import json,sys
g=json.load(sys.stdin)['data']['groups']
names={r['name'] for x in g for r in x['rules'] if r['health'] == 'ok'}
sys.exit(0 if {'GPUDoctorGPUUnusable','GPUDoctorProbeFailing','GPUDoctorReportStale'} <= names else 1)"
}
check "prometheus: the alert rules load and evaluate" wait_until 10 rules_loaded
pending() { curl -fsS --max-time 5 "$api/alerts" | grep -q '"alertname":"GPUDoctorGPUUnusable"'; }
check "prometheus: GPUDoctorGPUUnusable is pending for the broken node" wait_until 10 pending

# The node is repaired: the next run replaces the file atomically and the scrape sees it.
"$GPUDOCTOR_BIN" --facts "$GD_FIX/facts/healthy_h100.json" --format npd --prom-textfile "$W/textfile" >/dev/null
check "prometheus: a repaired node reads gpudoctor_gpu_usable 1" \
  wait_until 15 query 'gpudoctor_gpu_usable' "len(r) == 1 and r[0]['value'][1] == '1'"

stop_all
check "prometheus: daemons stopped" test -z "$(jobs -pr)"
