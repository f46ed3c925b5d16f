#!/usr/bin/env bash
# The main job. Builds couponflow, starts the local stack (dynalite + the three functions behind the
# HTTP API on 127.0.0.1:3000) and runs the closed-loop demo: simulated shoppers for 14 days through
# the real API, a retrain each night, a report in bench/target/demo-report/index.html.
#   infra/local/start.sh [--days N] [--shoppers N] [--seed N] [--market balanced|price-sensitive|loyal]
#   infra/local/start.sh serve [--port 3000]     # only the local stack, until Ctrl-C
set -euo pipefail
cd "$(dirname "$0")/../.."
npm ci --prefix infra/local --no-audit --no-fund --loglevel=error
./mvnw -B -q install -DskipTests
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.couponflow.sim.Demo "$@"
