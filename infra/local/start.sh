#!/usr/bin/env bash
# Builds couponflow and starts the local stack: dynalite + the functions behind the HTTP API on
# 127.0.0.1:3000. Extra arguments go to the launcher (see README, "Run it locally").
set -euo pipefail
cd "$(dirname "$0")/../.."
npm ci --prefix infra/local --no-audit --no-fund --loglevel=error
./mvnw -B -q install -DskipTests
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.couponflow.local.LocalStack "$@"
