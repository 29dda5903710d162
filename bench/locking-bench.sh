#!/usr/bin/env bash
# Lock benchmarks: JMH over the locking module, side by side with the same system calls from C (the floor).
# Usage: bench/locking-bench.sh [output.md]   (about 2 minutes; not part of the test suite)
set -euo pipefail
cd "$(dirname "$0")/.."
out_dir=bench-out/locking
mkdir -p "$out_dir"
work=$(mktemp -d /tmp/mailtxt-lockbench.XXXXXX)
trap 'rm -rf "$work"' EXIT

gcc -O2 -Wall -o "$out_dir/locking-floor" bench/locking-floor.c
"$out_dir/locking-floor" "$work" 200000 > "$out_dir/c.txt"

mvn -B -q -ntp -Pbench -pl locking -am install -DskipTests
mvn -B -q -ntp -Pbench -pl locking dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/$out_dir/cp.txt"
java -cp "locking/target/test-classes:locking/target/classes:$(cat "$out_dir/cp.txt")" \
    -Dbench.dir="$work" org.openjdk.jmh.Main 'org.mailtxt.locking.LockBenchmark' \
    -f 1 -wi 3 -w 1s -i 5 -r 1s -rf csv -rff "$out_dir/jmh.csv" > "$out_dir/jmh.log"

{
  echo "| operation | mailtxt (JMH, ns/op) | ± | C floor (ns/op) | ratio |"
  echo "|---|---:|---:|---:|---:|"
  tail -n +2 "$out_dir/jmh.csv" | tr -d '"' | while IFS=, read -r name _mode _threads _n score err _unit; do
    op=${name##*.}
    c=$(awk -v k="$op" '$1==k {print $2}' "$out_dir/c.txt")
    awk -v op="$op" -v s="$score" -v e="$err" -v c="$c" \
        'BEGIN { printf "| %s | %.0f | %.0f | %s | %.2fx |\n", op, s, e, c, s / c }'
  done
} | tee "$out_dir/table.md"
