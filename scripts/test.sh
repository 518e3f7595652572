#!/usr/bin/env bash
# Runs the whole test suite the way CI does: installs what is missing (Debian PostgreSQL,
# Chromium, Prometheus, Redis, and docker-compose, yamllint, nginx and kubectl for the offline deploy/ checks),
# starts PostgreSQL and Redis on free loopback ports, builds once, runs every test, stops
# what it started (by PID) and ends with one line: "N passed, N failed".
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Domain]
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
work=$(mktemp -d "${TMPDIR:-/tmp}/promptconsole-test.XXXXXX")
chmod 755 "$work" # PostgreSQL runs as its own user and must reach its data folder
configuration=${CONFIGURATION:-Release}

cleanup() {
    "$root/scripts/postgres.sh" stop "$work/postgres" >/dev/null 2>&1 || true
    "$root/scripts/redis.sh" stop "$work/redis" >/dev/null 2>&1 || true # Redis (several-instances tests)
    rm -rf "$work"
}
trap cleanup EXIT

apt_updated=0
ensure_package() { # ensure_package BINARY PACKAGE [APT OPTION]
    command -v "$1" >/dev/null 2>&1 || [ -e "$1" ] && return 0
    if [ "$(id -u)" != 0 ]; then
        echo "test.sh: $2 is missing and installing it needs root (apt-get install $2)." >&2
        return 1
    fi
    if [ $apt_updated = 0 ]; then
        apt-get update -qq >/dev/null && apt_updated=1
    fi
    echo "test.sh: installing $2" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${3:-} "$2" >/dev/null
}

ensure_package /usr/bin/chromium chromium || exit 1
# OpenMP's runtime, which the approximate vector index (USearch's native library) links against.
ensure_package "/usr/lib/$(uname -m)-linux-gnu/libgomp.so.1" libgomp1 || exit 1
ensure_package /usr/lib/postgresql/15/bin/initdb postgresql || exit 1
ensure_package /usr/bin/promtool prometheus || exit 1 # promtool and a real server for the /metrics tests
# Offline checks of deploy/ (no container engine or cluster is used): `docker-compose config` (without
# the recommended docker.io engine), yamllint, `nginx -t` and a proxy run, kubectl's kustomize and client dry-run.
ensure_package /usr/bin/docker-compose docker-compose --no-install-recommends || exit 1
ensure_package /usr/bin/yamllint yamllint || exit 1
ensure_package /usr/sbin/nginx nginx-light || exit 1
ensure_package /usr/bin/kubectl kubernetes-client || exit 1 # Debian's kubectl, unless the machine has one

if ! postgres=$("$root/scripts/postgres.sh" start "$work/postgres" | tail -n 1) || [ -z "$postgres" ]; then
    echo "test.sh: PostgreSQL did not start" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
export PROMPTCONSOLE_TEST_POSTGRES="$postgres"
echo "test.sh: PostgreSQL at $postgres" >&2

# Redis for the several-instances tests (pub/sub invalidation); tests that stop and restart Redis start their own.
ensure_package /usr/bin/redis-server redis-server || exit 1
if ! redis=$("$root/scripts/redis.sh" start "$work/redis" | tail -n 1) || [ -z "$redis" ]; then
    echo "test.sh: Redis did not start" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
export PROMPTCONSOLE_TEST_REDIS="$redis"
echo "test.sh: Redis at $redis" >&2

dotnet tool restore >/dev/null
if ! dotnet build PromptConsole.sln -c "$configuration" -nologo -v q; then
    echo "test.sh: build failed" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

dotnet test PromptConsole.Tests/PromptConsole.Tests.csproj -c "$configuration" --no-build \
    --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
    --results-directory "$work/results" "$@"
status=$?

passed=0
failed=0
for trx in "$work"/results/*.trx; do
    [ -f "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    # Name the failures next to the totals: CI keeps only the tail of the output.
    # Each with the first lines of its message, so a failure seen only in CI can be understood from the log.
    perl -0777 -ne '
        while (/<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="Failed"[^>]*>(.*?)<\/UnitTestResult>/sg) {
            my ($name, $body) = ($1, $2);
            print "FAILED: $name\n";
            next unless $body =~ /<Message>(.*?)<\/Message>/s;
            my $message = $1;
            $message =~ s/&lt;/</g; $message =~ s/&gt;/>/g; $message =~ s/&quot;/"/g; $message =~ s/&apos;/\x27/g;
            $message =~ s/&#xD;//g; $message =~ s/&#xA;/\n/g; $message =~ s/&amp;/&/g;
            my @lines = grep { /\S/ } split /\n/, $message;
            print "    | $_\n" for @lines[0 .. ($#lines < 7 ? $#lines : 7)];
        }' "$trx"
done
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then
    failed=1 # the run itself failed (crash, no results): never report it as green
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
