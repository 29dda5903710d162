#!/usr/bin/env bash
# IMAP load, mailtxt side by side with Dovecot in ONE run (TESTING.md rung 7, issue 4):
#   1. a mailtxt server (ImapStack over mtx files, via tests' MailtxtLoadServer) on a free loopback port;
#   2. a PRIVATE Dovecot (Debian's dovecot-imapd, installed if missing): own config, base_dir, mail under a temp
#      dir, listen 127.0.0.1, free port, ssl off, passwd-file user; the system's Dovecot is never touched;
#   3. the same LoadHarness run against each (same clients, mix, seed, warm-up, duration);
#   4. a side-by-side table with mailtxt/Dovecot ratios, written to bench-out/imap-load/.
# Usage: bench/imap-load.sh [CLIENTS] [DURATION] [WARMUP] [DOVECOT_FORMAT]   e.g. bench/imap-load.sh 8 30s 5s mbox
# Environment: MAILTXT_SERVER_JAVA_OPTS (JVM options of the mailtxt server, e.g. -XX:StartFlightRecording=...),
# MIX (the --mix), PRELOAD (messages per client before the run), MAILTXT_LOAD_USER (unprivileged
# uid for Dovecot's mail files; default mt, else nobody). Traffic goes to 127.0.0.1 only. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-8}
duration=${2:-30s}
warmup=${3:-5s}
format=${4:-mbox}
mix=${MIX:-append=2,select=1,fetch-headers=5,fetch-body=3,search=2,store=3,expunge=1}
preload=${PRELOAD:-50}
out=bench-out/imap-load
mkdir -p "$out"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
tmp=$(mktemp -d /tmp/imap-load.XXXXXX)
chmod 755 "$tmp"
user=load
password=load-secret-$RANDOM
mail_uid=${MAILTXT_LOAD_USER:-mt}
getent passwd "$mail_uid" >/dev/null || mail_uid=nobody

# CPU seconds (user + system, in clock ticks) used by a process and all its descendants, living or reaped: on a
# machine shared with other work the server's CPU per command is steadier than its throughput.
cpu_ticks() { # pid
  local t=0 p
  # one snapshot of the process table; the tree below $1 (never this shell's own helpers)
  for p in $(ps -e -o pid=,ppid= | awk -v root="$1" '
      { kids[$2] = kids[$2] " " $1 }
      END { todo[1] = root; n = 1; while (n > 0) { p = todo[n--]; print p; k = split(kids[p], c, " ");
            for (i = 1; i <= k; i++) todo[++n] = c[i] } }'); do
    t=$((t + $(awk '{print $14+$15+$16+$17}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

mailtxt_pid=
dovecot_conf=
cleanup() {
  [ -n "$mailtxt_pid" ] && kill "$mailtxt_pid" 2>/dev/null && wait "$mailtxt_pid" 2>/dev/null || true
  if [ -n "$dovecot_conf" ] && [ -f "$tmp/dovecot/run/master.pid" ]; then
    doveadm -c "$dovecot_conf" stop 2>/dev/null || kill "$(cat "$tmp/dovecot/run/master.pid")" 2>/dev/null || true
  fi
}
trap 'cleanup; rm -rf "$tmp"' EXIT

# --- build the harness -------------------------------------------------------------------------------------------
# -am and one invocation: the mailtxt modules come from this checkout's target/classes, never from a ~/.m2 copy
# that another checkout may have installed meanwhile (the last module built, tests, writes cp.txt).
mvn -B -q -ntp -pl tests -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/$out/cp.txt"
cp="tests/target/test-classes:$(cat "$out/cp.txt")"

# --- 1. mailtxt ------------------------------------------------------------------------------------------------
mkdir -p "$tmp/mailtxt"
# shellcheck disable=SC2086 # MAILTXT_SERVER_JAVA_OPTS is a list of JVM options, e.g. a JFR recording for profiling
java ${MAILTXT_SERVER_JAVA_OPTS:-} -cp "$cp" org.mailtxt.tests.load.MailtxtLoadServer "$tmp/mailtxt" "$user" "$password" \
    >"$tmp/mailtxt/server.out" 2>"$tmp/mailtxt/server.err" &
mailtxt_pid=$!
for _ in $(seq 150); do grep -q '^PORT ' "$tmp/mailtxt/server.out" && break; sleep 0.2; done
mailtxt_port=$(awk '/^PORT /{print $2}' "$tmp/mailtxt/server.out")
[ -n "$mailtxt_port" ] || { echo "mailtxt did not start:"; cat "$tmp/mailtxt/server.err"; exit 2; }

# --- 2. a private Dovecot ------------------------------------------------------------------------------------------
command -v dovecot >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q dovecot-imapd >/dev/null
d="$tmp/dovecot"
mkdir -p "$d/run" "$d/state" "$d/mail"
chown "$mail_uid:" "$d/mail"
dovecot_port=$(free_port)
uid=$(id -u "$mail_uid"); gid=$(id -g "$mail_uid")
echo "$user:{PLAIN}$password:$uid:$gid::$d/mail/$user" >"$d/passwd"
if [ "$format" = maildir ]; then
  location="maildir:$d/mail/%u"
else
  location="mbox:$d/mail/%u:INBOX=$d/mail/%u/inbox"
fi
dovecot_conf="$d/dovecot.conf"
cat >"$dovecot_conf" <<CONF
base_dir = $d/run
state_dir = $d/state
instance_name = imap-load-$$
log_path = $d/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = $location
first_valid_uid = $uid
default_internal_user = dovecot
default_login_user = dovenull
passdb {
  driver = passwd-file
  args = scheme=PLAIN $d/passwd
}
userdb {
  driver = passwd-file
  args = $d/passwd
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $dovecot_port
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
protocol imap {
  mail_max_userip_connections = 100
}
CONF
dovecot -c "$dovecot_conf"
for _ in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1',$dovecot_port),1)" 2>/dev/null && break; sleep 0.2; done

# --- 3. the same load against both --------------------------------------------------------------------------------
run() { # label port server-pid
  local before after
  before=$(cpu_ticks "$3")
  java -cp "$cp" org.mailtxt.tests.load.LoadHarness --host 127.0.0.1 --port "$2" --user "$user" \
      --password "$password" --clients "$clients" --duration "$duration" --warmup "$warmup" --mix "$mix" \
      --preload "$preload" --seed 1 --label "$1" --report "$out/$stamp-$1.tsv" | tee "$out/$stamp-$1.txt" || true
  sleep 1 # let the server's per-connection processes exit and be reaped
  after=$(cpu_ticks "$3")
  echo "$1 $(( (after - before) * 1000 / $(getconf CLK_TCK) ))" >>"$out/$stamp-cpu.txt"
}
echo "== $(date -u) clients=$clients duration=$duration warmup=$warmup mix=$mix preload=$preload; $(nproc) cores; $(dovecot --version | cut -d' ' -f1) $format"
run mailtxt "$mailtxt_port" "$mailtxt_pid"
run dovecot "$dovecot_port" "$(cat "$tmp/dovecot/run/master.pid")"

# --- 4. side by side ----------------------------------------------------------------------------------------------
{
  echo "IMAP load $stamp: $clients clients, $duration measured after $warmup warm-up, mix $mix, preload $preload/client"
  echo "mailtxt: ImapStack, mtx, fsync on; Dovecot $(dovecot --version | cut -d' ' -f1), $format, mail_fsync optimized"
  printf '%-14s %10s %10s %7s | %9s %9s %7s | %9s %9s %7s\n' command "mailtxt/s" "dovecot/s" ratio \
      "mt p50" "dc p50" ratio "mt p99" "dc p99" ratio
  awk -F'\t' '
    FNR == 1 || /^#/ { next }
    FNR == NR { m[$1] = $3; m50[$1] = $4; m99[$1] = $6; order[++n] = $1; next }
    { d[$1] = $3; d50[$1] = $4; d99[$1] = $6 }
    function r(a, b) { return b > 0 ? sprintf("%.2fx", a / b) : "-" }
    END { for (i = 1; i <= n; i++) { k = order[i];
      printf "%-14s %10.1f %10.1f %7s | %9.2f %9.2f %7s | %9.2f %9.2f %7s\n", k, m[k], d[k], r(m[k], d[k]),
        m50[k], d50[k], r(m50[k], d50[k]), m99[k], d99[k], r(m99[k], d99[k]) } }
  ' "$out/$stamp-mailtxt.tsv" "$out/$stamp-dovecot.tsv"
  echo "(latencies in ms; a throughput ratio above 1 and a latency ratio below 1 favour mailtxt)"
  awk -v mt="$(awk '/^overall/{print $2}' "$out/$stamp-mailtxt.txt")" \
      -v dc="$(awk '/^overall/{print $2}' "$out/$stamp-dovecot.txt")" '
    $1 == "mailtxt" { m = $2 } $1 == "dovecot" { d = $2 }
    END { if (mt > 0 && dc > 0 && d > 0) printf "server CPU (preload + warm-up + run) per measured command: mailtxt %.2f ms, dovecot %.2f ms, ratio %.2fx\n", m / mt, d / dc, (m / mt) / (d / dc) }
  ' "$out/$stamp-cpu.txt"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  grep -h '^# \(correctness\|idle\|client_died\)' "$out/$stamp-mailtxt.tsv" | sed 's/^# /mailtxt /'
  grep -h '^# \(correctness\|idle\|client_died\)' "$out/$stamp-dovecot.tsv" | sed 's/^# /dovecot /'
  echo "mailtxt server log: $(grep -c ' ERROR ' "$tmp/mailtxt/server.err" || true) ERROR lines; exceptions by kind:"
  grep -hE '^(Caused by: )?[a-z]+(\.[A-Za-z0-9_$]+)+(Exception|Error)\b' "$tmp/mailtxt/server.err" \
      | sed 's/UID [0-9]*/UID n/; s#/tmp/[^ ]*/mail/#.../mail/#' | sort | uniq -c | sort -rn | head -6 || true
  echo "dovecot log: $(grep -ci 'error\|panic\|fatal' "$d/dovecot.log" || true) error lines"
} | tee "$out/$stamp-side-by-side.txt"
cp "$tmp/mailtxt/server.err" "$out/$stamp-mailtxt-server.err"
cp "$d/dovecot.log" "$out/$stamp-dovecot.log" 2>/dev/null || true
