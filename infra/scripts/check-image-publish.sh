#!/usr/bin/env bash
# Checks, without a Docker engine, what the container image relies on:
#   1. the build context (the repository's files, less what .dockerignore and .gitignore leave out) builds;
#   2. the Dockerfile's own `dotnet publish` line, run as written (TARGETARCH for this machine, output redirected),
#      produces a self-contained `kinesisflow` (a Native AOT binary) that starts without an installed .NET runtime;
#   3. the ENTRYPOINT's and HEALTHCHECK's subcommands exist in that binary.
# Usage: infra/scripts/check-image-publish.sh   (needs the .NET SDK, clang or gcc with zlib's headers for Native AOT,
#        and access to the NuGet feed for the runtime and AOT compiler packs)
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== build context"
(cd "$root" && git ls-files -z --cached --others --exclude-standard) \
  | tar -C "$root" --null --ignore-failed-read -T - -cf - 2>/dev/null \
  | tar -C "$work" -xf -
rm -f "$work/Dockerfile" "$work/.dockerignore"

case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "unsupported machine $(uname -m)" >&2; exit 1 ;;
esac

# The publish RUN instruction, continuation lines joined, cache mount dropped, output sent to the work folder.
publish="$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$root/Dockerfile" \
  | grep -E '^RUN .*dotnet publish' \
  | sed -E 's/^RUN +(--mount=[^ ]+ +)*//; s/\$TARGETARCH/'"$arch"'/g; s# -o /app# -o "$out"#')"
[ -n "$publish" ] || { echo "no dotnet publish line in the Dockerfile" >&2; exit 1; }
echo "== $publish"
out="$work/app"
(cd "$work" && out="$out" DOTNET_CLI_TELEMETRY_OPTOUT=1 bash -c "$publish" >"$work/publish.log" 2>&1) \
  || { tail -40 "$work/publish.log" >&2; exit 1; }

echo "== self-contained"
exe="$out/kinesisflow"
[ -x "$exe" ] || { echo "no executable kinesisflow in the publish output" >&2; exit 1; }
# A framework-dependent publish would come with a runtimeconfig naming the framework; a Native AOT one has none.
if [ -f "$out/kinesisflow.runtimeconfig.json" ] && ! grep -q '"includedFrameworks"' "$out/kinesisflow.runtimeconfig.json"; then
  echo "the publish is framework-dependent; runtime-deps has no .NET runtime" >&2; exit 1
fi
# No installed runtime may be used: point the host at an empty folder.
DOTNET_ROOT="$work/no-dotnet" "$exe" --help >"$work/help.txt"

echo "== entrypoint and health check subcommands"
for instruction in ENTRYPOINT HEALTHCHECK; do
  sub="$(grep -E "^$instruction " "$root/Dockerfile" | grep -oE '"/app/kinesisflow", "[a-z-]+"' | sed -E 's/.*, "([a-z-]+)"/\1/')"
  [ -n "$sub" ] || { echo "$instruction does not run /app/kinesisflow SUBCOMMAND" >&2; exit 1; }
  grep -qE "^  $sub( |$)" "$work/help.txt" || { echo "$instruction runs '$sub', which kinesisflow does not have" >&2; exit 1; }
  echo "$instruction: kinesisflow $sub"
done

echo "== ok: $(du -sh "$out" | cut -f1) self-contained for linux-$arch"
