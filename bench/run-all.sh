#!/usr/bin/env bash
# Runs every benchmark (see bench/README.md). Not part of CI.
#   bench/run-all.sh           full sets: 64 x 16 MiB, 4,000 x 8 KiB (plain, in one folder, 10 ms and 50 ms latency,
#                              through the Cake alias: first call and warm, cold process), a 2 GiB file,
#                              40,000 x 1 KiB, runs of 5, 60 and 600 s
#   bench/run-all.sh --quick   smaller sets, fewer repetitions, no 600 s run (a few minutes)
# Output goes to the console and to bench/results/<date>[-quick].md; a final table lists every target met or missed.
# Exits 0 when the benchmarks ran (missed targets are in the table), 1 when one could not run.
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
  local rc=0
  "${bench[@]}" "$@" "${quick[@]}" 2>&1 | tee -a "$out" || rc=$?
  # 3: ran, a target missed (shown in the table); anything else but 0: it could not run.
  if [[ $rc -ne 0 && $rc -ne 3 ]]; then status=1; fi
  echo | tee -a "$out"
}
run download --sets a,b,b-flat,b-latency,b-latency50
run memory
# The previous default poll factor (1.5) watches the same runs, for a before/after in one run.
run wait --core-variants 1:1.5
run overhead
{
  echo "## Download targets, measured in this run (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
  echo
  echo "| what | measured | target | verdict |"
  echo "|---|---:|---|---|"
  awk -F'|' '/^TARGET\|/ { printf "| %s | %s | %s | %s |\n", $2, $3, $4, $5 }' "$out"
} | tee -a "$out"
echo "results: $out"
exit $status
