// The safeguarding alert outbox: written with the verdict (exists iff the verdict committed),
// once per comment, due at once; delivery outcomes, retries with backoff, giving up, audit rows.
#include <doctest/doctest.h>

#include <stdexcept>

#include "store/store.hpp"
#include "store_fixture.hpp"

using namespace hm;
using namespace hm::test;
using store::AlertState;
using store::AlertTransport;

namespace {

const char* kText = "Which of these girls has snapchat? add me x";

std::int64_t comment_id_of(StoreFixture& f, const std::string& platform_id) {
  auto s = f.store->connection().prepare("SELECT id FROM comments WHERE platform_comment_id = ?");
  s.bind(1, platform_id);
  REQUIRE(s.step());
  return s.int64(0);
}

std::vector<store::AuditRow> audit_rows(StoreFixture& f, std::int64_t comment_id) {
  return store::audit_rows_for_subjects(f.store->connection(),
                                        {"comment:" + std::to_string(comment_id)});
}

int count_events(const std::vector<store::AuditRow>& rows, const std::string& event) {
  int n = 0;
  for (const auto& r : rows) n += r.event == event;
  return n;
}

}  // namespace

TEST_CASE("a safeguarding verdict queues one alert, due at once; other verdicts queue none") {
  StoreFixture f;
  auto sg = f.post(StoreFixture::comment("c1", "a1", kText),
                   verdict_of({Category::safeguarding, Category::personal_data}));
  CHECK(sg.alert_queued);
  CHECK_FALSE(f.post(StoreFixture::comment("c2", "a2", "f*ck this"), verdict_of({Category::abuse}))
                  .alert_queued);
  CHECK_FALSE(f.post(StoreFixture::comment("c3", "a3", "lovely"), Verdict{}).alert_queued);
  CHECK(f.count("safeguarding_alerts") == 1);

  auto due = f.store->due_alerts(kT0, 10);
  REQUIRE(due.size() == 1);
  CHECK(due[0].comment_id == comment_id_of(f, "c1"));
  CHECK(due[0].school_id == "jh");
  CHECK(due[0].channel_id == "jh-facebook");
  CHECK(due[0].platform == Platform::facebook);
  CHECK(due[0].categories == std::vector<std::string>{"personal_data", "safeguarding"});
  CHECK(due[0].created_at == kT0);
  CHECK(due[0].attempts == 0);
  CHECK_FALSE(due[0].webhook_sent);
  CHECK_FALSE(due[0].email_sent);
  CHECK_FALSE(due[0].urgent);
  CHECK(f.store->next_alert_due() == kT0);
}

TEST_CASE("an alert for a risk-to-life verdict is due as urgent") {
  StoreFixture f;
  auto v = verdict_of({Category::safeguarding});
  v.urgency = filters::Urgency::risk_to_life;
  REQUIRE(f.post(StoreFixture::comment("c1", "a1", kText), v).alert_queued);
  REQUIRE(f.post(StoreFixture::comment("c2", "a2", kText), verdict_of({Category::safeguarding}))
              .alert_queued);
  auto due = f.store->due_alerts(kT0, 10);
  REQUIRE(due.size() == 2);
  for (const auto& a : due) CHECK(a.urgent == (a.comment_id == comment_id_of(f, "c1")));
}

TEST_CASE("an edit flagged again and a replayed verdict do not alert twice") {
  StoreFixture f;
  auto c = StoreFixture::comment("c1", "a1", kText);
  auto first = f.ingest(c);
  CHECK(f.classify(first.version_id, verdict_of({Category::safeguarding})).alert_queued);
  // The same version again (a replay after a crash): nothing new.
  CHECK_FALSE(f.classify(first.version_id, verdict_of({Category::safeguarding})).alert_queued);
  c.text += " pls";
  auto edit = f.ingest(c, kT0 + std::chrono::seconds(60));
  REQUIRE(edit.needs_classification);
  auto again = f.classify(edit.version_id, verdict_of({Category::safeguarding}));
  CHECK(again.verdict_id != 0);
  CHECK_FALSE(again.alert_queued);
  CHECK(f.count("safeguarding_alerts") == 1);
}

TEST_CASE("the alert row exists iff the verdict committed") {
  StoreFixture f;
  std::vector<Comment> batch{StoreFixture::comment("c1", "a1", kText),
                             StoreFixture::comment("c2", "a2", "two")};
  SUBCASE("a poll that fails after classifying the safeguarding comment writes neither") {
    int calls = 0;
    CHECK_THROWS_AS(f.poll(
                        batch,
                        [&](const Comment&) {
                          if (++calls == 2) throw std::runtime_error("classifier failed");
                          return verdict_of({Category::safeguarding});
                        },
                        "cursor-1"),
                    std::runtime_error);
    CHECK(f.count("verdicts") == 0);
    CHECK(f.count("safeguarding_alerts") == 0);
  }
  SUBCASE("a transaction rolled back after the verdict is recorded takes the alert with it") {
    auto r = f.ingest(batch[0]);
    {
      store::WriteTransaction outer(f.store->connection());
      CHECK(f.classify(r.version_id, verdict_of({Category::safeguarding})).alert_queued);
      CHECK(f.count("safeguarding_alerts") == 1);  // visible inside the transaction only
    }  // no commit: rolled back, as a crash before COMMIT would
    CHECK(f.count("verdicts") == 0);
    CHECK(f.count("safeguarding_alerts") == 0);
    CHECK(f.store->due_alerts(kT0, 10).empty());
  }
  SUBCASE("a committed poll has both, and they survive reopening the database") {
    auto result = f.poll(
        batch,
        [&](const Comment& c) {
          return c.text == kText ? verdict_of({Category::safeguarding}) : Verdict{};
        },
        "cursor-1");
    CHECK(result.at(0).alert_queued);
    CHECK_FALSE(result.at(1).alert_queued);
    f.store.reset();
    f.store.emplace(f.db);
    CHECK(f.count("verdicts") == 1);  // the clean one is a mark on its version
    CHECK(f.count("comment_versions WHERE clean = 1") == 1);
    CHECK(f.count("safeguarding_alerts") == 1);
    CHECK(f.store->due_alerts(kT0, 10).size() == 1);
  }
}

TEST_CASE("delivery by every transport marks the alert sent, with an audit row and no text") {
  StoreFixture f;
  f.post(StoreFixture::comment("c1", "a1", kText), verdict_of({Category::safeguarding}));
  const auto id = comment_id_of(f, "c1");
  auto alert = f.store->due_alerts(kT0, 10).at(0);
  f.store->mark_alert_transport_sent(alert.id, AlertTransport::webhook, kT0);
  auto again = f.store->due_alerts(kT0, 10).at(0);
  CHECK(again.webhook_sent);  // a crash here: the next round skips the webhook
  CHECK_FALSE(again.email_sent);
  f.store->mark_alert_transport_sent(alert.id, AlertTransport::email, kT0);
  f.store->mark_alert_sent(alert.id, kT0 + std::chrono::seconds(2));
  CHECK(f.store->due_alerts(kT0 + std::chrono::hours(1), 10).empty());
  CHECK_FALSE(f.store->next_alert_due());
  auto row = f.store->alert_for_comment(id);
  REQUIRE(row);
  CHECK(row->state == AlertState::sent);
  CHECK(row->sent_at == kT0 + std::chrono::seconds(2));
  CHECK(row->webhook_sent_at == kT0);
  CHECK(row->email_sent_at == kT0);

  auto rows = audit_rows(f, id);
  REQUIRE(count_events(rows, "alert.sent") == 1);
  for (const auto& r : rows) {
    if (r.event != "alert.sent") continue;
    auto detail = nlohmann::json::parse(r.detail);
    CHECK(detail.at("transports") == nlohmann::json::array({"webhook", "email"}));
    CHECK(detail.at("school") == "jh");
  }
  for (const auto& r : rows) {
    CHECK(r.detail.find("snapchat") == std::string::npos);
    CHECK(r.detail.find("Name of a1") == std::string::npos);
  }
  CHECK(f.store->verify_audit().ok);
  // Marking it sent twice changes nothing.
  f.store->mark_alert_sent(alert.id, kT0 + std::chrono::seconds(5));
  CHECK(count_events(audit_rows(f, id), "alert.sent") == 1);
}

TEST_CASE("failed rounds back off and give up after max attempts; permanent fails at once") {
  StoreFixture f;
  f.post(StoreFixture::comment("c1", "a1", kText), verdict_of({Category::safeguarding}));
  f.post(StoreFixture::comment("c2", "a2", kText), verdict_of({Category::safeguarding}));
  const auto first = f.store->alert_for_comment(comment_id_of(f, "c1"))->id;
  const auto second = f.store->alert_for_comment(comment_id_of(f, "c2"))->id;

  store::AlertRetryPolicy policy;
  auto now = kT0;
  for (int attempt = 1; attempt < policy.max_attempts; ++attempt) {
    REQUIRE(f.store->record_alert_failure(first, {"webhook: HTTP 500", false, 0.0}, now) ==
            AlertState::pending);
    const auto wait = store::alert_retry_delay(policy, attempt, 0.0);
    auto row = f.store->alert_for_comment(comment_id_of(f, "c1"));
    CHECK(row->attempts == attempt);
    CHECK(row->next_attempt_at == now + wait);
    CHECK(row->last_error == "webhook: HTTP 500");
    // Not due a second early; due on time.
    for (const auto& a : f.store->due_alerts(now + wait - std::chrono::seconds(1), 10))
      CHECK(a.id != first);
    bool due = false;
    for (const auto& a : f.store->due_alerts(now + wait, 10)) due = due || a.id == first;
    CHECK(due);
    now += wait;
  }
  CHECK(f.store->record_alert_failure(first, {"webhook: HTTP 500", false, 0.0}, now) ==
        AlertState::failed);
  CHECK(f.store->alert_for_comment(comment_id_of(f, "c1"))->attempts == policy.max_attempts);

  CHECK(f.store->record_alert_failure(second, {"no transport configured", true, 0.0}, kT0) ==
        AlertState::failed);
  auto row = f.store->alert_for_comment(comment_id_of(f, "c2"));
  CHECK(row->state == AlertState::failed);
  CHECK(row->last_error == "no transport configured");
  CHECK(count_events(audit_rows(f, comment_id_of(f, "c2")), "alert.failed") == 1);
  CHECK(count_events(audit_rows(f, comment_id_of(f, "c1")), "alert.failed") == 1);
  CHECK(f.store->due_alerts(now + std::chrono::hours(48), 10).empty());
  CHECK(f.store->verify_audit().ok);
}

TEST_CASE("the retry schedule: about 10 s first, tripling to 8 h, 10 rounds in 13-18 hours") {
  store::AlertRetryPolicy p;
  CHECK(store::alert_retry_delay(p, 1, 0.999) == std::chrono::seconds(9));  // 10 s * 0.99975
  CHECK(store::alert_retry_delay(p, 1, 0.0) == std::chrono::seconds(7));    // 10 s * 0.75
  CHECK(store::alert_retry_delay(p, 2, 0.9999) >= std::chrono::seconds(29));
  CHECK(store::alert_retry_delay(p, 9, 0.9999) >= std::chrono::seconds(28790));
  CHECK(store::alert_retry_delay(p, 50, 0.9999) <= std::chrono::seconds(8 * 3600));
  std::chrono::seconds low{0}, high{0};
  for (int a = 1; a < p.max_attempts; ++a) {
    low += store::alert_retry_delay(p, a, 0.0);
    high += store::alert_retry_delay(p, a, 0.9999);
  }
  CHECK(low >= std::chrono::hours(12));
  CHECK(high <= std::chrono::hours(18));
}
