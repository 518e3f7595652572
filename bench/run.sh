#!/usr/bin/env bash
# Builds the benchmark (and PromptConsole with it) in Release, then runs it.
# Arguments pass through to the runner: bench/run.sh --quick, bench/run.sh --duration 60, bench/run.sh --help
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

build_log="$(mktemp -t promptconsole-bench-build.XXXXXX)"
echo "building Release (bench/PromptConsole.Bench and PromptConsole.Web)…"
if ! dotnet build -c Release bench/PromptConsole.Bench -nologo >"$build_log" 2>&1; then
    cat "$build_log"
    rm -f "$build_log"
    exit 1
fi
rm -f "$build_log"

# exec: Ctrl-C and SIGTERM reach the runner itself, which stops what it started.
exec dotnet bench/PromptConsole.Bench/bin/Release/net10.0/PromptConsole.Bench.dll "$@"
