#!/usr/bin/env bash
# Bootstrap: restore the pinned Cake tool, then run the repo's build.cake. Needs only the .NET SDK.
#   ./build.sh                   # the default target: Demo
#   ./build.sh --target=Test     # Clean, Build, Test, Pack, Demo
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet tool restore
dotnet cake build.cake "$@"
