#!/usr/bin/env bash
# Mailstore benchmarks side by side with c-client on the same generated files, in one run:
#   cold open+parse (mailtxt, no index) vs `mailutil check` (c-client parses the whole file too),
#   warm open (index current), append throughput with fsync per batch, flag update latency.
# Usage: bench/mailstore-bench.sh [SIZES] [REPS]   e.g. bench/mailstore-bench.sh "10000 100000" 5
# Needs uw-mailutils and the user mt (bash .ci/run sets both up); writes under ~mt/mailtxt-bench (1.9 GB per
# 100k-message file) and bench-out/mailstore/. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-"10000 100000"}
reps=${2:-5}
user=${MAILTXT_CCLIENT_USER:-mt}
shared=${MAILTXT_SHARED:-$(cd .. && pwd)/shared}
gen="$shared/bench/gen-mailbox.py"
home=$(getent passwd "$user" | cut -d: -f6)
files="$home/mailtxt-bench"
out=bench-out/mailstore
mkdir -p "$out" "$files"
chown "$user:" "$files"

mvn -B -q -ntp -Pbench -pl locking,mailstore install -DskipTests
mvn -B -q -ntp -Pbench -pl mailstore test-compile
mvn -B -q -ntp -Pbench -pl mailstore dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/$out/cp.txt"
cp="mailstore/target/test-classes:mailstore/target/classes:$(cat "$out/cp.txt")"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for n in $sizes; do
  for fmt in mtx tenex; do
    f="$files/INBOX$n.$fmt"
    [ -s "$f" ] || python3 "$gen" --format "$fmt" -n "$n" --seed 1 -o "$f" 2>/dev/null
    chown "$user:" "$f"
    name=${f#"$home"/}
    ts=()
    for _ in $(seq "$reps"); do
      s=$(date +%s%N)
      runuser -u "$user" -- sh -c "cd && mailutil check '$name'" >/dev/null
      e=$(date +%s%N)
      ts+=($(( (e - s) / 1000000 )))
    done
    c=$(printf '%s\n' "${ts[@]}" | median)
    echo "== $n messages, $fmt ($(du -h "$f" | cut -f1)): mailutil check median $c ms (n=$reps)" | tee -a "$out/results.txt"
    rm -rf "$out/work"
    java -cp "$cp" org.mailtxt.mailstore.MailstoreBench "$f" "$PWD/$out/work" "$reps" | tee -a "$out/results.txt"
  done
done
