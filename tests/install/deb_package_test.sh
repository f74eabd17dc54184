#!/usr/bin/env bash
# Builds the .deb from an already built tree with cpack, inspects it (dpkg-deb -c/-I), unpacks
# it into a temporary root and runs the unpacked natsws-server: --version, then a start on free
# loopback ports, one NATS INFO and one WebSocket upgrade, SIGTERM, exit 0 within 2 s.
# Usage: deb_package_test.sh BUILD_DIR VERSION WITH_GUI(ON|OFF) ICON_SIZES(16,22,...)
set -euo pipefail

build_dir=$1
version=$2
with_gui=$3
IFS=, read -r -a icon_sizes <<<"$4"

work=$(mktemp -d "${TMPDIR:-/tmp}/natsws-deb-test.XXXXXX")
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
# kill -0 also succeeds for a child that exited but was not reaped yet: ask for its state.
alive() {
  local pid comm state
  read -r pid comm state _ 2>/dev/null <"/proc/$1/stat" || return 1
  [[ "$state" != Z ]]
}
pass() { echo "ok   - $*"; }
fail() { echo "FAIL - $*"; failures=$((failures + 1)); }
check() { # check DESCRIPTION COMMAND...: one named assertion
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
finish() {
  if ((failures > 0)); then
    echo "$failures check(s) failed"
    exit 1
  fi
  echo "all checks passed"
  exit 0
}

for tool in cpack dpkg-deb dpkg-shlibdeps desktop-file-validate appstreamcli groff perl; do
  command -v "$tool" >/dev/null || { echo "FAIL - $tool is missing: run scripts/deps"; exit 1; }
done

# --- Build the package --------------------------------------------------------------------
if ! cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log"
  echo "FAIL - cpack -G DEB (is the build complete? cmake --build $build_dir)"
  exit 1
fi
debs=("$work"/out/*.deb)
[[ -f "${debs[0]}" && ${#debs[@]} -eq 1 ]] || { echo "FAIL - expected one .deb in $work/out"; exit 1; }
deb=${debs[0]}
pass "cpack built $(basename "$deb")"
check "file name is natsws_${version}_<arch>.deb" \
  bash -c '[[ "$(basename "$1")" == natsws_"$2"_*.deb ]]' _ "$deb" "$version"

# --- Contents -----------------------------------------------------------------------------
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|; s|/$||' | grep -v '^$' >"$work/paths"
has_path() { grep -qxF "$1" "$work/paths"; }

expected=(
  /usr/bin/natsws-server
  /usr/share/man/man1/natsws-server.1.gz
  /usr/share/doc/natsws/natsws.conf.example
  /usr/share/doc/natsws/copyright
  /usr/share/doc/natsws/changelog.gz
  /etc/natsws/natsws.conf
  /lib/systemd/system/natsws.service
)
if [[ "$with_gui" == ON ]]; then
  expected+=(
    /usr/bin/natsws
    /usr/share/man/man1/natsws.1.gz
    /usr/share/applications/io.natsws.Natsws.desktop
    /usr/share/metainfo/io.natsws.Natsws.metainfo.xml
    /usr/share/icons/hicolor/scalable/apps/natsws.svg
  )
  for size in "${icon_sizes[@]}"; do
    expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/natsws.png")
  done
fi
for path in "${expected[@]}"; do
  check "package contains $path" has_path "$path"
done
# Nothing outside the places a Debian package of this kind may use (no /usr/local, no
# build-tree paths, no stray top-level directories): each path is one of these directories,
# inside one, or on the way to one.
allowed_dirs=(/usr/bin /usr/share/applications /usr/share/metainfo /usr/share/icons/hicolor
              /usr/share/man/man1 /usr/share/doc/natsws /etc/natsws
              /lib/systemd/system)
allowed_path() {
  local dir
  for dir in "${allowed_dirs[@]}"; do
    [[ "$1" == "$dir" || "$1" == "$dir"/* || "$dir" == "$1"/* ]] && return 0
  done
  return 1
}
stray=$(while read -r path; do allowed_path "$path" || echo "$path"; done <"$work/paths")
check "no files outside the expected directories${stray:+: $stray}" test -z "$stray"

# --- Control data ---------------------------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
check "Package: natsws" test "$(field Package)" = natsws
check "Version: $version" test "$(field Version)" = "$version"
check "Section: net" test "$(field Section)" = net
check "Maintainer is set" test -n "$(field Maintainer)"
check "Description has a summary and a long text" \
  bash -c '[[ -n "$(dpkg-deb -f "$1" Description | head -n 1)" && $(dpkg-deb -f "$1" Description | wc -l) -gt 1 ]]' _ "$deb"
depends=$(field Depends)
echo "     Depends: $depends"
check "Depends (from dpkg-shlibdeps) names libqt6core6" grep -q 'libqt6core6 (>= ' <<<"$depends"
check "Depends names libqt6network6" grep -q 'libqt6network6' <<<"$depends"
check "Recommends qt6-translations-l10n" test "$(field Recommends)" = qt6-translations-l10n
if [[ "$with_gui" == ON ]]; then
  check "Depends names qt6-qpa-plugins (the dashboard's platform plugin)" \
    grep -qE '(^|, )qt6-qpa-plugins(,|$)' <<<"$depends"
fi
dpkg-deb -I "$deb" >"$work/info"
check "dpkg-deb -I lists the maintainer scripts" grep -qE '^ +[0-9]+ bytes, +[0-9]+ lines +\* +postinst' "$work/info"
check "conffiles holds /etc/natsws/natsws.conf" \
  bash -c '[[ "$(dpkg-deb -I "$1" conffiles)" == /etc/natsws/natsws.conf ]]' _ "$deb"

# --- Unpacked files -------------------------------------------------------------------------
root=$work/root
dpkg-deb -x "$deb" "$root"
pass "dpkg-deb -x into $root"

unit=$root/lib/systemd/system/natsws.service
check "unit runs /usr/bin/natsws-server -c /etc/natsws/natsws.conf" \
  grep -qx 'ExecStart=/usr/bin/natsws-server -c /etc/natsws/natsws.conf' "$unit"
check "unit runs as a dynamic user" grep -qx 'DynamicUser=yes' "$unit"
check "unit is wanted by multi-user.target" grep -qx 'WantedBy=multi-user.target' "$unit"
# systemd's own reading of the unit (unknown keys are only warnings: any output fails), with
# ExecStart pointed at the unpacked binary, which is not in /usr/bin on this machine.
if command -v systemd-analyze >/dev/null; then
  mkdir -p "$work/unit"
  sed "s|^ExecStart=/usr/bin/|ExecStart=$root/usr/bin/|" "$unit" >"$work/unit/natsws.service"
  verify_output=$(systemd-analyze verify --man=no "$work/unit/natsws.service" 2>&1) && verified=yes || verified=no
  check "systemd-analyze verify accepts the unit${verify_output:+: $verify_output}" \
    test "$verified" = yes -a -z "$verify_output"
else
  echo "skip - systemd-analyze verify (systemd is not installed)"
fi
for page in "$root"/usr/share/man/man1/*.1.gz; do
  name=$(basename "$page")
  check "$name is valid gzip" gzip -t "$page"
  man_warnings=$(gzip -dc "$page" | groff -man -Tutf8 -ww -z 2>&1 || true)
  check "$name renders without groff warnings${man_warnings:+: $man_warnings}" test -z "$man_warnings"
done
if [[ "$with_gui" == ON ]]; then
  check "desktop-file-validate accepts the .desktop file" \
    desktop-file-validate "$root/usr/share/applications/io.natsws.Natsws.desktop"
  check "appstreamcli validate --no-net accepts the metainfo" \
    appstreamcli validate --no-net "$root/usr/share/metainfo/io.natsws.Natsws.metainfo.xml"
  check "metainfo names release $version" \
    grep -q "<release version=\"$version\"" "$root/usr/share/metainfo/io.natsws.Natsws.metainfo.xml"
fi

# Every shared library the unpacked programs need resolves on this system (no GUI needed).
for program in "$root"/usr/bin/*; do
  missing_libs=$(ldd "$program" | grep 'not found' || true)
  check "$(basename "$program") finds all its libraries${missing_libs:+: $missing_libs}" test -z "$missing_libs"
done

# --- The unpacked server runs ----------------------------------------------------------------
server=$root/usr/bin/natsws-server
version_line=$(timeout 10 "$server" --version 2>&1) || true
echo "     --version: $version_line"
check "natsws-server --version prints $version" grep -qF "$version" <<<"$version_line"

check "natsws-server -t accepts the shipped /etc/natsws/natsws.conf" \
  timeout 10 "$server" -t -c "$root/etc/natsws/natsws.conf"

# Two free loopback ports, chosen by the kernel (perl-base is essential on Debian).
read -r nats_port ws_port < <(perl -MIO::Socket::INET -e '
  my @socks = map { IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Listen => 1)
                    or die "no free port: $!\n" } 1 .. 2;
  print join(" ", map { $_->sockport } @socks), "\n";')
"$server" -c "$root/etc/natsws/natsws.conf" -a 127.0.0.1 -p "$nats_port" --ws-port "$ws_port" \
  >"$work/server.log" 2>&1 &
server_pid=$!

accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
listening=no
for _ in $(seq 100); do # at most 10 s
  if accepts "$nats_port" && accepts "$ws_port"; then listening=yes; break; fi
  alive "$server_pid" || break
  sleep 0.1
done
check "server listens on 127.0.0.1:$nats_port (NATS) and :$ws_port (WebSocket)" test "$listening" = yes

if [[ "$listening" == yes ]]; then
  info=$(exec 3<>"/dev/tcp/127.0.0.1/$nats_port"; timeout 2 head -c 5 <&3 || true)
  check "NATS port greets with INFO" test "$info" = "INFO "
  status=$(
    exec 3<>"/dev/tcp/127.0.0.1/$ws_port"
    printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n' "$ws_port" >&3
    timeout 2 head -n 1 <&3 | tr -d '\r' || true
  )
  check "WebSocket port answers the upgrade with 101 (got: ${status:-nothing})" \
    grep -q '^HTTP/1.1 101' <<<"$status"
fi

kill -TERM "$server_pid" 2>/dev/null || true
stopped=no
for _ in $(seq 20); do # 2 s
  if ! alive "$server_pid"; then stopped=yes; break; fi
  sleep 0.1
done
check "server exits within 2 s of SIGTERM" test "$stopped" = yes
if [[ "$stopped" == yes ]]; then
  exit_code=0
  wait "$server_pid" || exit_code=$?
  server_pid=""
  check "exit status after SIGTERM is 0 (got $exit_code)" test "$exit_code" -eq 0
fi
if ((failures > 0)); then
  echo "--- server log"
  cat "$work/server.log"
fi
finish
