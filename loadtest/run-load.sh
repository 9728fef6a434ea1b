#!/usr/bin/env bash
# The reservation load benchmark against a running local stack (./bookiji up first).
#   loadtest/run-load.sh [LoadBenchmark options]     e.g. --requesters 32 --duration-seconds 60, --rate 100/s, --quick, --help
# Compiles the loadtest module (platform-web comes from ~/.m2) and runs com.bookiji.loadtest.LoadBenchmark;
# by default it rewrites the load section of docs/benchmarks.md. See loadtest/README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
exec ./mvnw -q -B -pl loadtest compile exec:java \
  -Dexec.args="$*" -Dloadtest.command="loadtest/run-load.sh $*"
