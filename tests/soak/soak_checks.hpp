// The soak's final checks, once the daemon has stopped: what the platform shows (the emulator's
// state and its call log) against what was posted and decided, and the database against the
// platform. Each check reports every comment or action that breaks it, with a count, so a
// failing soak says how far off it is.
//
// Error policy: failures are doctest CHECKs (the test fails, the other checks still run); a
// database that does not open throws (the test fails).
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <set>
#include <sstream>
#include <string>

#include "soak/soak_ledger.hpp"
#include "soak/soak_world.hpp"
#include "store/store.hpp"

namespace hm::test::soak {

// Every comment on the platform by id, replies included.
inline void flatten(const json& comments, std::map<std::string, json>& out) {
  for (const auto& c : comments) {
    out[c.at("id").get<std::string>()] = c;
    flatten(c.value("replies", json::array()), out);
  }
}

// Platform calls that hid (`hide`) or showed again (`unhide`) a comment and took effect: the
// platform answered 200, which it does only after applying the change (a malformed or truncated
// body, or a slow answer, still took effect). X's one hide route carries the direction in the
// body, which the call log does not keep; the final state tells an X unhide.
struct HideCalls {
  std::map<std::string, int> hide, unhide, other_writes;  // by comment id
};

inline HideCalls hide_calls(const json& calls, const SoakWorld& w, const Ledger& ledger) {
  HideCalls out;
  for (const auto& call : calls) {
    if (call.at("method") == "GET" || call.at("status") != 200) continue;
    const std::string path = call.at("path").get<std::string>();
    // The comment id is the path segment after the API version ("/v25.0/ID?..",
    // "/2/tweets/ID/hidden").
    const bool x = path.rfind("/2/", 0) == 0;
    const std::string prefix = x ? "/2/tweets/" : "/v";
    if (path.rfind(prefix, 0) != 0) continue;
    std::size_t start = x ? prefix.size() : path.find('/', 1) + 1;
    std::size_t end = path.find_first_of("/?", start);
    const std::string id = path.substr(start, end == std::string::npos ? end : end - start);
    const Posted* p = ledger.find(id);
    if (!p) continue;
    const std::string& platform = w.channels[p->channel].platform;
    const std::string rest = end == std::string::npos ? "" : path.substr(end);
    if (platform == "x" && call.at("method") == "PUT" && rest == "/hidden")
      ++out.hide[id];
    else if (platform != "x" && call.at("method") == "POST" &&
             (rest.find("is_hidden=true") != std::string::npos ||
              rest.find("hide=true") != std::string::npos))
      ++out.hide[id];
    else if (platform != "x" && call.at("method") == "POST" &&
             (rest.find("is_hidden=false") != std::string::npos ||
              rest.find("hide=false") != std::string::npos))
      ++out.unhide[id];
    else if (call.at("method") != "DELETE")
      ++out.other_writes[id];
  }
  return out;
}

struct DbAction {
  std::string comment, kind, state, last_reason;
  bool manual = false;
};

inline std::vector<DbAction> db_actions(store::Store& s) {
  // Fixed query, no outside input.
  auto st = s.connection().prepare(
      "SELECT c.platform_comment_id, a.kind, a.state, a.manual, "
      "(SELECT t.reason FROM action_transitions t WHERE t.action_id = a.id ORDER BY t.id DESC "
      "LIMIT 1) FROM actions a JOIN comments c ON c.id = a.comment_id ORDER BY a.id");
  std::vector<DbAction> out;
  while (st.step())
    out.push_back({st.text(0), st.text(1), st.text(2), st.text(4), st.int64(3) != 0});
  return out;
}

inline std::map<std::string, std::string> db_categories(store::Store& s) {
  auto st = s.connection().prepare(
      "SELECT c.platform_comment_id, COALESCE(v.categories, '') FROM comments c "
      "JOIN comment_versions cv ON cv.comment_id = c.id "
      "LEFT JOIN verdicts v ON v.version_id = cv.id WHERE v.id IS NOT NULL OR cv.clean = 1");
  std::map<std::string, std::string> out;
  while (st.step()) out[st.text(0)] = st.text(1);
  return out;
}

// Comments whose hide had a call with an unknown outcome (an unreadable or cut-off answer).
inline std::set<std::string> hides_with_unknown_outcome(store::Store& s) {
  auto st = s.connection().prepare(
      "SELECT DISTINCT c.platform_comment_id FROM action_transitions t JOIN actions a ON "
      "a.id = t.action_id JOIN comments c ON c.id = a.comment_id WHERE a.kind = 'hide' AND "
      "t.event = 'outcome_unknown'");
  std::set<std::string> out;
  while (st.step()) out.insert(st.text(0));
  return out;
}

// Counts problems of one kind and keeps the first few for the message.
struct Findings {
  std::string what;
  int count = 0;
  std::ostringstream examples;
  explicit Findings(std::string w) : what(std::move(w)) {}
  void add(const std::string& example) {
    if (count++ < 8) examples << "\n    " << example;
  }
  void check() const { CHECK_MESSAGE(count == 0, what << ": " << count << examples.str()); }
};

inline void final_checks(const SoakWorld& w, const Ledger& ledger, const json& state) {
  std::map<std::string, json> on_platform;
  flatten(state.at("comments"), on_platform);
  const HideCalls calls = hide_calls(state.at("calls"), w, ledger);
  store::Store s(w.db);  // opening runs PRAGMA quick_check: a damaged file throws
  CHECK(store::quick_check(s.connection()) == "ok");
  const auto categories = db_categories(s);
  const auto actions = db_actions(s);
  const auto unknown_outcome = hides_with_unknown_outcome(s);

  Findings premise(
      "test premise: harmful texts flagged, clean texts not (by the daemon's verdicts)");
  Findings visible("harmful comments still visible on the platform");
  Findings not_once("harmful comments whose hide took effect other than exactly once");
  Findings unhidden("comments shown again (unhide) on the platform");
  Findings touched("clean comments hidden, deleted or written to");
  Findings unapproved("comments deleted without a moderator's approval");
  Findings undone("approved deletions not done on the platform");
  for (const auto& p : ledger.posted) {
    const auto it = on_platform.find(p.id);
    if (it == on_platform.end()) {
      visible.add(p.id + " is missing from the emulator's state");
      continue;
    }
    const json& c = it->second;
    const bool hidden = c.value("hidden", false), deleted = c.value("deleted", false);
    const std::string label = w.channels[p.channel].id + " " + p.id + " (" + p.category + ")";
    const auto cat = categories.find(p.id);
    if (cat == categories.end())
      premise.add(label + ": never classified");
    else if (p.harmful() == cat->second.empty())
      premise.add(label + ": classified " + cat->second);
    const int hides = calls.hide.count(p.id) ? calls.hide.at(p.id) : 0;
    if (calls.unhide.count(p.id)) unhidden.add(label);
    if (p.harmful()) {
      if (!hidden && !deleted) visible.add(label);
      // Deleted (approved) before its hide ran: hidden by no call, and that is fine. X has no
      // read of a reply's hidden state, so after an unknown outcome its (idempotent) hide is
      // sent again: still hidden once in effect, as long as nothing showed it in between.
      const bool x_resent = w.channels[p.channel].platform == "x" && hides > 1 &&
                            unknown_outcome.count(p.id) && !calls.unhide.count(p.id);
      if (hides != 1 && !(deleted && hides == 0) && !x_resent)
        not_once.add(label + ": " + std::to_string(hides) + " effective hide calls");
    } else {
      if (hidden || deleted || hides || calls.other_writes.count(p.id))
        touched.add(label + (hidden ? " hidden" : "") + (deleted ? " deleted" : ""));
    }
    if (deleted && !ledger.approved.count(p.id)) unapproved.add(label);
    if (ledger.approved.count(p.id) && !deleted) undone.add(label);
  }
  CHECK_MESSAGE(state.at("blocked").empty(), "someone was blocked without approval");

  Findings stuck("actions left approved, running or failed");
  Findings disagree("actions whose state disagrees with the platform");
  for (const auto& a : actions) {
    const std::string label = a.kind + " of " + a.comment + " " + a.state + ": " + a.last_reason;
    if (a.state == "approved" || a.state == "running" || a.state == "failed") stuck.add(label);
    const auto it = on_platform.find(a.comment);
    if (it == on_platform.end()) continue;
    const bool hidden = it->second.value("hidden", false);
    const bool deleted = it->second.value("deleted", false);
    if (a.kind == "hide" && a.state == "done" && !hidden && !deleted) disagree.add(label);
    if (a.kind == "hide" && a.state != "done" && hidden) disagree.add(label + " (hidden)");
    if (a.kind == "delete" && (a.state == "done") != deleted)
      disagree.add(label + (deleted ? " (deleted)" : " (not deleted)"));
  }
  for (const Findings* f : {&premise, &visible, &not_once, &unhidden, &touched, &unapproved,
                            &undone, &stuck, &disagree})
    f->check();
  CHECK(s.verify_audit().ok);
}

}  // namespace hm::test::soak
