// hallmonitorctl classify: comments on stdin, one verdict per line on stdout (DESIGN.md §9).
// Every input line gets exactly one output line, in order; a line that cannot be processed gets
// {"error":"..."} and the run goes on.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/load_filters.hpp"
#include "cli/slice_workers.hpp"
#include "cli/terminal_text.hpp"
#include "cli/verdict_json.hpp"
#include "filters/learned/second_opinion.hpp"

namespace hm::cli {
namespace {

struct ClassifyOptions {
  std::string config;
  std::string school;
  std::string format = "json";
  std::string model;  // a `hallmonitorctl learn` model file, used actively (not in shadow)
  unsigned jobs = 0;  // lines classified at once; 0: one per core (default_classify_jobs)
};

// What classify works with: the rules, and the learned model when --model names one.
struct Classifier {
  const LoadedFilters& filters;
  const filters::learned::SpamModel* model;
  std::vector<std::string> trusted_domains;
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

// The model's opinion after the verdict: {"model":{"probability":0.93,"band":"flag"}} in JSON,
// "    model 0.93 flag" in text.
void append_opinion(const filters::learned::Opinion& o, bool as_text, std::string& out) {
  char p[16];
  std::snprintf(p, sizeof p, "%.4f", o.probability);
  if (as_text) {
    out += "    model " + std::string(p) + " " + std::string(to_string(o.band)) + "\n";
    return;
  }
  out.pop_back();  // the verdict's closing brace
  out += ",\"model\":{\"probability\":" + std::string(p) + ",\"band\":\"" +
         std::string(to_string(o.band)) + "\"}}";
}

void classify_line(std::string_view line, const Classifier& c, bool as_text, std::string& out) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  const LoadedFilters& f = c.filters;
  auto emit = [&](std::string_view text) {
    moderation::PolicyVerdict v;
    v.verdict = f.pipeline->classify(text, *f.school);
    std::optional<filters::learned::Opinion> opinion;
    if (c.model) {
      opinion = c.model->judge(text, c.trusted_domains);
      filters::learned::add_second_opinion(v.verdict, *opinion, text.size());
    }
    v.actions = moderation::policy_actions(f.policy, v.verdict.categories);
    if (as_text)
      append_verdict_text(text, v, out);
    else
      append_verdict_json(v, out);
    if (opinion) {
      if (!as_text) out.pop_back();  // the newline; the opinion goes inside the object
      append_opinion(*opinion, as_text, out);
      if (!as_text) out += '\n';
    }
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
  std::optional<filters::learned::SpamModel> model;
  if (!o.model.empty() && !(model = load_model(o.model))) return 2;
  Classifier c{*f, model ? &*model : nullptr, {}};
  const auto* school =
      o.school.empty() ? &f->config.schools.front() : f->config.find_school(o.school);
  c.trusted_domains = filters::learned::trusted_domains(
      *f->pipeline, school ? school->own_domains : std::vector<std::string>{});
  SliceWorkers workers(o.jobs == 0 ? default_classify_jobs() : o.jobs);
  const bool as_text = o.format == "text";
  // Each read's complete lines are cut into one slice per job, classified at once, and written
  // in input order: the output is the same whatever --jobs is.
  std::vector<std::string_view> lines;
  std::vector<std::string> outs(workers.slices());
  const std::function<void(unsigned)> classify_slice = [&](unsigned s) {
    const std::size_t from = lines.size() * s / outs.size();
    const std::size_t to = lines.size() * (s + 1) / outs.size();
    for (std::size_t i = from; i < to; ++i) classify_line(lines[i], c, as_text, outs[s]);
  };
  std::string pending;
  std::vector<char> buf(std::size_t(1 << 16) * workers.slices());
  auto classify_lines = [&] {
    if (lines.empty()) return;  // a read inside one long line: nothing to wake the threads for
    workers.run(classify_slice);
    for (std::string& out : outs) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
    lines.clear();
  };
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), stdin)) > 0) {
    pending.append(buf.data(), n);
    std::size_t start = 0, nl;
    while ((nl = pending.find('\n', start)) != std::string::npos) {
      lines.push_back(std::string_view(pending).substr(start, nl - start));
      start = nl + 1;
    }
    classify_lines();
    pending.erase(0, start);
  }
  if (!pending.empty()) {
    lines.push_back(pending);
    classify_lines();
  }
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
  cmd->add_option("--model", opts->model,
                  "a spam model from `hallmonitorctl learn`, used as a second opinion")
      ->check(CLI::ExistingFile);
  cmd->add_option("--jobs", opts->jobs,
                  "comments classified at once, one per thread (default 0: one per core, at "
                  "most 8); the output is the same, in input order")
      ->check(CLI::Range(0u, 64u));
  cmd->callback([opts, &run] { run = [opts] { return run_classify(*opts); }; });
}

}  // namespace hm::cli
