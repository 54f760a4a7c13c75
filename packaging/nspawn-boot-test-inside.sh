#!/bin/bash
# Runs inside the booted container of packaging/nspawn-boot-test.sh, as a oneshot unit under
# the container's systemd (PID 1). Follows the README's "Installing as a service" steps against
# the project's emulator and writes one PASS/FAIL line per check to /root/results, then DONE.
# Every wait is a bounded loop.
set -u
results=/root/results
: >"$results"
pass() { echo "PASS: $*" | tee -a "$results"; }
fail() { echo "FAIL: $*" | tee -a "$results"; }
check() { # check "what" command...
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
emu=https://127.0.0.1:8443
ca=/root/emu/ca.pem
control() { # control PATH [JSON]
  curl -sS --fail --max-time 10 --cacert "$ca" -H 'Content-Type: application/json' \
    ${2:+-d "$2"} "$emu/_emulator/$1"
}
wait_for() { # wait_for SECONDS command...: true once the command succeeds
  local n=$1
  shift
  for _ in $(seq "$n"); do
    "$@" && return 0
    sleep 1
  done
  return 1
}
config=/etc/hallmonitor/hallmonitor.toml
page=448242228374517 # the example config's jh-facebook account

echo "systemd $(systemctl --version | head -1 | cut -d' ' -f2), $(. /etc/os-release && echo "$PRETTY_NAME")" | tee -a "$results"

# --- install
dpkg -i /root/hallmonitor.deb >/root/dpkg.out 2>&1
check "dpkg -i installs the package" [ $? = 0 ]
sed 's/^/  | /' /root/dpkg.out | grep 'hallmonitor:' | tee -a "$results"
check "postinst says the service is not enabled yet" grep -q "service is not enabled" /root/dpkg.out
check "the hallmonitor user exists" getent passwd hallmonitor
check "/etc/hallmonitor/credentials is 0700 root" \
  [ "$(stat -c %a:%U /etc/hallmonitor/credentials)" = 700:root ]

# --- the emulator, on loopback, with the account the channel will use
mkdir -p /root/emu
/usr/lib/hallmonitor/hallmonitor-emulator --listen 127.0.0.1:8443 --state-dir /root/emu \
  >/root/emu.out 2>/root/emu.log &
check "the emulator prints its ready line" wait_for 20 grep -q '"port":8443' /root/emu.out
install -m 644 "$ca" /etc/hallmonitor/emulator-ca.pem
control accounts "{\"platform\":\"facebook\",\"account_id\":\"$page\",\"name\":\"Joseph Hood Primary School\",\"access_token\":\"EAAB-boot-test\"}" >/dev/null
post=$(control posts "{\"platform\":\"facebook\",\"account_id\":\"$page\",\"text\":\"Sports day photos\"}" | jq -r .id)
check "the emulator has the Page and a post ($post)" [ -n "$post" ]

# --- README: hallmonitorctl as root before the first start
printf 'walnut ferry copper meadow\n' |
  hallmonitorctl user add --config "$config" head --role admin >/root/ctl.out 2>&1
check "hallmonitorctl user add (as root, before the first start)" [ $? = 0 ]
sed 's/^/  | /' /root/ctl.out | tee -a "$results"
check "its state directory is 0700 hallmonitor" \
  [ "$(stat -c %a:%U /var/lib/hallmonitor)" = 700:hallmonitor ]
check "its database is 0600 hallmonitor" \
  [ "$(stat -c %a:%U /var/lib/hallmonitor/hallmonitor.db)" = 600:hallmonitor ]

# --- README: the config (the emulator stands in for graph.facebook.com), the token, check, enable
sed -i -e 's/^poll_interval = .*/poll_interval = "2s"/' \
  -e "/^credential = \"jh-facebook\"/a api_base = \"$emu/v25.0\"\nca_file = \"/etc/hallmonitor/emulator-ca.pem\"" \
  "$config"
echo '{"access_token": "EAAB-boot-test"}' >/root/token.json
install -m 600 /root/token.json /etc/hallmonitor/credentials/jh-facebook
hallmonitord --check >/root/check.out 2>&1
check "hallmonitord --check (as root) passes" [ $? = 0 ]
systemctl enable --now hallmonitor >/root/enable.out 2>&1
check "systemctl enable --now hallmonitor" [ $? = 0 ]
check "systemctl is-active hallmonitor: active" wait_for 10 systemctl -q is-active hallmonitor
journalctl -u hallmonitor --no-pager -o cat | grep -E 'ready|credential' | head -3 | sed 's/^/  | /' | tee -a "$results"

# --- a harmful comment, hidden
comment=$(control comments "{\"platform\":\"facebook\",\"post_id\":\"$post\",\"author_id\":\"9001\",\"author_name\":\"Troll\",\"text\":\"f*ck this school, the head is a tw@t\"}" | jq -r .id)
hidden() { [ "$(control state | jq -r --arg id "$comment" '.comments[] | select(.id == $id) | .hidden')" = true ]; }
check "the harmful comment $comment is hidden on the emulator (within 30 s)" wait_for 30 hidden

# --- reload
systemctl reload hallmonitor
check "systemctl reload hallmonitor" [ $? = 0 ]
check "still active after the reload" systemctl -q is-active hallmonitor
check "the journal says the reload happened" \
  wait_for 10 sh -c "journalctl -u hallmonitor --no-pager -o cat | grep -q 'reload: '"

# --- a failing --check must not restart every 5 s forever
mv /etc/hallmonitor/credentials/jh-facebook /root/jh-facebook.saved
systemctl restart hallmonitor >/dev/null 2>&1
check "a start with the token missing fails" [ $? != 0 ]
sleep 16 # three RestartSec=5s periods: a looping unit would have restarted by now
restarts=$(systemctl show -p NRestarts --value hallmonitor)
state=$(systemctl show -p ActiveState --value hallmonitor)
echo "  | after 16 s: ActiveState=$state NRestarts=$restarts" | tee -a "$results"
check "the unit stays failed, no restarts" [ "$state:$restarts" = failed:0 ]
check "--check's error is in the journal at error priority" \
  sh -c "journalctl -u hallmonitor -p err --no-pager -o cat | grep -q \"credential 'jh-facebook' not found\""
journalctl -u hallmonitor -p err --no-pager -o cat | grep "not found" | tail -1 | sed 's/^/  | /' | tee -a "$results"

# --- back, then stop
mv /root/jh-facebook.saved /etc/hallmonitor/credentials/jh-facebook
systemctl reset-failed hallmonitor
systemctl start hallmonitor
check "starts again once the token is back" wait_for 10 systemctl -q is-active hallmonitor
systemctl stop hallmonitor
check "systemctl stop: inactive" [ "$(systemctl show -p ActiveState --value hallmonitor)" = inactive ]
check "the stop was clean (Result=success)" [ "$(systemctl show -p Result --value hallmonitor)" = success ]

# --- remove and reinstall keep the admin's choice, and say so; purge says what it keeps
dpkg -r hallmonitor >/root/remove.out 2>&1
check "dpkg -r" [ $? = 0 ]
dpkg -i /root/hallmonitor.deb >/root/reinstall.out 2>&1
check "reinstall after remove" [ $? = 0 ]
grep 'hallmonitor:' /root/reinstall.out | sed 's/^/  | /' | tee -a "$results"
check "the reinstalled service is still enabled" systemctl -q is-enabled hallmonitor
check "postinst says it is enabled and (re)started" grep -q "service is enabled and was (re)started" /root/reinstall.out
check "and it is active" wait_for 10 systemctl -q is-active hallmonitor
dpkg --purge hallmonitor >/root/purge.out 2>&1
check "dpkg --purge" [ $? = 0 ]
grep 'hallmonitor:' /root/purge.out | sed 's/^/  | /' | tee -a "$results"
check "purge says the token files were kept" grep -q "token files in /etc/hallmonitor/credentials were kept" /root/purge.out
check "purge leaves no unit enabled" [ ! -e /etc/systemd/system/multi-user.target.wants/hallmonitor.service ]

kill %1 2>/dev/null
echo DONE >>"$results"
