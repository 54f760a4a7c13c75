// hallmonitorctl classify: comments on stdin, one verdict per line on stdout (DESIGN.md §9).
// Every input line gets exactly one output line, in order; a line that cannot be processed gets
// {"error":"..."} and the run goes on.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/load_filters.hpp"
#include "cli/terminal_text.hpp"
#include "cli/verdict_json.hpp"

namespace hm::cli {
namespace {

struct ClassifyOptions {
  std::string config;
  std::string school;
  std::string format = "json";
};

// For people trying rules: the verdict, the comment, and what matched where.
void append_verdict_text(std::string_view text, const moderation::PolicyVerdict& judged,
                         std::string& out) {
  const filters::Verdict& v = judged.verdict;
  std::string cats, acts;
  for (auto c : v.categories.list())
    cats += (cats.empty() ? "" : ",") + std::string(filters::to_string(c));
  for (auto a : judged.actions)
    acts += (acts.empty() ? "" : ",") + std::string(moderation::to_string(a));
  char head[96];
  std::snprintf(head, sizeof head, "%-26s %-24s ", cats.empty() ? "clean" : cats.c_str(),
                acts.c_str());
  out += head;
  if (v.urgency != filters::Urgency::normal)
    out += "[" + std::string(filters::to_string(v.urgency)) + "] ";
  out += terminal_safe(text);
  out += '\n';
  for (const auto& m : v.matches) {
    out += "    matched " + m.rule + " (" + std::string(filters::to_string(m.category)) + "): \"" +
           terminal_safe(text.substr(m.start, m.end - m.start), 80) + "\"";
    if (!m.why.empty()) out += " because " + m.why;
    out += '\n';
  }
}

// A line that looks like a JSON object is read as one; anything else is the comment itself.
bool looks_like_json_object(std::string_view line) {
  auto first = line.find_first_not_of(" \t");
  auto last = line.find_last_not_of(" \t");
  return first != std::string_view::npos && line[first] == '{' && line[last] == '}';
}

void classify_line(std::string_view line, const LoadedFilters& f, bool as_text, std::string& out) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  auto emit = [&](std::string_view text) {
    moderation::PolicyVerdict v;
    v.verdict = f.pipeline->classify(text, *f.school);
    v.actions = moderation::policy_actions(f.policy, v.verdict.categories);
    if (as_text)
      append_verdict_text(text, v, out);
    else
      append_verdict_json(v, out);
  };
  if (!looks_like_json_object(line)) {
    emit(line);
    return;
  }
  auto doc = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    append_error_json("invalid JSON (or not UTF-8)", out);
    return;
  }
  auto it = doc.find("text");
  if (it == doc.end() || !it->is_string()) {
    append_error_json("JSON line has no string field \"text\"", out);
    return;
  }
  emit(it->get_ref<const std::string&>());
}

int run_classify(const ClassifyOptions& o) {
  auto f = load_filters(o.config, o.school);
  if (!f) return 2;
  const bool as_text = o.format == "text";
  std::string pending, out;
  std::vector<char> buf(1 << 16);
  auto flush = [&] {
    std::fwrite(out.data(), 1, out.size(), stdout);
    out.clear();
  };
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), stdin)) > 0) {
    pending.append(buf.data(), n);
    std::size_t start = 0, nl;
    while ((nl = pending.find('\n', start)) != std::string::npos) {
      classify_line(std::string_view(pending).substr(start, nl - start), *f, as_text, out);
      start = nl + 1;
    }
    pending.erase(0, start);
    if (out.size() > (1 << 16)) flush();
  }
  if (!pending.empty()) classify_line(pending, *f, as_text, out);
  flush();
  std::fflush(stdout);
  return std::ferror(stdin) ? 1 : 0;
}

}  // namespace

void add_classify_command(CLI::App& app, Runner& run) {
  auto opts = std::make_shared<ClassifyOptions>();
  auto* cmd = app.add_subcommand("classify", "Classify comments read from stdin, one per line");
  cmd->add_option("--config", opts->config, "hallmonitor config file")->required();
  cmd->add_option("--school", opts->school, "school id (default: the first school)");
  cmd->add_option("--format", opts->format, "json (one object per line, the default) or text")
      ->check(CLI::IsMember({"json", "text"}));
  cmd->callback([opts, &run] { run = [opts] { return run_classify(*opts); }; });
}

}  // namespace hm::cli
