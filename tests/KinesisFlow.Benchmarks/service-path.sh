#!/usr/bin/env bash
# Service path against decode alone (docs/performance.md): LINES flow lines are produced into a SHARDS-shard
# kinesalite stream; the stream is dumped as the GetRecords answers the worker will read (several get-records JSON
# documents, one after another, which `kinesisflow decode` reads); then
#   - decode: `kinesisflow decode` of the dump into a file beside the sink's (the same page-cache writes `run`'s file
#     sink makes), CPU time (user + system); and, for reference, the same decode to /dev/null;
#   - run: `kinesisflow run` (file sink, leases in dynalite) drains the same stream from TRIM_HORIZON; its CPU time
#     from the first line in the sink until the last (start-up excluded; checked every 50 ms).
# Prints lines per CPU-second for both and their ratio; RUNS rounds.
#
#   tests/KinesisFlow.Benchmarks/service-path.sh                # 200,000 lines, 4 shards
#   LINES=1000000 RUNS=3 tests/KinesisFlow.Benchmarks/service-path.sh
# Not a CI test: it measures; docs/performance.md holds the figures.
set -euo pipefail

LINES="${LINES:-200000}"
SHARDS="${SHARDS:-4}"
RUNS="${RUNS:-1}"
cd "$(dirname "$0")/../.."

# shellcheck source=tests/KinesisFlow.Benchmarks/local-aws.sh
source tests/KinesisFlow.Benchmarks/local-aws.sh
publish_kinesisflow
start_local_aws svc "$SHARDS"
"$KINESISFLOW" produce --stream svc --endpoint-url "http://127.0.0.1:$KINESIS_PORT" --count "$LINES" --seed 1 \
  --control-ratio 0 > "$WORK/produce.log" 2>&1

# The dump: every shard from TRIM_HORIZON, answer after answer, until an answer is empty.
for shard in $(aws_call "$KINESIS_PORT" Kinesis_20131202.ListShards '{"StreamName":"svc"}' | jq -r '.Shards[].ShardId'); do
  iterator="$(aws_call "$KINESIS_PORT" Kinesis_20131202.GetShardIterator \
    "{\"StreamName\":\"svc\",\"ShardId\":\"$shard\",\"ShardIteratorType\":\"TRIM_HORIZON\"}" | jq -r .ShardIterator)"
  while true; do
    aws_call "$KINESIS_PORT" Kinesis_20131202.GetRecords "{\"ShardIterator\":\"$iterator\",\"Limit\":10000}" > "$WORK/answer.json"
    [[ "$(jq '.Records | length' "$WORK/answer.json")" == 0 ]] && break
    cat "$WORK/answer.json" >> "$WORK/dump.json"
    iterator="$(jq -r .NextShardIterator "$WORK/answer.json")"
  done
done
expected="$("$KINESISFLOW" decode "$WORK/dump.json" 2>&1 > /dev/null | grep -oE 'events=[0-9]+' | cut -d= -f2)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $expected lines in $(du -m "$WORK/dump.json" | cut -f1) MB of GetRecords answers, $SHARDS shards"

for run in $(seq "$RUNS"); do
  /usr/bin/env time -f "%U %S" -o "$WORK/decode.cpu" "$KINESISFLOW" decode "$WORK/dump.json" > "$WORK/decoded.ndjson" 2> /dev/null
  decode_cpu="$(awk '{ printf "%.2f", $1 + $2 }' "$WORK/decode.cpu")"
  rm -f "$WORK/decoded.ndjson"
  /usr/bin/env time -f "%U %S" -o "$WORK/decode-null.cpu" "$KINESISFLOW" decode "$WORK/dump.json" > /dev/null 2> /dev/null
  decode_null_cpu="$(awk '{ printf "%.2f", $1 + $2 }' "$WORK/decode-null.cpu")"

  SINK="$WORK/events-$run.ndjson"
  start_worker svc "$SINK" "$WORK/run-$run.log" "svc-leases-$run"  # a new lease table: each run reads from the start
  first_cpu=""
  for _ in $(seq 12000); do
    kill -0 "$WORKER" 2> /dev/null || { echo "the worker exited; its log:" >&2; tail -n 20 "$WORK/run-$run.log" >&2; exit 1; }
    if [[ -z "$first_cpu" && -s "$SINK" ]]; then first_cpu="$(cpu_seconds "$WORKER")"; fi
    if [[ -s "$SINK" ]] && (($(wc -l < "$SINK") >= expected)); then break; fi
    sleep 0.05
  done
  last_cpu="$(cpu_seconds "$WORKER")"
  delivered="$(wc -l < "$SINK")"
  kill "$WORKER"; wait "$WORKER" 2> /dev/null || true
  awk -v lines="$expected" -v delivered="$delivered" -v d="$decode_cpu" -v dn="$decode_null_cpu" -v first="$first_cpu" -v last="$last_cpu" 'BEGIN {
    r = last - first
    printf "run %d: decode into a file %.2f CPU-s (%.0f lines/CPU-s), to /dev/null %.2f; run %.2f CPU-s after the first line, %.2f in all (%.0f lines/CPU-s); run/decode %.2f (against /dev/null %.2f); %d of %d lines delivered\n",
      '"$run"', d, lines / d, dn, r, last, lines / r, (lines / r) / (lines / d), (lines / r) / (lines / dn), delivered, lines }'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
