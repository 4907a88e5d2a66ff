#!/bin/sh
# Builds the consumer example against the installed era4j artifacts (run `mvn install -DskipTests`
# at the repository root first) and runs it four ways: class path and module path, each with the
# flag (Vector API kernels) and without it (scalar fallback, one warning). Fails on any surprise.
set -eu
cd "$(dirname "$0")"
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
mvn -B -q ${MVN_OFFLINE:-} package
CP="target/classes:$(cat target/classpath.txt)"
MAIN=org.era4j.example.ConsumerExample

check() { # label, expected backend, expect warning (yes|no), command...
    label=$1; backend=$2; warning=$3; shift 3
    out=$("$@" 2>&1) || { echo "$label: exit $?"; echo "$out"; exit 1; }
    echo "--- $label"; echo "$out"
    echo "$out" | grep -q "^backend $backend\$" || { echo "$label: expected backend $backend"; exit 1; }
    echo "$out" | grep -q "^ok\$" || { echo "$label: accuracy check failed"; exit 1; }
    n=$(echo "$out" | grep -c "Add the JVM flag --add-modules jdk.incubator.vector" || true)
    if [ "$warning" = yes ] && [ "$n" -ne 1 ]; then echo "$label: expected one warning, got $n"; exit 1; fi
    if [ "$warning" = no ] && [ "$n" -ne 0 ]; then echo "$label: expected no warning, got $n"; exit 1; fi
}

check "class path, --add-modules jdk.incubator.vector" simd no "$JAVA" --add-modules jdk.incubator.vector -cp "$CP" $MAIN
check "class path, no flags" scalar yes "$JAVA" -cp "$CP" $MAIN
check "module path, --add-modules jdk.incubator.vector" simd no "$JAVA" --add-modules jdk.incubator.vector -p "$CP" -m org.era4j.example/$MAIN
check "module path, no flags" scalar yes "$JAVA" -p "$CP" -m org.era4j.example/$MAIN
echo "consumer example: 4 of 4 runs as expected"
