#!/bin/sh
# usage: NEW=era4j-app-...-cli.jar [BASE=older-cli.jar] [DATA=dir] [ROUNDS=2] [CONFIGS="relu2 eralayer2 erachannel2 relu1"]
#        [EPOCHS=3] [LIMIT=3200] sh docs/benchmarks/cnn_interleaved.sh
# every epoch after the first is reported (the first includes the JIT's warm-up); EPOCHS=2
# LIMIT=12800 gives the steady-state figures (steps 201-400)
# DATA: a Fashion-MNIST directory (the runs above used the full training files with the first 640
# test images, to keep the per-epoch evaluation short; evaluation is not in img/s either way)
# interleaved rounds: base era4j, new era4j, PyTorch; CNN LIMIT images x EPOCHS epochs
J="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED"
NEW=${NEW:?path to the era4j-app cli jar to measure}
BASE=${BASE:-}
D=${DATA:-/usr/share/datasets/fashion-mnist}
EPOCHS=${EPOCHS:-3}
LIMIT=${LIMIT:-3200}
REPORTED=$((EPOCHS - 1))
run_era() { jar=$1; label=$2; t=$3; shift 3
  r=$($J -jar $jar train --data=$D --model=cnn --optimizer=adam --lr=1e-3 --batch=64 --threads=$t --epochs=$EPOCHS --train-limit=$LIMIT --out=/tmp/bench-run-$$ "$@" 2>&1 | grep "train loss" | tail -$REPORTED | sed 's/.* \([0-9]*\) img\/s/\1/' | tr '\n' ' ')
  rm -rf /tmp/bench-run-$$
  echo "$(date +%T) $label threads=$t $* : $r img/s"
}
run_torch() { t=$1; shift
  r=$(OPENBLAS_NUM_THREADS=1 /usr/bin/python3 $(dirname "$0")/pytorch_training.py --data $D --model cnn --threads $t --epochs $EPOCHS --limit $LIMIT "$@" 2>&1 | tail -$REPORTED | sed 's/.* \([0-9]*\) img\/s.*/\1/' | tr '\n' ' ')
  echo "$(date +%T) torch threads=$t $* : $r img/s"
}
for round in $(seq ${ROUNDS:-2}); do
  for cfg in ${CONFIGS:-relu2 eralayer2 erachannel2 relu1}; do
    case $cfg in
      relu2) t=2; A="--activation=relu"; P="--act relu";;
      eralayer2) t=2; A="--activation=era --sharing=layer"; P="--act era --sharing layer";;
      erachannel2) t=2; A="--activation=era --sharing=channel"; P="--act era --sharing channel";;
      relu1) t=1; A="--activation=relu"; P="--act relu";;
    esac
    [ -n "$BASE" ] && run_era $BASE base $t $A
    run_era $NEW new $t $A
    run_torch $t $P
  done
done
