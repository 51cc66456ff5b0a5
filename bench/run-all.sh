#!/usr/bin/env bash
# Runs every benchmark of issue 7 (see bench/README.md). Not part of CI.
#   bench/run-all.sh           full sets: 64 x 16 MiB, 4,000 x 8 KiB, a 2 GiB file, runs of 5, 60 and 600 s
#   bench/run-all.sh --quick   smaller sets, fewer repetitions, no 600 s run
# Output goes to the console and to bench/results/<date>[-quick].md.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

quick=()
suffix=""
if [[ "${1:-}" == "--quick" ]]; then
  quick=(--quick)
  suffix="-quick"
fi

command -v curl >/dev/null || { echo "curl is required (download baseline)" >&2; exit 1; }
dotnet tool restore >/dev/null
dotnet build bench/Domino.Bench -c Release -warnaserror -nodeReuse:false -p:UseSharedCompilation=false >/dev/null
bench=(dotnet bench/Domino.Bench/bin/Release/net10.0/Domino.Bench.dll)

mkdir -p bench/results
out="bench/results/$(date -u +%Y%m%d-%H%M)${suffix}.md"
status=0
run() {
  "${bench[@]}" "$@" "${quick[@]}" 2>&1 | tee -a "$out" || status=1
  echo | tee -a "$out"
}
run download
run memory
# The previous default poll factor (1.5) watches the same runs, for a before/after in one run.
run wait --core-variants 1:1.5
run overhead
echo "results: $out"
exit $status
