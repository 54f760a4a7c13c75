// hallmonitorctl classify: comments on stdin, one verdict per line on stdout (DESIGN.md §9).
// Every input line gets exactly one output line, in order; a line that cannot be processed gets
// {"error":"..."} and the run goes on.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/load_filters.hpp"
#include "cli/verdict_json.hpp"

namespace hm::cli {
namespace {

struct ClassifyOptions {
  std::string config;
  std::string school;
};

// A line that looks like a JSON object is read as one; anything else is the comment itself.
bool looks_like_json_object(std::string_view line) {
  auto first = line.find_first_not_of(" \t");
  auto last = line.find_last_not_of(" \t");
  return first != std::string_view::npos && line[first] == '{' && line[last] == '}';
}

void classify_line(std::string_view line, const LoadedFilters& f, std::string& out) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (!looks_like_json_object(line)) {
    append_verdict_json(f.pipeline->classify(line, *f.school), out);
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
  append_verdict_json(f.pipeline->classify(it->get_ref<const std::string&>(), *f.school), out);
}

int run_classify(const ClassifyOptions& o) {
  auto f = load_filters(o.config, o.school);
  if (!f) return 2;
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
      classify_line(std::string_view(pending).substr(start, nl - start), *f, out);
      start = nl + 1;
    }
    pending.erase(0, start);
    if (out.size() > (1 << 16)) flush();
  }
  if (!pending.empty()) classify_line(pending, *f, out);
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
  cmd->callback([opts, &run] { run = [opts] { return run_classify(*opts); }; });
}

}  // namespace hm::cli
