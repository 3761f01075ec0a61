#!/usr/bin/env bash
# Soak of docs/performance.md: one `kinesisflow run` (the published Release executable) on a SHARDS-shard stream
# against kinesalite + dynalite on loopback, the file sink, while `kinesisflow produce` writes RATE flow lines per
# second for MINUTES minutes. Every INTERVAL seconds it samples the worker's resident memory (VmRSS of
# /proc/PID/status), its GC heap (from its own /metrics: heap after the last GC, memory the GC has committed, bytes
# allocated) and its CPU, into CSV (default soak.csv in the current directory). At the end it prints the curve per
# minute and the slopes over the last third of the run, and stops everything it started.
#
#   tests/KinesisFlow.Benchmarks/soak.sh                                   # 30 minutes, 2,000 lines/s, 4 shards
#   MINUTES=15 CSV=after.csv tests/KinesisFlow.Benchmarks/soak.sh
#   WORKER_ENV="DOTNET_GCHeapHardLimit=0xC000000" tests/KinesisFlow.Benchmarks/soak.sh   # settings for the worker only
#   GCDUMP_DIR=dumps tests/KinesisFlow.Benchmarks/soak.sh   # also dotnet-gcdump the worker at 1/6 and 5/6 of the run
#
# GCDUMP_DIR needs dotnet-gcdump on the PATH (dotnet tool install -g dotnet-gcdump); each dump forces a full GC, so
# leave it off when the curve itself is what you measure. Compare the two with `dotnet-gcdump report`: a leak shows
# as types whose bytes grow from the early dump to the late one.
# Not a CI test: it runs for half an hour and measures; docs/performance.md holds the figures.
set -euo pipefail

MINUTES="${MINUTES:-30}"
RATE="${RATE:-2000}"
SHARDS="${SHARDS:-4}"
INTERVAL="${INTERVAL:-5}"
CSV="$(realpath -m "${CSV:-soak.csv}")"
WORKER_ENV="${WORKER_ENV:-}"
GCDUMP_DIR="${GCDUMP_DIR:+$(realpath -m "$GCDUMP_DIR")}"
cd "$(dirname "$0")/../.."

# shellcheck source=tests/KinesisFlow.Benchmarks/local-aws.sh
source tests/KinesisFlow.Benchmarks/local-aws.sh
publish_kinesisflow
start_local_aws soak "$SHARDS"
start_worker soak "$WORK/events.ndjson" "$WORK/run.log"
wait_for "kinesisflow run" curl -sf "http://127.0.0.1:$METRICS_PORT/metrics"

"$KINESISFLOW" produce --stream soak --endpoint-url "http://127.0.0.1:$KINESIS_PORT" --rate "$RATE" \
  --duration "$(printf '%02d:%02d:00' $((MINUTES / 60)) $((MINUTES % 60)))" --seed 1 > "$WORK/produce.log" 2>&1 &
PRODUCER="$!"
PIDS+=("$PRODUCER")

TICKS="$(getconf CLK_TCK)"
echo "elapsed_s,rss_mb,gc_heap_mb,gc_committed_mb,allocated_mb,cpu_percent,events_sent" > "$CSV"
echo "soak: $MINUTES min, $RATE lines/s, $SHARDS shards; sampling every $INTERVAL s into $CSV"
START="$(date +%s.%N)"
previous_cpu=0
previous_time="$START"
dumps_due=()
if [[ -n "$GCDUMP_DIR" ]]; then
  mkdir -p "$GCDUMP_DIR"
  dumps_due=("$((MINUTES * 10))" "$((MINUTES * 50))")  # seconds: 1/6 and 5/6 of the run
fi
while kill -0 "$PRODUCER" 2> /dev/null; do
  sleep "$INTERVAL"
  if ((${#dumps_due[@]} > 0)) && (($(date +%s) - ${START%.*} >= dumps_due[0])); then
    dotnet-gcdump collect -p "$WORKER" -o "$GCDUMP_DIR/soak-$((dumps_due[0] / 60))min.gcdump" > /dev/null
    dumps_due=("${dumps_due[@]:1}")
  fi
  kill -0 "$WORKER" 2> /dev/null || { echo "soak: the worker exited; its log:" >&2; tail -n 20 "$WORK/run.log" >&2; exit 1; }
  now="$(date +%s.%N)"
  rss_kb="$(awk '/^VmRSS:/ { print $2 }' "/proc/$WORKER/status")"
  # utime + stime (fields 14 and 15 of /proc/PID/stat; the command name in field 2 has no spaces here).
  cpu="$(awk '{ print $14 + $15 }' "/proc/$WORKER/stat")"
  curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" > "$WORK/metrics" || true
  awk -v elapsed="$(echo "$now - $START" | bc)" -v rss="$rss_kb" -v cpu="$cpu" -v previous="$previous_cpu" \
      -v seconds="$(echo "$now - $previous_time" | bc)" -v ticks="$TICKS" \
      -v heap="$(metric "$WORK/metrics" dotnet_gc_last_collection_heap_size_bytes)" -v committed="$(metric "$WORK/metrics" dotnet_gc_last_collection_memory_committed_size_bytes)" \
      -v allocated="$(metric "$WORK/metrics" dotnet_gc_heap_total_allocated_bytes_total)" -v sent="$(metric "$WORK/metrics" kinesisflow_sink_sent_events_total)" \
      'BEGIN { printf "%.0f,%.1f,%.1f,%.1f,%.0f,%.1f,%d\n", elapsed, rss / 1024, heap / 1048576, committed / 1048576,
               allocated / 1048576, 100 * (cpu - previous) / ticks / seconds, sent }' >> "$CSV"
  previous_cpu="$cpu"
  previous_time="$now"
done
tail -n 1 "$WORK/produce.log"

# The curve per minute (the last sample of each minute) and the slopes over the last third (least squares).
awk -F, 'function slope(col,   i, k, st, sv, stt, stv) {
    for (i = int(n * 2 / 3) + 1; i <= n; i++) { k++; st += t[i]; sv += v[col, i]; stt += t[i] * t[i]; stv += t[i] * v[col, i] }
    return k > 1 ? 60 * (k * stv - st * sv) / (k * stt - st * st) : 0
  }
  NR > 1 { minute = int($1 / 60); last[minute] = $0; n++; t[n] = $1; v[2, n] = $2; v[3, n] = $3; v[4, n] = $4; cpu += $6 }
  END {
    print "minute  rss_mb  gc_heap_mb  gc_committed_mb  cpu_%  events_sent"
    for (m = 0; m in last; m++) { split(last[m], f, ","); printf "%6d  %6.1f  %10.1f  %15.1f  %5.1f  %11d\n", m, f[2], f[3], f[4], f[6], f[7] }
    printf "slopes over the last third (MB/min): rss %.2f, gc heap %.2f, gc committed %.2f; mean cpu %.1f %%\n",
      slope(2), slope(3), slope(4), cpu / n
  }' "$CSV"
