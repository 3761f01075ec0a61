#!/usr/bin/env bash
# Whole-process comparison of docs/performance.md: `kinesisflow decode` of a get-records dump of LINES generated
# flow lines (default one million) against a process that only base64-decodes and gunzips the same dump, both
# pinned to one core with taskset. Start-up and JIT count, as they do for a user. Prints user+sys CPU and wall
# time per run; on a shared machine compare the CPU times and repeat (RUNS) to see through the noise.
set -euo pipefail
cd "$(dirname "$0")/../.."

LINES="${LINES:-1000000}"
RUNS="${RUNS:-5}"
CORE="${CORE:-0}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

dotnet publish src/KinesisFlow -c Release --use-current-runtime -o "$WORK/kinesisflow" --nologo -v quiet
dotnet build tests/KinesisFlow.Benchmarks -c Release -o "$WORK/bench" --nologo -v quiet
dotnet "$WORK/bench/KinesisFlow.Benchmarks.dll" make-dump "$WORK/dump.json" "$LINES"

measure() {
  local label="$1"; shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/env time -f "%U %S" -o "$WORK/cpu" taskset -c "$CORE" "$@" > /dev/null 2> "$WORK/stderr"
  end=$(date +%s.%N)
  read -r user sys < "$WORK/cpu"
  printf '%-12s cpu %6.3f s  wall %6.3f s\n' "$label" "$(echo "$user + $sys" | bc)" "$(echo "$end - $start" | bc)"
}

for run in $(seq "$RUNS"); do
  echo "run $run"
  measure "gunzip-only" dotnet "$WORK/bench/KinesisFlow.Benchmarks.dll" gunzip-only "$WORK/dump.json"
  measure "decode json" "$WORK/kinesisflow/kinesisflow" decode "$WORK/dump.json"
  measure "decode raw" "$WORK/kinesisflow/kinesisflow" decode --format raw "$WORK/dump.json"
done
tail -n 1 "$WORK/stderr"
