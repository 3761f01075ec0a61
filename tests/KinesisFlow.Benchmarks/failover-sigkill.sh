#!/usr/bin/env bash
# Failover after SIGKILL, end to end: two `kinesisflow run` workers on kinesalite and dynalite (default lease timings),
# a producer writing all the while; once the workers share the shards, one is killed with SIGKILL, and the time from
# the kill until the survivor has started processing (logged "took lease", events 701, 713, 717) every shard the dead worker
# held is one measurement. The killed worker is the leader in odd rounds and a follower in even ones. Prints each
# measurement and the median.
#
#   tests/KinesisFlow.Benchmarks/failover-sigkill.sh [rounds] [shards]
#
# Needs the .NET SDK, Node.js 20+, curl and jq; binds 127.0.0.1 only; stops everything it started when it ends.
set -euo pipefail

rounds=${1:-6}
shards=${2:-4}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build "$root/src/KinesisFlow" -c Release -v q -o "$work/bin" > "$work/build.log" || { cat "$work/build.log"; exit 1; }
(cd "$root/tests/emulators" && { [ -d node_modules ] || npm ci --ignore-scripts --silent; })

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# An emulator exits when its stdin closes: this script holds a pipe to it open (fd 3, 4) until it ends.
kinesis_port=$(free_port)
dynamo_port=$(free_port)
mkfifo "$work/kinesalite.in" "$work/dynalite.in"
node "$root/tests/emulators/launch.js" kinesalite "$kinesis_port" '{"createStreamMs":50}' < "$work/kinesalite.in" > "$work/kinesalite.log" 2>&1 &
pids+=($!)
exec 3> "$work/kinesalite.in"
node "$root/tests/emulators/launch.js" dynalite "$dynamo_port" '{"createTableMs":50}' < "$work/dynalite.in" > "$work/dynalite.log" 2>&1 &
pids+=($!)
exec 4> "$work/dynalite.in"
kinesis=http://127.0.0.1:$kinesis_port
dynamo=http://127.0.0.1:$dynamo_port

export AWS_ACCESS_KEY_ID=emulator AWS_SECRET_ACCESS_KEY=emulator AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
kinesis_call() {
  curl -sf -X POST "$kinesis/" -H 'Content-Type: application/x-amz-json-1.1' -H "X-Amz-Target: Kinesis_20131202.$1" \
    -H 'X-Amz-Date: 20260101T000000Z' \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=emulator/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=0' \
    -d "$2"
}
for _ in $(seq 100); do kinesis_call ListStreams '{}' > /dev/null 2>&1 && break; sleep 0.2; done
kinesis_call CreateStream "{\"StreamName\":\"failover\",\"ShardCount\":$shards}" > /dev/null
sleep 1

dotnet "$work/bin/kinesisflow.dll" produce --stream failover --endpoint-url "$kinesis" --rate 400 --events-per-record 20 --duration 01:00:00 > "$work/produce.log" 2>&1 &
pids+=($!)

start_worker() {
  local id=$1 round=$2
  (exec dotnet "$work/bin/kinesisflow.dll" run --stream failover --endpoint-url "$kinesis" --dynamodb-endpoint-url "$dynamo" \
    --lease-table "failover-$round" --worker-id "$id" --sink "file:$work/$id-$round.ndjson" --json-logs \
    > /dev/null 2> "$work/$id-$round.log") &
  echo $!
}

# The leases a worker's log says it took and did not give up since (events 701/713 take; 703/704/705 let go).
held_by() {
  jq -r 'select(.EventId == 701 or .EventId == 713 or .EventId == 717 or .EventId == 703 or .EventId == 704 or .EventId == 705) | "\(.EventId) \(.LeaseKey)"' "$1" 2>/dev/null \
    | awk '{ if ($1 == 701 || $1 == 713 || $1 == 717) held[$2] = 1; else delete held[$2] } END { for (k in held) print k }' | sort
}
is_leader() { grep -q '"EventId":714' "$1" && ! grep -q '"EventId":715' "$1"; }

measurements=()
for round in $(seq "$rounds"); do
  a=$(start_worker worker-a "$round"); pids+=("$a")
  b=$(start_worker worker-b "$round"); pids+=("$b")
  # Shared and settled: each holds half, for a few lease durations.
  for _ in $(seq 600); do
    [ "$(held_by "$work/worker-a-$round.log" | wc -l)" -eq $((shards / 2)) ] && [ "$(held_by "$work/worker-b-$round.log" | wc -l)" -eq $((shards / 2)) ] && break
    sleep 0.1
  done
  sleep 25
  if { [ $((round % 2)) -eq 1 ] && is_leader "$work/worker-a-$round.log"; } || { [ $((round % 2)) -eq 0 ] && ! is_leader "$work/worker-a-$round.log"; }; then
    victim=worker-a; victim_pid=$a; survivor=worker-b; survivor_pid=$b
  else
    victim=worker-b; victim_pid=$b; survivor=worker-a; survivor_pid=$a
  fi
  role=follower; is_leader "$work/$victim-$round.log" && role=leader
  orphaned=$(held_by "$work/$victim-$round.log")
  if [ -z "$orphaned" ]; then
    echo "round $round: skipped ($victim held no shard when it was to be killed)"
    kill -9 "$a" "$b" 2>/dev/null || true
    continue
  fi
  taken_before=$(jq -r 'select(.EventId == 701 or .EventId == 713 or .EventId == 717) | .LeaseKey' "$work/$survivor-$round.log" | wc -l)
  kill -9 "$victim_pid"
  killed=$(date +%s.%N)
  took=""
  for _ in $(seq 1200); do
    taken=$(jq -r 'select(.EventId == 701 or .EventId == 713 or .EventId == 717) | .LeaseKey' "$work/$survivor-$round.log" | tail -n +$((taken_before + 1)) | sort -u)
    if [ -z "$(comm -23 <(echo "$orphaned") <(echo "$taken"))" ]; then took=$(echo "$(date +%s.%N) - $killed" | bc); break; fi
    sleep 0.1
  done
  echo "round $round: killed the $role ($victim, $(echo "$orphaned" | wc -w) shards); survivor processing all of them after ${took:-more than 120} s"
  measurements+=("${took:-999}")
  kill -9 "$survivor_pid" 2>/dev/null || true
done

printf '%s\n' "${measurements[@]}" | sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "median %.1f s over %d kills (min %.1f, max %.1f)\n", m, NR, v[1], v[NR] }'
