// The JSON API's latency over a busy database: the queue page a moderator loads, one comment's
// details, an approval, and a sign-in (Argon2id), each through ConsoleApi::handle exactly as the
// listener calls it (no sockets, so the figures are the daemon's own work per request).
//
// usage: console_bench [ACTIONS]   (default 100000 flagged comments, two actions each)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "console/console_api.hpp"
#include "daemon/judge_version.hpp"
#include "moderation/policy.hpp"
#include "store/store.hpp"
#include "tests/support/deleting_policy.hpp"

using namespace hm;
namespace fs = std::filesystem;
namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

namespace {

moderation::Time now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

// Median and 99th percentile of `runs` timings of `f`, in milliseconds.
void measure(const char* what, int runs, const std::function<void()>& f) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto t0 = Clock::now();
    f();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%-44s p50 %8.3f ms   p99 %8.3f ms   (%d runs)\n", what, ms[ms.size() / 2],
              ms[std::min(ms.size() - 1, ms.size() * 99 / 100)], runs);
}

}  // namespace

int main(int argc, char** argv) {
  const int comments = argc > 1 ? std::stoi(argv[1]) : 100000;
  const fs::path dir =
      fs::temp_directory_path() / ("hm-console-bench-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    store::Store db(dir / "hallmonitor.db");
    for (const char* school : {"jh", "oak", "elm"}) {
      db.upsert_school(school, school);
      db.upsert_channel(
          {std::string(school) + "-facebook", school, moderation::Platform::facebook, "1"});
    }
    // Deletions proposed, as the default was before issue 12, so the figures stay comparable.
    const auto policy = hm::test::deleting_policy("Please contact the office.");
    auto t0 = Clock::now();
    std::vector<moderation::Comment> batch;
    for (int i = 0; i < comments; ++i) {
      moderation::Comment c;
      // One poll page of 500 per channel in turn, as the daemon commits them.
      const int page = i / 500;
      c.channel_id = page % 3 == 0   ? "jh-facebook"
                     : page % 3 == 1 ? "oak-facebook"
                                     : "elm-facebook";
      c.platform_comment_id = "p_" + std::to_string(i);
      c.author_id = std::to_string(i % 7919);
      c.author_name = "Parent " + c.author_id;
      c.text = "comment number " + std::to_string(i) + " with an insult in it, idiot";
      c.permalink = "https://www.facebook.com/1/posts/2?comment_id=" + std::to_string(i);
      c.created_at = now();
      batch.push_back(std::move(c));
      if (batch.size() == 500 || i + 1 == comments) {
        auto tx = db.begin_write();  // one transaction per batch, as a poll
        auto ingested = db.ingest(batch, now());
        for (std::size_t k = 0; k < batch.size(); ++k) {
          const auto& text = batch[k].text;
          filters::Verdict v;
          v.categories.insert(filters::Category::abuse);
          v.matches.push_back(
              {"insult", filters::Category::abuse, 2, text.size() - 5, text.size()});
          hm::daemon::judge_version(db, ingested[k].version_id, v, policy, now());
        }
        tx.commit();
        batch.clear();
      }
    }
    std::printf("database: %d flagged comments, %.1f s to build, %.1f MB\n", comments,
                std::chrono::duration<double>(Clock::now() - t0).count(),
                double(fs::file_size(dir / "hallmonitor.db")) / 1e6);

    store::Accounts accounts(db.connection());
    auto password = std::string("a long benchmark passphrase");
    (void)accounts.add_user("mod", password, {{store::Role::moderator, "jh"}}, "bench", now());
    (void)accounts.add_user("admin", password, {{store::Role::admin, "*"}}, "bench", now());
    const std::string mod_token = accounts.create_token("mod", "bench", "bench", now())->second;
    const std::string admin_token = accounts.create_token("admin", "bench", "bench", now())->second;

    console::ConsoleApi api(db, {{"jh", "jh", {}}, {"oak", "oak", {}}, {"elm", "elm", {}}}, {}, {});
    auto call = [&](http::verb m, const std::string& target, const std::string& token,
                    const std::string& body = "") {
      console::HttpRequest r{m, target, 11};
      r.set(http::field::authorization, "Bearer " + token);
      if (!body.empty()) r.set(http::field::content_type, "application/json");
      r.body() = body;
      auto res = api.handle(r, {"127.0.0.1", false}, now());
      if (res.result_int() >= 400)
        std::printf("unexpected %u for %s\n", res.result_int(), target.c_str());
      return res;
    };
    measure("GET actions?state=proposed (admin, 100)", 200,
            [&] { call(http::verb::get, "/api/v1/actions?state=proposed", admin_token); });
    measure("GET actions?state=proposed (one school)", 200,
            [&] { call(http::verb::get, "/api/v1/actions?state=proposed", mod_token); });
    measure("GET actions?category=abuse&school=oak", 100, [&] {
      call(http::verb::get, "/api/v1/actions?category=abuse&school=oak", admin_token);
    });
    measure("GET actions, page 100 deep (before=)", 100, [&] {
      call(http::verb::get, "/api/v1/actions?limit=100&before=" + std::to_string(comments),
           admin_token);
    });
    measure("GET comments/{id}", 500, [&] {
      call(http::verb::get, "/api/v1/comments/" + std::to_string(1 + std::rand() % comments),
           admin_token);
    });
    // Items (issue 12): every comment is an item needing its proposed deletion.
    measure("GET items?view=needs&limit=100 (one school)", 20,
            [&] { call(http::verb::get, "/api/v1/items?view=needs&limit=100", mod_token); });
    measure("GET items/summary (cached: nothing changed)", 200,
            [&] { call(http::verb::get, "/api/v1/items/summary", admin_token); });
    measure("GET items/{id}", 500, [&] {
      call(http::verb::get, "/api/v1/items/" + std::to_string(1 + std::rand() % comments),
           admin_token);
    });
    int item = 1;
    measure("POST items/{id}/decide keep_hidden", 200, [&] {
      call(http::verb::post, "/api/v1/items/" + std::to_string(item) + "/decide", admin_token,
           R"({"decision":"keep_hidden"})");
      item += 1;
    });
    measure("GET items/summary (after a change)", 20, [&] {
      call(http::verb::post, "/api/v1/items/" + std::to_string(item++) + "/decide", admin_token,
           R"({"decision":"keep_hidden"})");
      call(http::verb::get, "/api/v1/items/summary", admin_token);
    });
    measure("GET items?view=closed&limit=100", 20,
            [&] { call(http::verb::get, "/api/v1/items?view=closed&limit=100", admin_token); });
    int next = 2 * item;  // even ids are the proposed deletes; the first items' are rejected
    measure("POST actions/{id}/approve", 500, [&] {
      call(http::verb::post, "/api/v1/actions/" + std::to_string(next) + "/approve", admin_token,
           "{}");
      next += 2;
    });
    measure("POST session (Argon2id verify)", 10, [&] {
      console::HttpRequest r{http::verb::post, "/api/v1/session", 11};
      r.set(http::field::content_type, "application/json");
      r.body() = R"({"username":"mod","password":"a long benchmark passphrase"})";
      api.handle(r, {"10.0.0." + std::to_string(std::rand() % 200), false}, now());
    });
  }
  fs::remove_all(dir);
}
