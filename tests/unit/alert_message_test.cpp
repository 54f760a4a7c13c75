// Safeguarding alert messages: the webhook JSON and the e-mail carry the facts and the console
// link, never the comment's text or author, even when those hold link-like or header-like
// strings; config values cannot add headers; the MIME pieces are well-formed.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "daemon/alerts/alert_message.hpp"
#include "daemon/alerts/mime.hpp"
#include "store_fixture.hpp"

using namespace hm;
using namespace hm::daemon::alerts;
using hm::test::kT0;

namespace {

AlertFacts sample_facts() {
  AlertFacts f;
  f.alert_id = 7;
  f.comment_id = 42;
  f.school_id = "joseph-hood";
  f.school_name = "Joseph Hood Primary School";
  f.platform = moderation::Platform::instagram;
  f.channel_id = "jh-instagram";
  f.categories = {"personal_data", "safeguarding"};
  f.written_at = kT0 - std::chrono::minutes(3);
  f.flagged_at = kT0;
  f.console_url = "https://hallmonitor.school.example";
  return f;
}

EmailEnvelope sample_envelope() {
  return {"hallmonitor@school.example",
          {"dsl@school.example", "deputy@school.example"},
          "hallmonitor.alert.7.00000000deadbeef@school.example",
          kT0};
}

// The header block of a message (up to the blank line), one entry per logical header.
std::vector<std::string> headers_of(const std::string& message) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  for (;;) {
    auto eol = message.find("\r\n", pos);
    REQUIRE(eol != std::string::npos);
    std::string line = message.substr(pos, eol - pos);
    pos = eol + 2;
    if (line.empty()) break;
    if ((line[0] == ' ' || line[0] == '\t') && !out.empty())
      out.back() += line;  // a folded continuation
    else
      out.push_back(line);
  }
  return out;
}

bool only_crlf(const std::string& s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) return false;
    if (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n')) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("the console link") {
  CHECK(console_link("https://hm.example", 42) == "https://hm.example/#/comment/42");
  store::DueAlert a;
  a.comment_id = 9;
  CHECK(facts_of(a, "S", "http://127.0.0.1:8088/").console_url == "http://127.0.0.1:8088");
  CHECK(facts_of(a, "", "x").school_name == a.school_id);
}

TEST_CASE("the webhook body is {\"text\": ...} with the facts and the link") {
  const auto body = nlohmann::json::parse(webhook_body(sample_facts()));
  REQUIRE(body.is_object());
  CHECK(body.size() == 1);
  const std::string text = body.at("text");
  CHECK(text.rfind("Safeguarding alert: Joseph Hood Primary School\n", 0) == 0);
  CHECK(text.find("Instagram, channel jh-instagram") != std::string::npos);
  CHECK(text.find("Categories: personal_data, safeguarding") != std::string::npos);
  CHECK(text.find("Written: 2027-01-15 07:57 UTC") != std::string::npos);
  CHECK(text.find("Flagged: 2027-01-15 08:00 UTC") != std::string::npos);
  CHECK(text.find("https://hallmonitor.school.example/#/comment/42") != std::string::npos);

  auto f = sample_facts();
  f.school_name = "St John & St Mary <!channel>";
  const std::string escaped = nlohmann::json::parse(webhook_body(f)).at("text");
  CHECK(escaped.find("St John &amp; St Mary &lt;!channel&gt;") != std::string::npos);
  CHECK(escaped.find("<!channel>") == std::string::npos);  // no @channel mention
}

TEST_CASE("an urgent (risk to life) alert says so in its subject and its first lines") {
  auto f = sample_facts();
  f.urgent = true;
  const auto h = headers_of(email_message(f, sample_envelope()));
  REQUIRE(h.size() == 9);
  CHECK(h[2] == "Subject: URGENT (risk to life) safeguarding alert: Joseph Hood Primary School");
  const std::string text = nlohmann::json::parse(webhook_body(f)).at("text");
  CHECK(text.rfind("URGENT (risk to life) safeguarding alert: Joseph Hood Primary School\n", 0) ==
        0);
  CHECK(text.find("risk to someone's life: please look now") != std::string::npos);
  f.urgent = false;
  CHECK(summary_lines(f)[0] == "Safeguarding alert: Joseph Hood Primary School");
}

TEST_CASE("the e-mail: RFC 5322 headers, CRLF, quoted-printable UTF-8 body") {
  const std::string m = email_message(sample_facts(), sample_envelope());
  CHECK(only_crlf(m));
  const auto h = headers_of(m);
  REQUIRE(h.size() == 9);
  CHECK(h[0] == "From: hallmonitor <hallmonitor@school.example>");
  CHECK(h[1] == "To: dsl@school.example, deputy@school.example");
  CHECK(h[2] == "Subject: Safeguarding alert: Joseph Hood Primary School");
  CHECK(h[3] == "Date: Fri, 15 Jan 2027 08:00:00 +0000");
  CHECK(h[4] == "Message-ID: <hallmonitor.alert.7.00000000deadbeef@school.example>");
  CHECK(h[5] == "MIME-Version: 1.0");
  CHECK(h[6] == "Content-Type: text/plain; charset=utf-8");
  CHECK(h[7] == "Content-Transfer-Encoding: quoted-printable");
  CHECK(h[8] == "Auto-Submitted: auto-generated");
  const std::string body = m.substr(m.find("\r\n\r\n") + 4);
  CHECK(body.find("https://hallmonitor.school.example/#/comment/42") != std::string::npos);
  CHECK(body.find("Categories: personal_data, safeguarding") != std::string::npos);
  for (std::size_t pos = 0, eol; (eol = m.find("\r\n", pos)) != std::string::npos; pos = eol + 2)
    CHECK(eol - pos <= 78);  // RFC 5322 §2.1.1
}

TEST_CASE("a school name cannot add headers, and non-ASCII names are encoded words") {
  auto f = sample_facts();
  f.school_name = "Ysgol Gymraeg Bro Ŵyr\r\nBcc: everyone@example.com";
  const std::string m = email_message(f, sample_envelope());
  CHECK(only_crlf(m));
  for (const auto& header : headers_of(m)) CHECK(header.rfind("Bcc:", 0) != 0);
  const auto h = headers_of(m);
  CHECK(h[2].rfind("Subject: =?utf-8?B?", 0) == 0);
  // The body's lines come out as one line each: the name's line break became a space.
  CHECK(m.find("\r\nBcc:") == std::string::npos);
}

TEST_CASE("neither message holds the comment's text or author, whatever they contain") {
  // The path the daemon takes: a stored comment with hostile text and author name, a
  // safeguarding verdict, the outbox row, the facts, the messages.
  hm::test::StoreFixture f;
  const std::string text =
      "meet me after school https://evil.example/#/comment/1 \r\nBcc: pupil@evil.example\r\n"
      "\r\n.\r\nMAIL FROM:<groomer@evil.example> {\"text\":\"injected\"}";
  auto c = hm::test::StoreFixture::comment("c1", "a1", text);
  c.author_name = "Subject: pwned\r\nTo: everyone@evil.example";
  f.post(c, hm::test::verdict_of({filters::Category::safeguarding}));
  auto due = f.store->due_alerts(kT0, 10);
  REQUIRE(due.size() == 1);
  const auto facts = facts_of(due[0], "Joseph Hood Primary School", "https://hm.example");
  const std::string hook = webhook_body(facts);
  const std::string hook_text = nlohmann::json::parse(hook).at("text");
  const std::string mail = email_message(facts, sample_envelope());
  for (const std::string& out : {hook, hook_text, mail}) {
    for (const char* needle : {"meet me", "evil.example", "pupil@", "groomer", "injected", "pwned",
                               "Name of a1", "a1", "MAIL FROM", "facebook.com"}) {
      INFO(needle);
      CHECK(out.find(needle) == std::string::npos);
    }
  }
  const std::string link = "https://hm.example/#/comment/" + std::to_string(due[0].comment_id);
  CHECK(hook_text.find(link) != std::string::npos);
  CHECK(mail.find(link) != std::string::npos);
  CHECK(headers_of(mail).size() == 9);
}

TEST_CASE("message ids") {
  CHECK(message_id(7, "hm@school.example", 0xdeadbeef) ==
        "hallmonitor.alert.7.00000000deadbeef@school.example");
  CHECK(message_id(7, "nobody", 1).ends_with("@hallmonitor.invalid"));
}

TEST_CASE("MIME pieces") {
  // RFC 4648 §10.
  CHECK(base64("") == "");
  CHECK(base64("f") == "Zg==");
  CHECK(base64("fo") == "Zm8=");
  CHECK(base64("foo") == "Zm9v");
  CHECK(base64("foobar") == "Zm9vYmFy");
  CHECK(base64(std::string("\0user\0pass", 10)) == "AHVzZXIAcGFzcw==");

  CHECK(quoted_printable("a=b\n") == "a=3Db\r\n");
  CHECK(quoted_printable("caf\xc3\xa9") == "caf=C3=A9");
  CHECK(quoted_printable("trailing \n") == "trailing=20\r\n");
  const std::string long_line(200, 'x');
  const std::string qp = quoted_printable(long_line);
  for (std::size_t pos = 0, eol; pos < qp.size(); pos = eol + 2) {
    eol = qp.find("\r\n", pos);
    if (eol == std::string::npos) eol = qp.size();
    CHECK(eol - pos <= 76);
  }

  CHECK(encoded_word("plain") == "plain");
  CHECK(encoded_word("Ŵ") == "=?utf-8?B?xbQ=?=");
  const std::string many = encoded_word(std::string(40, 'a') + "\xc5\xb4" + std::string(40, 'b'));
  CHECK(many.find("\r\n ") != std::string::npos);  // split into words of at most 75 characters

  CHECK(rfc5322_date(kT0) == "Fri, 15 Jan 2027 08:00:00 +0000");
  CHECK(readable_time(kT0) == "2027-01-15 08:00 UTC");
  CHECK(one_line("  a\r\n\tb  c ") == "a b c");
  CHECK(one_line("\xc5\xb4\xc5\xb4", 3) == "\xc5\xb4");  // never cuts a character in half
}
