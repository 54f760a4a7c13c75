#!/bin/sh
# Builds the .deb a school installs: a tree of its own (HM_DEB_BUILD, default build-deb/ in the
# source tree) with the hardening flags on (HM_HARDEN=ON: fortify, stack protector, PIE,
# RELRO and bind-now), only the shipped programs, CPack, then lintian on the result.
#   packaging/build-deb.sh            # prints the .deb's path last
# HM_DEB_JOBS limits ninja's parallel jobs. Needs cmake, ninja, the build dependencies (scripts/install-deps) and lintian.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${HM_DEB_BUILD:-$src/build-deb}
launcher=
command -v ccache >/dev/null && launcher=-DCMAKE_CXX_COMPILER_LAUNCHER=ccache
# CMAKE_SKIP_INSTALL_ALL_DEPENDENCY: cpack installs what was built below, not the whole tree.
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHM_HARDEN=ON \
  -DHM_WERROR=ON -DBUILD_TESTING=OFF -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON $launcher >/dev/null
ninja -C "$build" ${HM_DEB_JOBS:+-j$HM_DEB_JOBS} hallmonitord hallmonitorctl hallmonitor-emulator hm_package_docs
rm -f "$build"/hallmonitor_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/hallmonitor_*.deb)
if command -v lintian >/dev/null; then
  lintian --fail-on error,warning "$deb"
else
  echo "build-deb: lintian is not installed: apt-get install lintian" >&2
fi
echo "$deb"
