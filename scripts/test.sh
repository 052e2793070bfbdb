#!/usr/bin/env bash
# The one test command: installs what the tests need (see install-test-deps.sh), then runs every
# test of every module with Maven. Fast unit tests and the integration tests with real clients,
# brokers and a real browser all run here; load and benchmarks do not (see docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
exec mvn -B -ntp verify "$@"
