#!/usr/bin/env bash
# Idle shards and start-up of docs/performance.md, measured on the published Release `kinesisflow run` with the real
# polling reader against kinesalite (leases in dynalite), all on loopback:
#   - start-up: one record waits on the stream's first shard; the worker's CPU time (user + system) from exec until
#     that record's line is in the file sink;
#   - idle: once the worker owns all SHARDS leases and has settled for SETTLE seconds (every shard caught up and
#     polling), its resident memory (VmRSS; of it anonymous memory and mapped files, from /proc/PID/smaps_rollup), its
#     GC heap (from its own /metrics) and its CPU over SAMPLE seconds.
# Prints one summary line per run; RUNS runs, each with fresh emulators.
#
#   tests/KinesisFlow.Benchmarks/idle-process.sh                          # 64 shards
#   SHARDS=1000 tests/KinesisFlow.Benchmarks/idle-process.sh
#   WORKER_ENV="DOTNET_GCgen0size=0x400000" tests/KinesisFlow.Benchmarks/idle-process.sh   # settings for the worker
#   KINESISFLOW_DIR=published/ tests/KinesisFlow.Benchmarks/idle-process.sh   # an already published build
#   DETAIL=20 tests/KinesisFlow.Benchmarks/idle-process.sh                # also the 20 largest resident mappings
#   GCDUMP=30 tests/KinesisFlow.Benchmarks/idle-process.sh                # and the 30 largest live types (dotnet-gcdump)
# Not a CI test: it measures; docs/performance.md holds the figures.
set -euo pipefail

SHARDS="${SHARDS:-64}"
SETTLE="${SETTLE:-30}"
SAMPLE="${SAMPLE:-60}"
RUNS="${RUNS:-1}"
WORKER_ENV="${WORKER_ENV:-}"
cd "$(dirname "$0")/../.."

# shellcheck source=tests/KinesisFlow.Benchmarks/local-aws.sh
source tests/KinesisFlow.Benchmarks/local-aws.sh
publish_kinesisflow

# One CloudWatch Logs record (gzip'd subscription envelope, one default-format flow line).
ENVELOPE='{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"vpc-flow-logs","logStream":"eni-0a1b2c3d-all","subscriptionFilters":["bench"],"logEvents":[{"id":"1","timestamp":1700000000000,"message":"2 123456789012 eni-0a1b2c3d 10.0.0.1 10.0.0.2 443 49152 6 10 840 1700000000 1700000060 ACCEPT OK"}]}'
RECORD="$(printf '%s' "$ENVELOPE" | gzip -c | base64 -w0)"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $SHARDS shards, settle $SETTLE s, sample $SAMPLE s"
for run in $(seq "$RUNS"); do
  start_local_aws idle "$SHARDS"
  aws_call "$KINESIS_PORT" Kinesis_20131202.PutRecord \
    "{\"StreamName\":\"idle\",\"PartitionKey\":\"k\",\"ExplicitHashKey\":\"0\",\"Data\":\"$RECORD\"}" > /dev/null
  SINK="$WORK/events-$run.ndjson"
  start_worker idle "$SINK" "$WORK/run-$run.log"

  # Start-up: CPU at the moment the first line is in the sink (checked every 20 ms: the worker's CPU in between is
  # counted too, which makes the figure a slight overestimate).
  for _ in $(seq 3000); do
    [[ -s "$SINK" ]] && break
    kill -0 "$WORKER" 2> /dev/null || { echo "the worker exited; its log:" >&2; tail -n 20 "$WORK/run-$run.log" >&2; exit 1; }
    sleep 0.02
  done
  [[ -s "$SINK" ]] || { echo "no record delivered within 60 s" >&2; exit 1; }
  startup_cpu="$(cpu_seconds "$WORKER")"
  startup_rss="$(rss_mb "$WORKER")"

  all_owned() {
    curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" > "$WORK/metrics" &&
      [[ "$(metric "$WORK/metrics" kinesisflow_worker_leases_owned)" == "$SHARDS" ]]
  }
  wait_for "all $SHARDS leases owned" all_owned
  sleep "$SETTLE"

  cpu_before="$(cpu_seconds "$WORKER")"
  calls_before="$(curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" > "$WORK/metrics" && metric "$WORK/metrics" kinesisflow_shard_get_records_calls_total)"
  rss_min=1e9 rss_max=0
  for _ in $(seq $((SAMPLE / 5))); do
    sleep 5
    rss="$(rss_mb "$WORKER")"
    rss_min="$(awk -v a="$rss" -v b="$rss_min" 'BEGIN { print (a < b ? a : b) }')"
    rss_max="$(awk -v a="$rss" -v b="$rss_max" 'BEGIN { print (a > b ? a : b) }')"
  done
  cpu_after="$(cpu_seconds "$WORKER")"
  curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" > "$WORK/metrics"
  calls="$(($(metric "$WORK/metrics" kinesisflow_shard_get_records_calls_total) - calls_before))"
  read -r anon file < <(awk '/^Anonymous:/ { a = $2 } /^Rss:/ { r = $2 } END { printf "%.1f %.1f\n", a / 1024, (r - a) / 1024 }' "/proc/$WORKER/smaps_rollup")
  heap="$(awk -v b="$(metric "$WORK/metrics" dotnet_gc_last_collection_heap_size_bytes)" 'BEGIN { printf "%.1f", b / 1048576 }')"
  committed="$(awk -v b="$(metric "$WORK/metrics" dotnet_gc_last_collection_memory_committed_size_bytes)" 'BEGIN { printf "%.1f", b / 1048576 }')"
  printf 'run %d: start-up to first record %s CPU-s (RSS then %s MB); idle %d shards: RSS %s-%s MB (anonymous %s, mapped files %s), GC heap %s MB, committed %s MB; CPU %.2f s per minute; %.2f GetRecords per shard per second\n' \
    "$run" "$startup_cpu" "$startup_rss" "$SHARDS" "$rss_min" "$rss_max" "$anon" "$file" "$heap" "$committed" \
    "$(echo "($cpu_after - $cpu_before) * 60 / $SAMPLE" | bc -l)" "$(echo "$calls / $SHARDS / $SAMPLE" | bc -l)"

  if [[ -n "${DETAIL:-}" ]]; then  # the largest resident mappings, by file (anonymous memory as one line)
    awk '/^[0-9a-f]+-[0-9a-f]+ / { name = (NF >= 6 ? $6 : "[anonymous]") } /^Rss:/ { rss[name] += $2 }
         END { for (n in rss) printf "%8.1f MB  %s\n", rss[n] / 1024, n }' "/proc/$WORKER/smaps" | sort -rn | head -n "$DETAIL"
  fi
  if [[ -n "${GCDUMP:-}" ]]; then  # live objects after a full GC, largest types first (needs dotnet-gcdump)
    dotnet-gcdump collect -p "$WORKER" -o "$WORK/idle.gcdump" > /dev/null
    dotnet-gcdump report "$WORK/idle.gcdump" | tr -d , | sort -rn | head -n "$GCDUMP"
  fi
  cleanup_run() { local pid; for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null || true; done; PIDS=(); }
  cleanup_run
  exec 3>&- 2> /dev/null || true
  rm -f "$WORK/emulators.stdin"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
