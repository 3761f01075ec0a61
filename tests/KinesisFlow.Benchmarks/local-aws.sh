# Sourced by the process benchmarks (soak.sh, idle-process.sh): kinesalite and dynalite on loopback, the published
# Release executable, and the clean-up of everything they start. The caller sets `set -euo pipefail` and sources
# this file from the repository root.

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2> /dev/null || true; done
  exec 3>&- 2> /dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# publish_kinesisflow: sets KINESISFLOW to the executable; KINESISFLOW_DIR, when set, is an already published
# directory to measure instead (e.g. two builds compared side by side).
publish_kinesisflow() {
  if [[ -n "${KINESISFLOW_DIR:-}" ]]; then
    KINESISFLOW="$(realpath "$KINESISFLOW_DIR")/kinesisflow"
    return
  fi
  echo "publishing kinesisflow (Release)" >&2
  dotnet publish src/KinesisFlow -c Release --use-current-runtime -o "$WORK/kinesisflow" --nologo -v quiet > /dev/null
  KINESISFLOW="$WORK/kinesisflow/kinesisflow"
}

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# The emulators exit when their stdin closes (tests/emulators/launch.js): their stdin is a FIFO whose only writer is
# this script (fd 3), so they stop with it even if it is killed.
start_emulator() {  # start_emulator KIND PORT OPTIONS
  local kind="$1" port="$2" options="$3"
  if [[ ! -d tests/emulators/node_modules ]]; then
    (cd tests/emulators && npm ci --ignore-scripts --silent)
  fi
  if [[ ! -p "$WORK/emulators.stdin" ]]; then
    mkfifo "$WORK/emulators.stdin"
    exec 3<> "$WORK/emulators.stdin"
  fi
  node tests/emulators/launch.js "$kind" "$port" "$options" < "$WORK/emulators.stdin" 3>&- > "$WORK/$kind.log" 2>&1 &
  PIDS+=("$!")
}

aws_call() {  # aws_call PORT TARGET JSON: one JSON-protocol call; the emulators check no signature
  local version=1.1
  [[ "$2" == DynamoDB* ]] && version=1.0
  curl -sf -X POST "http://127.0.0.1:$1/" -H "X-Amz-Target: $2" -H "Content-Type: application/x-amz-json-$version" \
    -H 'X-Amz-Date: 20260101T000000Z' \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=0' \
    -d "$3"
}

wait_for() {  # wait_for WHAT COMMAND...: retry for up to 60 s
  local what="$1"; shift
  for _ in $(seq 120); do
    if "$@" > /dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "$what did not come up" >&2
  exit 1
}

# start_local_aws STREAM SHARDS: kinesalite with an active stream of SHARDS shards, and dynalite; sets KINESIS_PORT
# and DYNAMODB_PORT.
start_local_aws() {
  local stream="$1" shards="$2"
  KINESIS_PORT="$(free_port)"
  DYNAMODB_PORT="$(free_port)"
  start_emulator kinesalite "$KINESIS_PORT" "{\"createStreamMs\":50,\"shardLimit\":$((shards > 10 ? shards : 10))}"
  start_emulator dynalite "$DYNAMODB_PORT" '{"createTableMs":50}'
  wait_for kinesalite aws_call "$KINESIS_PORT" Kinesis_20131202.ListStreams '{}'
  wait_for dynalite aws_call "$DYNAMODB_PORT" DynamoDB_20120810.ListTables '{}'
  aws_call "$KINESIS_PORT" Kinesis_20131202.CreateStream "{\"StreamName\":\"$stream\",\"ShardCount\":$shards}" > /dev/null
  stream_active() { aws_call "$KINESIS_PORT" Kinesis_20131202.DescribeStreamSummary "{\"StreamName\":\"$stream\"}" | grep -q '"ACTIVE"'; }
  wait_for "the stream" stream_active
  export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1
}

# start_worker STREAM SINK_FILE LOG_FILE [LEASE_TABLE]: `kinesisflow run` (with WORKER_ENV's NAME=VALUE words in its
# environment) on the local stream, leases in dynalite (table STREAM-leases unless named), the file sink, metrics on
# a free loopback port; sets WORKER (its pid) and METRICS_PORT.
start_worker() {
  METRICS_PORT="$(free_port)"
  # shellcheck disable=SC2086 # WORKER_ENV is a list of NAME=VALUE words
  env ${WORKER_ENV:-} "$KINESISFLOW" run --stream "$1" --endpoint-url "http://127.0.0.1:$KINESIS_PORT" \
    --dynamodb-endpoint-url "http://127.0.0.1:$DYNAMODB_PORT" --lease-table "${4:-$1-leases}" \
    --sink "file:$2" --http-listen "127.0.0.1:$METRICS_PORT" > "$3" 2>&1 &
  WORKER="$!"
  PIDS+=("$WORKER")
}

metric() {  # metric FILE NAME: the sum of a Prometheus metric's series in a scrape
  awk -v name="$2" '$1 == name || index($1, name "{") == 1 { sum += $NF } END { printf "%.0f", sum }' "$1"
}

cpu_seconds() {  # cpu_seconds PID: user + system CPU of a process so far (fields 14 and 15 of /proc/PID/stat)
  awk -v ticks="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / ticks }' "/proc/$1/stat"
}

rss_mb() {  # rss_mb PID: resident memory (VmRSS)
  awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"
}
