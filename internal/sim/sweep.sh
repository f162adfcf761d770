#!/usr/bin/env bash
# sweep.sh FIRST LAST [OUTDIR]: runs the simulator's seeded schedules
# FIRST..LAST (go test ./internal/sim, TestSchedules), one line per schedule,
# without shrinking. A schedule whose bubble stalls panics the test binary
# (see README, "Whole-cluster simulation"); the sweep records it in
# OUTDIR/stalls and goes on with the next seed. At the end it prints the
# schedules run, those with violations, and the stalls. Each slice runs on
# one core (GOMAXPROCS=1 unless set): the replicas of a schedule take turns
# anyway, and one core per slice lets two slices share a two-core machine
# with about a third less CPU per schedule than GOMAXPROCS=2.
set -euo pipefail
export GOMAXPROCS=${GOMAXPROCS:-1}
first=${1:?first seed}; last=${2:?last seed}; out=${3:-sim-sweep}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"; out=$(cd "$out" && pwd)
bin="$out/sim.test"
(cd "$here" && go test -c -o "$bin" .)
s=$first; part=0
while [ "$s" -le "$last" ]; do
  part=$((part + 1)); log="$out/part$part.log"
  (cd "$here" && "$bin" -test.run 'TestSchedules$' -sim.first="$s" -sim.seeds=$((last - s + 1)) \
    -sim.shrink=false -sim.v -test.v -test.timeout 0 >"$log" 2>&1) || true
  if stalled=$(grep -o '^panic: sim: schedule seed=[0-9]*' "$log" | grep -o '[0-9]*$'); then
    echo "$stalled" >>"$out/stalls"; s=$((stalled + 1))
  elif grep -q '^panic' "$log"; then
    done_=$(grep -o 'seed [0-9]*:' "$log" | tail -1 | grep -o '[0-9]*' || echo $((s - 1)))
    echo "$((done_ + 1)) (panic, see $log)" >>"$out/stalls"; s=$((done_ + 2))
  else
    break
  fi
done
ran=$(cat "$out"/part*.log | grep -c 'sim_test.go:[0-9]*: seed [0-9]*:' || true)
bad=$(cat "$out"/part*.log | grep 'sim_test.go:[0-9]*: seed [0-9]*:' | grep -vc ': 0 violations' || true)
stalls=none; [ -f "$out/stalls" ] && stalls=$(tr '\n' ' ' <"$out/stalls")
echo "seeds $first..$last: $ran schedules, $bad with violations, stalls: $stalls"
cat "$out"/part*.log | grep 'sim_test.go:[0-9]*: seed [0-9]*:' | grep -v ': 0 violations' || true
