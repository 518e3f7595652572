#!/usr/bin/env bash
# Builds the benchmark (and PromptConsole with it) in Release, then runs it.
# Arguments pass through to the runner: bench/run.sh --quick, bench/run.sh --duration 60, bench/run.sh --help
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

dotnet build -c Release bench/PromptConsole.Bench -nologo -v quiet -clp:ErrorsOnly
exec dotnet bench/PromptConsole.Bench/bin/Release/net10.0/PromptConsole.Bench.dll "$@"
