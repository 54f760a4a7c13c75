#include "store/evidence.hpp"

#include <doctest/doctest.h>
#include <openssl/evp.h>

#include "store/evidence_html.hpp"
#include "store/sha256.hpp"
#include "store_fixture.hpp"

using namespace hm;
using namespace hm::test;
namespace event = moderation::event;

TEST_CASE("html_escape escapes every character that matters in HTML") {
  CHECK(store::html_escape("<a href=\"x\">'&'</a>") ==
        "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST_CASE("html_escape shows bidirectional-text controls as visible marks, never raw") {
  // "Trojan Source": U+202E makes "evil\u202Etxt.exe" read as "evilexe.txt".
  const std::string hostile =
      "pay \u202Eredlof\u202C now \u2066x\u2069 \u200E\u200F \u202A\u202B\u202D";
  const std::string shown = store::html_escape(hostile);
  CHECK(shown ==
        "pay [U+202E]redlof[U+202C] now [U+2066]x[U+2069] [U+200E][U+200F] "
        "[U+202A][U+202B][U+202D]");
  for (const char* raw : {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067",
                          "\u2068", "\u2069", "\u200E", "\u200F"})
    CHECK(store::html_escape(std::string("a") + raw + "b").find(raw) == std::string::npos);
  // Neighbours are left alone: U+2028 (line separator), U+2060 (word joiner), an em dash.
  CHECK(store::html_escape("\u2028\u2060\u2014\xe2") == "\u2028\u2060\u2014\xe2");
}

TEST_CASE("the evidence page carries its own CSP allowing only its style element, by hash") {
  const std::string html = store::render_evidence_html(nlohmann::ordered_json::object());
  const auto open = html.find("<style>") + 7;
  const auto close = html.find("</style>");
  REQUIRE(close != std::string::npos);
  const std::string style = html.substr(open, close - open);
  unsigned char digest[32];
  unsigned int length = 0;
  REQUIRE(EVP_Digest(style.data(), style.size(), digest, &length, EVP_sha256(), nullptr) == 1);
  unsigned char encoded[64];
  EVP_EncodeBlock(encoded, digest, int(length));
  const std::string hash = "'sha256-" + std::string(reinterpret_cast<char*>(encoded)) + "'";
  CHECK(store::evidence_html_csp().starts_with("default-src 'none'; style-src " + hash));
  CHECK(html.find("<meta http-equiv=\"Content-Security-Policy\" content=\"" +
                  store::evidence_html_csp() + "\">") < html.find("<style>"));
  CHECK(html.find("style=") == std::string::npos);  // no style attribute: a hash cannot allow one
  CHECK(html.find("<script") == std::string::npos);
}

TEST_CASE("iso8601 formats UTC") {
  CHECK(store::iso8601(0) == "1970-01-01T00:00:00Z");
}

TEST_CASE("a comment's bundle holds text, times, permalink, verdict, actions, audit and proof") {
  StoreFixture f;
  const std::string hostile = "<script>alert('x')</script> you are <b>awful</b>";
  auto r = f.post(StoreFixture::comment("c1", "a1", hostile), verdict_of({Category::abuse}));
  REQUIRE(f.store->transition(r.action_ids[0], event::Start{kT0}, "executor", "", kT0));
  REQUIRE(f.store->transition(r.action_ids[0], event::Succeeded{}, "executor", "", kT0));
  f.post(StoreFixture::comment("c2", "a2", "unrelated"), Verdict{});

  store::Connection reader = store::open_reader(f.db);
  store::EvidenceQuery q;
  q.platform_comment_id = "c1";
  auto bundle = store::collect_evidence(reader, q, kT0);
  REQUIRE(bundle["comments"].size() == 1);
  const auto& c = bundle["comments"][0];
  CHECK(c["platform"] == "facebook");
  CHECK(c["author_id"] == "a1");
  CHECK(c["permalink"].get<std::string>().find("comment_id=c1") != std::string::npos);
  CHECK(c["created_at"] == store::iso8601(kT0.time_since_epoch().count()));
  CHECK(c["versions"][0]["text"] == hostile);
  CHECK(c["versions"][0]["verdict"]["categories"][0] == "abuse");
  REQUIRE(c["actions"].size() == 2);
  CHECK(c["actions"][0]["transitions"].size() == 3);

  // Audit rows about this comment and its actions, each with its hashes.
  const auto& audit = bundle["audit"];
  CHECK(audit.size() >= 5);  // flagged, strike, 2 × created, 2 × transition
  for (const auto& row : audit) {
    CHECK(row["hash"].get<std::string>().size() == 64);
    CHECK(row["prev_hash"].get<std::string>().size() == 64);
    CHECK(store::sha256_hex({row["prev_hash"].get<std::string>(),
                             row["canonical"].get<std::string>()}) == row["hash"]);
    const std::string subject = row["subject"];
    CHECK((subject.rfind("comment:", 0) == 0 || subject.rfind("action:", 0) == 0));
  }
  CHECK(bundle["chain"]["verified"] == true);
  CHECK(bundle["chain"]["head"]["hash"].get<std::string>().size() == 64);

  const std::string html = store::render_evidence_html(bundle);
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("Chain verified") != std::string::npos);
  CHECK(html.find(bundle["chain"]["head"]["hash"].get<std::string>()) != std::string::npos);
}

TEST_CASE("an author's bundle holds all their comments and strikes") {
  StoreFixture f;
  f.post(StoreFixture::comment("c1", "a1", "one"), verdict_of({Category::spam}));
  f.post(StoreFixture::comment("c2", "a1", "two"), verdict_of({Category::spam}));
  f.post(StoreFixture::comment("c3", "a2", "three"), verdict_of({Category::spam}));
  store::Connection reader = store::open_reader(f.db);
  store::EvidenceQuery q;
  q.author_id = "a1";
  auto bundle = store::collect_evidence(reader, q, kT0);
  CHECK(bundle["comments"].size() == 2);
  CHECK(bundle["strikes"].size() == 2);
  q.platform = Platform::x;
  CHECK(store::collect_evidence(reader, q, kT0)["comments"].empty());
}
