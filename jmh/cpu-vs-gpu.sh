#!/bin/sh
# CPU vs GPU throughput of the ERA kernels on your machine: one table and two plots.
#
# Needs: a JDK 25 (JAVA_HOME, or one under /usr/lib/jvm), Maven, an OpenCL ICD for your GPU
# (NVIDIA: the driver's libnvidia-opencl; AMD: ROCm's or Mesa's OpenCL; check with `clinfo -l`),
# and optionally a TornadoVM 5.2 SDK (TORNADOVM_HOME; see docs/tornadovm.md) for the tornado rows.
#
#   jmh/cpu-vs-gpu.sh [OUT_DIR]          (default OUT_DIR: runs/cpu-vs-gpu)
#   DEVICE=1 SIZES=4096,1048576 N=2 jmh/cpu-vs-gpu.sh
#
# Writes OUT_DIR/devices.txt (era devices), OUT_DIR/bench.txt (the table: every backend against its
# same-run baseline, then each device's kernel / with-transfer / wall rates next to the device's own
# copy and read-read-write), OUT_DIR/bench.json (the same numbers) and OUT_DIR/bench-forward.png,
# OUT_DIR/bench-backward.png (throughput against size, each backend next to its baseline).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/runs/cpu-vs-gpu}
SIZES=${SIZES:-4096,65536,1048576,16777216,67108864}
N=${N:-2}
DEVICE=${DEVICE:-}
mkdir -p "$OUT"

BACKENDS="simd,simd-threads,opencl${DEVICE:+:$DEVICE}"
"$ROOT/era" devices > "$OUT/devices.txt" 2>&1 || { cat "$OUT/devices.txt"; echo "cpu-vs-gpu: no usable OpenCL device (see above)"; exit 1; }
cat "$OUT/devices.txt"
if [ -n "${TORNADOVM_HOME:-}" ]; then
    echo "cpu-vs-gpu: TORNADOVM_HOME is set; add the tornado rows by launching era under the SDK as docs/tornadovm.md shows"
fi
# 64 Mi floats are 256 MB per array: give the JVM room for the five arrays of a backward case
ERA_JAVA_OPTS="${ERA_JAVA_OPTS:--Xmx6g}" "$ROOT/era" bench --backends "$BACKENDS" --sizes "$SIZES" --n "$N" \
    --json "$OUT/bench.json" --plot "$OUT" | tee "$OUT/bench.txt"
echo "cpu-vs-gpu: wrote $OUT/bench.txt, $OUT/bench.json, $OUT/bench-forward.png, $OUT/bench-backward.png"
