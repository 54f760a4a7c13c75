#!/bin/bash
# The .deb under a real systemd: boots a Debian 12 container (systemd-nspawn), installs the
# package, starts the project's emulator on the container's loopback, connects one Facebook
# channel to it following the README (config, a token file in /etc/hallmonitor/credentials,
# `systemctl enable --now hallmonitor`), posts a harmful comment through the emulator's control
# API and waits (bounded) for it to be hidden; then reload, a failing --check that must not
# loop, stop, and remove/reinstall/purge. Prints one PASS or FAIL line per check and exits 1 on
# any FAIL.
#
#   sudo packaging/nspawn-boot-test.sh [path/to/hallmonitor_*.deb | BUILD_DIR]
#
# A build directory: its .deb is made there first (cpack). Without an argument it takes
# $HM_DEB, else build-deb/ then build/ (packaging/build-deb.sh makes the hardened one).
# Needs root, debootstrap and systemd-container; without them it exits 77 (CTest: skipped).
# HM_NSPAWN_CACHE (default /var/tmp/hallmonitor-nspawn) keeps the debootstrapped root and the
# package's dependencies, so a second run needs no network and takes about a minute.
# On machines whose host systemd does not manage this shell (containers, CI runners), nspawn
# needs --keep-unit and --register=no and a tmpfs on /run/systemd/nspawn: this script does that.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
cache=${HM_NSPAWN_CACHE:-/var/tmp/hallmonitor-nspawn}
mirror=${HM_DEBIAN_MIRROR:-http://deb.debian.org/debian}
limit=${HM_NSPAWN_TIMEOUT:-420}
deb=${1:-${HM_DEB:-}}
if [ -z "$deb" ]; then
  deb=$(ls "$src"/build-deb/hallmonitor_*.deb "$src"/build/hallmonitor_*.deb 2>/dev/null | head -1 || true)
fi
say() { echo "nspawn-boot-test: $*"; }
die() { say "FAIL: $*"; exit 1; }
skip() { say "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "run it as root"
for tool in debootstrap systemd-nspawn dpkg-deb; do
  command -v $tool >/dev/null || skip "$tool is missing: apt-get install debootstrap systemd-container"
done
if [ -d "$deb" ]; then
  (cd "$deb" && rm -f hallmonitor_*.deb && cpack -G DEB >cpack-nspawn.log 2>&1) ||
    die "cpack failed in $deb: see $deb/cpack-nspawn.log"
  deb=$(ls "$deb"/hallmonitor_*.deb)
fi
[ -f "$deb" ] || die "no .deb: pass one, or build it with packaging/build-deb.sh"
deb=$(readlink -f "$deb")
say "package $deb"

mounted_nspawn_tmpfs=
run=$cache/run
cleanup() {
  rm -rf "$run"
  if [ -n "$mounted_nspawn_tmpfs" ]; then umount /run/systemd/nspawn || true; fi
}
trap cleanup EXIT
mkdir -p /run/systemd/nspawn
if ! mountpoint -q /run/systemd/nspawn; then
  mount -t tmpfs -o mode=0755 tmpfs /run/systemd/nspawn
  mounted_nspawn_tmpfs=1
fi
nspawn() { systemd-nspawn -q --keep-unit --register=no "$@"; }

# 1. The cached Debian 12 root, and the package's dependencies in it.
mkdir -p "$cache"
if [ ! -e "$cache/base/.hm-ready" ]; then
  say "debootstrap bookworm into $cache/base (once)"
  rm -rf "$cache/base.tmp"
  debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,curl,ca-certificates \
    bookworm "$cache/base.tmp" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
    die "debootstrap failed: see $cache/debootstrap.log"
  touch "$cache/base.tmp/.hm-ready"
  mv "$cache/base.tmp" "$cache/base"
fi
deps="jq $(dpkg-deb -f "$deb" Depends | sed -e 's/([^)]*)//g' -e 's/|[^,]*//g' -e 's/,/ /g')"
deps=$(echo $deps | tr ' ' '\n' | sort -u | tr '\n' ' ')
if [ "$(cat "$cache/base/.hm-deps" 2>/dev/null)" != "$deps" ]; then
  say "installing the package's dependencies into the cached root: $deps"
  nspawn -D "$cache/base" --resolv-conf=replace-host -E DEBIAN_FRONTEND=noninteractive \
    sh -c "apt-get update -q && apt-get install -y -q --no-install-recommends $deps" \
    >"$cache/deps.log" 2>&1 || die "apt-get in the container failed: see $cache/deps.log"
  echo "$deps" >"$cache/base/.hm-deps"
fi

# 2. A throwaway copy with the package, the test and a unit that runs it once booted.
rm -rf "$run"
cp -a --reflink=auto "$cache/base" "$run"
cp "$deb" "$run/root/hallmonitor.deb"
cp "$src/packaging/nspawn-boot-test-inside.sh" "$run/root/boot-test.sh"
cat >"$run/etc/systemd/system/hm-boot-test.service" <<'EOF'
[Unit]
Description=hallmonitor boot test
After=basic.target
[Service]
Type=oneshot
ExecStart=/bin/bash /root/boot-test.sh
ExecStopPost=/bin/systemctl poweroff --no-block
StandardOutput=journal+console
StandardError=journal+console
TimeoutStartSec=360
[Install]
WantedBy=multi-user.target
EOF
mkdir -p "$run/etc/systemd/system/multi-user.target.wants"
ln -sf ../hm-boot-test.service "$run/etc/systemd/system/multi-user.target.wants/"

# 3. Boot it: its own network namespace (loopback only: the emulator and the console never meet
# the host's ports), systemd as PID 1; the test powers the container off when done.
say "booting the container (at most ${limit}s)"
started=$(date +%s)
set +e
timeout --foreground "$limit" systemd-nspawn -q --keep-unit --register=no --private-network \
  -b -D "$run" >"$cache/console.log" 2>&1 </dev/null
status=$?
set -e
say "container ran $(($(date +%s) - started))s (nspawn exit $status); console in $cache/console.log"
cp "$run/root/results" "$cache/results" 2>/dev/null || true
[ -s "$cache/results" ] || die "the test inside the container left no results (see $cache/console.log)"
cat "$cache/results"
passes=$(grep -c '^PASS' "$cache/results" || true)
fails=$(grep -c '^FAIL' "$cache/results" || true)
if [ "$status" = 124 ]; then fails=$((fails + 1)); say "FAIL: the container did not power off in time"; fi
grep -q '^DONE' "$cache/results" || { fails=$((fails + 1)); say "FAIL: the test did not finish"; }
say "$passes passed, $fails failed"
[ "$fails" = 0 ]
