#!/usr/bin/env bash
# The main job. Builds couponflow, starts the local stack (dynalite + the three functions behind the
# HTTP API on 127.0.0.1:3000) and runs the closed-loop demo: simulated shoppers for 14 days through
# the real API, a retrain each night, a report in bench/target/demo-report/index.html.
#   infra/local/start.sh [--days N] [--shoppers N] [--seed N] [--market balanced|price-sensitive|loyal|habit-forming]
#                          [--market-file PATH]   # a market from JSON (README "Simulated shops")
#   infra/local/start.sh serve [--port 3000]     # only the local stack, until Ctrl-C
# --native (with either) runs the functions' native executables instead of JVMs: built here by
# infra/native's verification toolchain (test executables for this machine, see README "Native
# images"), each rebuilt when its sources, the modules it uses or the model changed since its last
# native build (after a change to infra/native itself, delete functions/*/target to rebuild).
set -euo pipefail
cd "$(dirname "$0")/../.."
runtime=jvm
args=()
for a in "$@"; do
  if [ "$a" = "--native" ]; then runtime=native; else args+=("$a"); fi
done

npm ci --prefix infra/local --no-audit --no-fund --loglevel=error
./mvnw -B -q install -DskipTests

if [ "$runtime" = native ]; then
  GRAALVM_HOME=$(infra/native/install.sh)
  export GRAALVM_HOME
  # what each executable is built from: its module, the modules it uses (the poms' dependencies), the model
  declare -A sources=(
    [ingest]="functions/ingest functions/common functions/dynamodb functions/core"
    [score]="functions/score functions/common functions/dynamodb functions/core functions/onnx model"
    [retrain]="functions/retrain functions/common functions/dynamodb functions/core")
  stale=()
  for f in ingest score retrain; do
    exe="functions/$f/target/couponflow-$f-0.1.0-SNAPSHOT-runner"
    # shellcheck disable=SC2086
    if [ ! -x "$exe" ] || [ -n "$(find ${sources[$f]} pom.xml -path '*/target' -prune -o -type f -newer "$exe" -print -quit)" ]; then
      stale+=("functions/$f")
    fi
  done
  if [ ${#stale[@]} -gt 0 ]; then
    echo "building native executables (${stale[*]}), one after another; a few minutes each..." >&2
    # -am: the modules they use come from this checkout, not from whatever ~/.m2 holds
    ./mvnw -B -q package -Dnative -DskipTests -Dquarkus.native.native-image-xmx="${NATIVE_BUILDER_XMX:-8g}" \
      -pl "$(IFS=,; echo "${stale[*]}")" -am
    # the native profile packaged function.zip with bootstrap; the JVM packages stay what install made
  fi
fi

# the local stack reads couponflow.local.native (LocalStack.NATIVE_PROPERTY) for the demo and serve alike
exec java -D"couponflow.local.native=$([ "$runtime" = native ] && echo true || echo false)" \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.couponflow.sim.Demo ${args[@]+"${args[@]}"}
