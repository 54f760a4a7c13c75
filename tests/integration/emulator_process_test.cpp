// Starts the real hallmonitor-emulator, reads its ready line, talks HTTPS to it with
// certificate verification (python3's ssl + http.client), and stops it with SIGTERM.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include <filesystem>

#include "integration/temp_dir.hpp"

namespace {

using nlohmann::json;

using hm::test::TempDir;

class EmulatorProcess {
 public:
  EmulatorProcess(const TempDir& dir, std::vector<std::string> extra = {}) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    std::vector<std::string> args = {HM_EMULATOR, "--listen", "127.0.0.1:0", "--state-dir",
                                     (dir.path() / "state").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    std::string log = (dir.path() / "emulator.log").string();
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(fds[1], 1);
      int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (err >= 0) ::dup2(err, 2);
      ::close(fds[0]);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    out_ = fds[0];
  }
  ~EmulatorProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) ::close(out_);
  }

  // The ready line, or "" after the deadline.
  std::string ready_line(std::chrono::milliseconds deadline = std::chrono::seconds(20)) {
    std::string line;
    auto until = std::chrono::steady_clock::now() + deadline;
    while (std::chrono::steady_clock::now() < until) {
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char c;
      if (::read(out_, &c, 1) != 1) break;
      if (c == '\n') return line;
      line.push_back(c);
    }
    return {};
  }

  // Sends `sig` and waits (bounded) for the exit status; -1 if it did not exit.
  int stop(int sig = SIGTERM) {
    ::kill(pid_, sig);
    return wait_exit();
  }
  int wait_exit() {
    for (int i = 0; i < 200; ++i) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
};

int run(const std::string& cmd) {
  int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("the emulator serves Graph, X and the control API over verified TLS; SIGTERM exits 0") {
  TempDir dir;
  EmulatorProcess emu(dir);
  auto line = emu.ready_line();
  REQUIRE_MESSAGE(!line.empty(), dir.read("emulator.log"));
  auto ready = json::parse(line);
  CHECK(line.rfind("{\"port\":", 0) == 0);
  int port = ready["port"];
  CHECK(port > 0);
  std::string ca = ready["ca_file"];
  CHECK(ca == (std::filesystem::canonical(dir.path() / "state") / "ca.pem").string());
  CHECK(std::filesystem::exists(ca));

  std::string cmd = "python3 '" + std::string(HM_SOURCE_DIR) +
                    "/tests/integration/emulator_client.py' " + std::to_string(port) + " '" + ca +
                    "' > '" + (dir.path() / "client.out").string() + "' 2>&1";
  int rc = run(cmd);
  INFO(dir.read("client.out"));
  INFO(dir.read("emulator.log"));
  CHECK(rc == 0);
  CHECK(dir.read("client.out").find("OK") != std::string::npos);
  CHECK(emu.stop(SIGTERM) == 0);
}

TEST_CASE("SIGINT with an idle keep-alive connection open also exits 0") {
  TempDir dir;
  EmulatorProcess emu(dir);
  auto ready = json::parse(emu.ready_line());
  // A client that connects, completes TLS, and then sits idle (killed at the end of the test).
  std::string script = "import socket,ssl,time; c=ssl.create_default_context(cafile='" +
                       ready["ca_file"].get<std::string>() +
                       "'); s=c.wrap_socket(socket.create_connection(('127.0.0.1'," +
                       std::to_string(ready["port"].get<int>()) +
                       ")), server_hostname='127.0.0.1'); print('up', flush=True); time.sleep(30)";
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  pid_t client = ::fork();
  REQUIRE(client >= 0);
  if (client == 0) {
    ::dup2(fds[1], 1);
    ::close(fds[0]);
    ::execlp("python3", "python3", "-c", script.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  pollfd p{fds[0], POLLIN, 0};
  CHECK(::poll(&p, 1, 10000) == 1);  // connected and handshaken
  ::close(fds[0]);
  auto t0 = std::chrono::steady_clock::now();
  CHECK(emu.stop(SIGINT) == 0);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(3));
  ::kill(client, SIGKILL);
  ::waitpid(client, nullptr, 0);
}

TEST_CASE("SIGTERM with a slow and a hung response in flight exits 0 promptly") {
  TempDir dir;
  EmulatorProcess emu(dir);
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
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  pid_t client = ::fork();
  REQUIRE(client >= 0);
  if (client == 0) {
    ::dup2(fds[1], 1);
    ::close(fds[0]);
    ::execlp("python3", "python3", "-c", script.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  pollfd p{fds[0], POLLIN, 0};
  CHECK(::poll(&p, 1, 10000) == 1);
  ::close(fds[0]);
  auto t0 = std::chrono::steady_clock::now();
  CHECK(emu.stop(SIGTERM) == 0);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(2500));
  ::kill(client, SIGKILL);
  ::waitpid(client, nullptr, 0);
  INFO(dir.read("emulator.log"));
  CHECK(dir.read("emulator.log").find("hang") != std::string::npos);
}

TEST_CASE("a given CA signs the server certificate") {
  TempDir dir;
  auto key = (dir.path() / "ca.key").string(), crt = (dir.path() / "ca.crt").string();
  REQUIRE(run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout '" +
              key + "' -out '" + crt +
              "' -subj /CN=hm-test-ca -days 1 -addext basicConstraints=critical,CA:TRUE "
              "-addext keyUsage=critical,keyCertSign,cRLSign >/dev/null 2>&1") == 0);
  EmulatorProcess emu(dir, {"--ca-cert", crt, "--ca-key", key});
  auto line = emu.ready_line();
  REQUIRE_MESSAGE(!line.empty(), dir.read("emulator.log"));
  int port = json::parse(line)["port"];
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
    std::string cmd = "'" + std::string(HM_EMULATOR) + "' " + args + " --state-dir '" +
                      (dir.path() / "s").string() + "' >/dev/null 2>&1";
    CHECK_MESSAGE(run(cmd) == 2, args);
  }
}
