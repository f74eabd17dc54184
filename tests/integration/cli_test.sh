#!/usr/bin/env bash
# The command line as a user meets it: --version, a broken config (file:line, exit 1), a real
# nats-server config with a websocket block (starts, serves, stops on SIGTERM within 2 s).
set -uo pipefail
server=${1:?usage: cli_test.sh path/to/natsws-server}
work=$(mktemp -d)
trap 'rm -rf "$work"; [[ -n ${pid:-} ]] && kill -9 "$pid" 2>/dev/null' EXIT
failures=0
check() {  # check "what" condition...
  local what=$1; shift
  if "$@"; then echo "ok   - $what"; else echo "FAIL - $what"; failures=$((failures + 1)); fi
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

out=$("$server" --version 2>&1); rc=$?
check "--version exits 0" test "$rc" -eq 0
check "--version prints the version" grep -qE '^natsws-server: v[0-9]+\.[0-9]+\.[0-9]+' <<<"$out"

printf 'port: 4222\nwebsocket {\n  port: 8080\n  no_tls: true\n  compression: [true\n}\n' >"$work/broken.conf"
out=$("$server" -c "$work/broken.conf" 2>&1); rc=$?
check "a malformed config exits 1" test "$rc" -eq 1
check "the error names file:line" grep -qE "broken\.conf:[0-9]+:[0-9]+: " <<<"$out"

printf 'websocket {\n  port: 8080\n}\n' >"$work/notls.conf"
out=$("$server" -c "$work/notls.conf" 2>&1); rc=$?
check "a websocket block without tls or no_tls is refused" test "$rc" -eq 1
check "with nats-server's text" grep -q "websocket requires TLS configuration" <<<"$out"

port=$(free_port); wsport=$(free_port)
cat >"$work/nats-server.conf" <<CONF
# as written for nats-server (spec §1.3, the 2.9.10-compatible dev config)
listen: 127.0.0.1:$port
max_payload: 1MB
websocket {
  host: 127.0.0.1
  port: $wsport
  no_tls: true
  same_origin: false
  compression: true
  handshake_timeout: "2s"
}
CONF
"$server" -c "$work/nats-server.conf" >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  grep -q "Server is ready" "$work/log" && break
  sleep 0.05
done
check "a nats-server config with a websocket block starts" grep -q "Server is ready" "$work/log"
check "it logs the websocket listener" grep -q "Listening for websocket clients on ws://127.0.0.1:$wsport" "$work/log"
check "and the no-TLS warning" grep -q "Websocket not configured with TLS. DO NOT USE IN PRODUCTION!" "$work/log"
info=$(timeout 3 python3 - "$port" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2)
print(s.recv(4096).decode(errors="replace"))
PY
)
check "it serves NATS on the configured port" grep -q '^INFO {' <<<"$info"
start=$(date +%s%N)
kill -TERM "$pid"; wait "$pid"; rc=$?; pid=
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "SIGTERM exits 0" test "$rc" -eq 0
check "within 2 s (took ${elapsed_ms} ms)" test "$elapsed_ms" -lt 2000

echo "$((14 - failures)) passed, $failures failed"
exit $((failures > 0))
