// The SMTP state machine without sockets: scripted server replies, in whole or byte by byte;
// STARTTLS is required before anything but EHLO; AUTH PLAIN only over TLS; every unexpected
// reply names its step and is retryable (4xx) or not (5xx); dot-stuffing; the reply parser.
#include <doctest/doctest.h>

#include <deque>

#include "daemon/alerts/mime.hpp"
#include "daemon/alerts/smtp_fsm.hpp"

using namespace hm::daemon::alerts;
using Kind = SmtpAction::Kind;

namespace {

SmtpJob job(bool auth = true) {
  SmtpJob j;
  j.ehlo_name = "hm.school.example";
  if (auth) {
    j.username = "hallmonitor";
    j.password = "correct horse battery";
  }
  j.from = "hallmonitor@school.example";
  j.recipients = {"dsl@school.example", "deputy@school.example"};
  j.message = "Subject: x\r\n\r\nline one\r\n.starts with a dot\r\n";
  return j;
}

const char* kGreeting = "220 mx.school.example ESMTP ready\r\n";
const char* kEhloClear =
    "250-mx.school.example\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n";
const char* kEhloTls = "250-mx.school.example\r\n250-AUTH LOGIN PLAIN\r\n250 SIZE 10240000\r\n";

struct Transcript {
  std::vector<std::string> client;  // what the machine wrote, "<TLS>" for the handshake
  SmtpAction last;
  bool tls_when_mail_from = false;
};

// Plays the server: each time the machine wants to read, the next chunk is given (split into
// single bytes when `bytewise`). Bounded by the number of chunks.
Transcript converse(SmtpFsm& fsm, std::deque<std::string> server, bool bytewise = false) {
  Transcript t;
  SmtpAction a = fsm.start();
  for (int guard = 0; guard < 10000; ++guard) {
    if (a.kind == Kind::done || a.kind == Kind::fail) break;
    if (a.kind == Kind::write) {
      t.client.push_back(a.data);
      if (a.data.rfind("MAIL FROM", 0) == 0) t.tls_when_mail_from = fsm.tls_active();
      a = fsm.on_written();
    } else if (a.kind == Kind::start_tls) {
      t.client.push_back("<TLS>");
      a = fsm.on_tls_established();
    } else {
      if (server.empty()) {
        a = fsm.on_network_error("connection closed by the test server");
        continue;
      }
      std::string chunk = server.front();
      server.pop_front();
      if (bytewise) {
        for (std::size_t i = 0; i < chunk.size(); ++i) {
          a = fsm.on_read(std::string_view(chunk).substr(i, 1));
          if (a.kind != Kind::read && i + 1 < chunk.size()) {
            // More bytes of this chunk must wait for the next read.
            server.push_front(chunk.substr(i + 1));
            break;
          }
        }
      } else {
        a = fsm.on_read(chunk);
      }
    }
  }
  t.last = a;
  return t;
}

std::deque<std::string> happy_server() {
  return {kGreeting,    kEhloClear,   "220 2.0.0 go ahead\r\n", kEhloTls,     "235 2.7.0 ok\r\n",
          "250 ok\r\n", "250 ok\r\n", "251 forwarded\r\n",      "354 go\r\n", "250 queued as 1\r\n",
          "221 bye\r\n"};
}

bool wrote(const Transcript& t, std::string_view prefix) {
  for (const auto& line : t.client)
    if (line.rfind(prefix, 0) == 0) return true;
  return false;
}

}  // namespace

TEST_CASE("a full submission: EHLO, STARTTLS, EHLO, AUTH PLAIN, MAIL, RCPT x2, DATA, QUIT") {
  for (bool bytewise : {false, true}) {
    INFO("bytewise " << bytewise);
    SmtpFsm fsm(job());
    auto t = converse(fsm, happy_server(), bytewise);
    REQUIRE(t.last.kind == Kind::done);
    CHECK(fsm.accepted());
    CHECK(t.tls_when_mail_from);
    const std::string auth =
        "AUTH PLAIN " + base64(std::string("\0hallmonitor\0correct horse battery", 34)) + "\r\n";
    const std::vector<std::string> expected = {
        "EHLO hm.school.example\r\n",
        "STARTTLS\r\n",
        "<TLS>",
        "EHLO hm.school.example\r\n",
        auth,
        "MAIL FROM:<hallmonitor@school.example>\r\n",
        "RCPT TO:<dsl@school.example>\r\n",
        "RCPT TO:<deputy@school.example>\r\n",
        "DATA\r\n",
        "Subject: x\r\n\r\nline one\r\n..starts with a dot\r\n.\r\n",
        "QUIT\r\n"};
    CHECK(t.client == expected);
  }
}

TEST_CASE("without a username there is no AUTH") {
  SmtpFsm fsm(job(false));
  auto server = happy_server();
  server.erase(server.begin() + 4);  // no 235
  auto t = converse(fsm, server);
  CHECK(t.last.kind == Kind::done);
  CHECK_FALSE(wrote(t, "AUTH"));
}

TEST_CASE("a server without STARTTLS gets nothing but EHLO: no AUTH, no mail in clear") {
  SmtpFsm fsm(job());
  auto t = converse(fsm, {kGreeting, "250-mx\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n"});
  REQUIRE(t.last.kind == Kind::fail);
  CHECK(t.last.retryable);
  CHECK(t.last.step == SmtpStep::ehlo);
  CHECK(t.last.error ==
        "SMTP EHLO: the server does not offer STARTTLS; refusing to send mail in clear");
  CHECK(t.client == std::vector<std::string>{"EHLO hm.school.example\r\n"});
  CHECK_FALSE(fsm.accepted());
}

TEST_CASE("AUTH PLAIN is used only when the post-TLS EHLO offers it") {
  SmtpFsm fsm(job());
  // Offered in clear (where it could be forged), not after TLS: refuse rather than guess.
  auto t = converse(fsm, {kGreeting, "250-mx\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n", "220 go\r\n",
                          "250-mx\r\n250 AUTH LOGIN\r\n"});
  REQUIRE(t.last.kind == Kind::fail);
  CHECK_FALSE(t.last.retryable);
  CHECK(t.last.error == "SMTP EHLO (after STARTTLS): the server does not offer AUTH PLAIN");
  CHECK_FALSE(wrote(t, "AUTH"));
}

TEST_CASE("unexpected replies name the step: 4xx retryable, 5xx permanent") {
  struct Case {
    std::size_t index;  // which reply of happy_server() to replace
    std::string reply;
    std::string error;
    bool retryable;
  };
  const std::vector<Case> cases = {
      {0, "554 no service\r\n", "SMTP greeting: the server replied 554 no service", false},
      {0, "421 busy\r\n", "SMTP greeting: the server replied 421 busy", true},
      {2, "454 TLS not available\r\n", "SMTP STARTTLS: the server replied 454 TLS not available",
       true},
      {4, "535 5.7.8 bad credentials\r\n",
       "SMTP AUTH: the server replied 535 5.7.8 bad credentials", false},
      {5, "451 try later\r\n", "SMTP MAIL FROM: the server replied 451 try later", true},
      {6, "550 5.1.1 no such user\r\n", "SMTP RCPT TO: the server replied 550 5.1.1 no such user",
       false},
      {8, "554 no valid recipients\r\n", "SMTP DATA: the server replied 554 no valid recipients",
       false},
      {9, "452 mailbox full\r\n", "SMTP message: the server replied 452 mailbox full", true},
  };
  for (const auto& c : cases) {
    INFO(c.error);
    auto server = happy_server();
    server[c.index] = c.reply;
    SmtpFsm fsm(job());
    auto t = converse(fsm, server);
    REQUIRE(t.last.kind == Kind::fail);
    CHECK(t.last.error == c.error);
    CHECK(t.last.retryable == c.retryable);
    CHECK_FALSE(fsm.accepted());
    // The password never appears in an error, in clear or in base64.
    CHECK(t.last.error.find("correct horse") == std::string::npos);
    CHECK(t.last.error.find(base64(std::string("\0hallmonitor\0correct horse battery", 34))) ==
          std::string::npos);
  }
}

TEST_CASE("data after the STARTTLS reply is refused (command injection)") {
  SmtpFsm fsm(job());
  auto t = converse(fsm, {kGreeting, kEhloClear, "220 go\r\n250 injected\r\n"});
  REQUIRE(t.last.kind == Kind::fail);
  CHECK(t.last.error.find("after its STARTTLS reply") != std::string::npos);
  CHECK_FALSE(wrote(t, "<TLS>"));
}

TEST_CASE("network errors: retryable and named; after acceptance a lost QUIT is fine") {
  SmtpFsm early(job());
  auto server = happy_server();
  server.resize(8);  // the connection drops before the 354
  auto t = converse(early, server);
  REQUIRE(t.last.kind == Kind::fail);
  CHECK(t.last.retryable);
  CHECK(t.last.error == "SMTP DATA: connection closed by the test server");

  SmtpFsm late(job());
  server = happy_server();
  server.pop_back();  // no 221
  auto t2 = converse(late, server);
  CHECK(t2.last.kind == Kind::done);
  CHECK(late.accepted());
}

TEST_CASE("malformed replies and hostile addresses fail cleanly") {
  SmtpFsm garbage(job());
  auto t = converse(garbage, {"hello there\r\n"});
  REQUIRE(t.last.kind == Kind::fail);
  CHECK(t.last.error.find("malformed reply") != std::string::npos);

  SmtpFsm endless(job());
  auto t2 = converse(endless, {std::string(5000, 'x')});
  REQUIRE(t2.last.kind == Kind::fail);
  CHECK(t2.last.error.find("line too long") != std::string::npos);

  auto j = job();
  j.recipients = {"dsl@school.example>\r\nRCPT TO:<spy@evil.example"};
  SmtpFsm hostile(j);
  auto t3 = converse(hostile, happy_server());
  REQUIRE(t3.last.kind == Kind::fail);
  CHECK_FALSE(t3.last.retryable);
  CHECK_FALSE(wrote(t3, "RCPT"));

  auto none = job();
  none.recipients.clear();
  SmtpFsm nobody(none);
  CHECK(nobody.start().kind == Kind::fail);
}

TEST_CASE("dot-stuffing and line endings") {
  CHECK(dot_stuffed("a\r\n.b\r\n") == "a\r\n..b\r\n.\r\n");
  CHECK(dot_stuffed("no final newline") == "no final newline\r\n.\r\n");
  // Bare LF or CR line endings become CRLF, so "\n.\n" cannot end the message early (SMTP
  // smuggling) on servers that read bare LF as a line end.
  CHECK(dot_stuffed("x\n.\nMAIL FROM:<a@b>\r") == "x\r\n..\r\nMAIL FROM:<a@b>\r\n.\r\n");
  CHECK(dot_stuffed("") == ".\r\n");
}

TEST_CASE("the reply parser: multi-line replies, extensions, errors") {
  SmtpReplyParser p;
  p.feed("250-mx.example greets you\r\n250-starttls\r\n250-AUTH=PLAIN\r\n250-AUTH login Plain\r\n");
  SmtpReply r;
  std::string error;
  CHECK(p.next(r, error) == SmtpReplyParser::Status::need_more);
  p.feed("250 SIZE\r\n354");
  REQUIRE(p.next(r, error) == SmtpReplyParser::Status::reply);
  CHECK(r.code == 250);
  CHECK(r.lines.size() == 5);
  CHECK(r.lines[0] == "mx.example greets you");
  CHECK(r.has_extension("STARTTLS"));
  CHECK(r.has_extension("size"));
  CHECK_FALSE(r.has_extension("mx.example"));  // the first line is the greeting, not a keyword
  CHECK(r.has_auth_mechanism("PLAIN"));
  CHECK_FALSE(r.has_auth_mechanism("CRAM-MD5"));
  CHECK(p.buffered() == 3);
  CHECK(p.next(r, error) == SmtpReplyParser::Status::need_more);
  p.feed("\r\n");
  REQUIRE(p.next(r, error) == SmtpReplyParser::Status::reply);
  CHECK(r.code == 354);
  CHECK(r.lines == std::vector<std::string>{""});

  SmtpReplyParser mixed;
  mixed.feed("250-a\r\n251 b\r\n");
  CHECK(mixed.next(r, error) == SmtpReplyParser::Status::error);
  CHECK(error.find("codes differ") != std::string::npos);

  SmtpReply summary{550, {std::string("no\x01 such\ruser") + std::string(300, 'x')}};
  CHECK(summary.summary().rfind("550 no such", 0) == 0);
  CHECK(summary.summary().size() == 160);
}
