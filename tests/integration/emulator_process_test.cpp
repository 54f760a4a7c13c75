// Starts the real hallmonitor-emulator, reads its ready line, talks HTTPS to it with
// certificate verification (python3's ssl + http.client), and stops it with SIGTERM.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "emulator/child_process.hpp"
#include "emulator/ready_line.hpp"
#include "support/emulator_process.hpp"
#include "support/temp_dir.hpp"

namespace {

using hm::process::ChildProcess;
using hm::test::EmulatorProcess;
using hm::test::TempDir;
using nlohmann::json;

// A python3 client script whose first stdout line says it is connected (or has its requests in
// flight); killed when the test ends.
std::unique_ptr<ChildProcess> python_client(const std::string& script) {
  hm::process::ChildOptions options;
  options.argv = {"python3", "-c", script};
  options.out = hm::process::Stdout::pipe;
  options.destructor_signal = SIGKILL;
  auto client = std::make_unique<ChildProcess>(std::move(options));
  CHECK(client->read_line(std::chrono::seconds(10)).has_value());
  return client;
}

int run(const std::string& cmd) {
  int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("the emulator serves Graph, X and the control API over verified TLS; SIGTERM exits 0") {
  TempDir dir;
  EmulatorProcess emu;
  const std::string& line = emu.ready_line();
  auto ready = json::parse(line);
  CHECK(line.rfind("{\"port\":", 0) == 0);
  int port = ready["port"];
  CHECK(port > 0);
  CHECK(port == emu.port());
  std::string ca = ready["ca_file"];
  CHECK(ca == (std::filesystem::canonical(emu.state_dir()) / "ca.pem").string());
  CHECK(std::filesystem::exists(ca));

  std::string cmd = "python3 '" + std::string(HM_SOURCE_DIR) +
                    "/tests/integration/emulator_client.py' " + std::to_string(port) + " '" + ca +
                    "' > '" + (dir.path() / "client.out").string() + "' 2>&1";
  int rc = run(cmd);
  INFO(dir.read("client.out"));
  INFO(emu.log_text());
  CHECK(rc == 0);
  CHECK(dir.read("client.out").find("OK") != std::string::npos);
  CHECK(emu.stop(SIGTERM) == 0);
}

TEST_CASE("SIGINT with an idle keep-alive connection open also exits 0") {
  EmulatorProcess emu;
  auto ready = json::parse(emu.ready_line());
  // A client that connects, completes TLS, and then sits idle (killed at the end of the test).
  std::string script = "import socket,ssl,time; c=ssl.create_default_context(cafile='" +
                       ready["ca_file"].get<std::string>() +
                       "'); s=c.wrap_socket(socket.create_connection(('127.0.0.1'," +
                       std::to_string(ready["port"].get<int>()) +
                       ")), server_hostname='127.0.0.1'); print('up', flush=True); time.sleep(30)";
  auto client = python_client(script);  // connected and handshaken
  auto t0 = std::chrono::steady_clock::now();
  CHECK(emu.stop(SIGINT) == 0);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(3));
}

TEST_CASE("SIGTERM with a slow and a hung response in flight exits 0 promptly") {
  EmulatorProcess emu;
  auto ready = json::parse(emu.ready_line());
  std::string script =
      "import json,ssl,http.client,threading,time\n"
      "ctx=ssl.create_default_context(cafile='" +
      ready["ca_file"].get<std::string>() +
      "')\n"
      "def conn(): return http.client.HTTPSConnection('127.0.0.1'," +
      std::to_string(ready["port"].get<int>()) +
      ",context=ctx,timeout=60)\n"
      "c=conn()\n"
      "def post(p,b):\n"
      "  c.request('POST',p,json.dumps(b)); r=c.getresponse(); r.read()\n"
      "post('/_emulator/accounts',{'platform':'x','account_id':'1','access_token':'t'})\n"
      "post('/_emulator/faults',{'platform':'x','kind':'slow','delay_ms':30000,'match':'users/"
      "me'})\n"
      "post('/_emulator/faults',{'platform':'x','kind':'hang','match':'mentions'})\n"
      "def call(p):\n"
      "  k=conn(); k.request('GET',p,headers={'Authorization':'Bearer t'})\n"
      "  try: k.getresponse()\n"
      "  except Exception: pass\n"
      "for p in ['/2/users/me','/2/users/1/mentions']: "
      "threading.Thread(target=call,args=(p,),daemon=True).start()\n"
      "time.sleep(0.5); print('in flight',flush=True); time.sleep(30)\n";
  auto client = python_client(script);  // both requests in flight
  auto t0 = std::chrono::steady_clock::now();
  CHECK(emu.stop(SIGTERM) == 0);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(2500));
  INFO(emu.log_text());
  CHECK(emu.log_text().find("hang") != std::string::npos);
}

TEST_CASE("a given CA signs the server certificate") {
  TempDir dir;
  auto key = (dir.path() / "ca.key").string(), crt = (dir.path() / "ca.crt").string();
  REQUIRE(run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout '" +
              key + "' -out '" + crt +
              "' -subj /CN=hm-test-ca -days 1 -addext basicConstraints=critical,CA:TRUE "
              "-addext keyUsage=critical,keyCertSign,cRLSign >/dev/null 2>&1") == 0);
  EmulatorProcess emu({"--ca-cert", crt, "--ca-key", key});
  const int port = emu.port();
  // Verify against the CA file we made, not the one the emulator wrote.
  std::string cmd =
      "python3 -c \"import ssl,http.client; c=http.client.HTTPSConnection('127.0.0.1'," +
      std::to_string(port) + ",context=ssl.create_default_context(cafile='" + crt +
      "')); c.request('GET','/_emulator/clock'); assert c.getresponse().status==200\"";
  CHECK(run(cmd) == 0);
  CHECK(emu.stop() == 0);
}

TEST_CASE("non-loopback listen addresses and bad arguments exit 2") {
  TempDir dir;
  for (std::string args : {"--listen 0.0.0.0:0", "--listen 192.168.1.5:8443", "--listen nowhere",
                           "--listen 127.0.0.1:99999", "--bogus"}) {
    std::string cmd = "'" + std::string(HM_EMULATOR_PATH) + "' " + args + " --state-dir '" +
                      (dir.path() / "s").string() + "' >/dev/null 2>&1";
    CHECK_MESSAGE(run(cmd) == 2, args);
  }
}

TEST_CASE("the ready line: what the emulator prints is what the launcher reads") {
  using hm::emulator::format_ready_line;
  using hm::emulator::parse_ready_line;
  const auto line = format_ready_line({8443, "/tmp/state \"x\"/ca.pem"});
  CHECK(line == R"({"port":8443,"ca_file":"/tmp/state \"x\"/ca.pem"})");
  auto back = parse_ready_line(line);
  REQUIRE(back);
  CHECK(back->port == 8443);
  CHECK(back->ca_file == "/tmp/state \"x\"/ca.pem");
  for (const char* bad :
       {"", "listening", "{}", R"({"port":0,"ca_file":"a"})", R"({"port":70000,"ca_file":"a"})",
        R"({"port":"1","ca_file":"a"})", R"({"port":1})", R"([1,2])"}) {
    auto r = parse_ready_line(bad);
    CHECK_MESSAGE(!r, bad);
    if (!r) CHECK(r.error().find("not a ready line") == 0);
  }
}

TEST_CASE("the launcher reports an emulator that exits before its ready line, with its log") {
  TempDir dir;
  try {
    hm::emulator::LaunchOptions launch;
    launch.binary = HM_EMULATOR_PATH;
    launch.state_dir = dir.path() / "state";
    launch.log = dir.path() / "emulator.log";
    launch.extra_args = {"--bogus"};
    hm::emulator::EmulatorProcess emu(std::move(launch));
    FAIL("the launcher accepted an emulator that exited with a usage error");
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    CHECK(what.find("exited before it was ready") != std::string::npos);
    CHECK(what.find("unknown argument: --bogus") != std::string::npos);
  }
}
