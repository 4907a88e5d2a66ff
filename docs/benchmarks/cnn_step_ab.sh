#!/bin/sh
# usage: sh docs/benchmarks/cnn_step_ab.sh A.jar B.jar [THREADS=2] [PAIRS=60] [relu|era]
#        sh docs/benchmarks/cnn_step_ab.sh --scaling JAR [PAIRS=40]
# Paper-CNN training steps of two era4j cli jars alternated in one JVM (StepAB), or one jar's
# 1- and 2-thread steps alternated (StepScaling). Sources in step_ab/; compiled to a temp dir.
set -e
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin
HERE=$(dirname "$0")/step_ab
OUT=$(mktemp -d)
if [ "$1" = "--scaling" ]; then JAR=$2; else JAR=$1; fi
$J/javac -nowarn --add-modules jdk.incubator.vector -cp "$JAR" -d "$OUT/runner" "$HERE/StepRunner.java" 2>&1 | grep -v "^warning\|^Note" || true
$J/javac -nowarn -d "$OUT/main" "$HERE/StepAB.java" "$HERE/StepScaling.java"
if [ "$1" = "--scaling" ]; then
  $J/java --add-modules jdk.incubator.vector -Drunner.dir="$OUT/runner/" -cp "$OUT/main" StepScaling "$2" "${3:-40}" 2>&1 | grep -v WARNING
else
  $J/java --add-modules jdk.incubator.vector -Drunner.dir="$OUT/runner/" -cp "$OUT/main" StepAB "$1" "$2" "${3:-2}" "${4:-60}" "${5:-relu}" 2>&1 | grep -v WARNING
fi
rm -rf "$OUT"
