// Prints the filter pipeline's throughput on 200,000 generated comments, beside a raw RE2::Set
// pass over the same patterns, its peak memory, and how long `hallmonitorctl classify` takes over
// the same comments as plain lines.
//
//   build/bench/filter_bench [--rules DIR] [--count N] [--ctl PATH] [--corpus FILE]
//
// --corpus reads the comments from FILE, one a line (the shared bench corpus:
// ../shared/bench/gen_corpus.py), instead of generating them.
#include <sys/resource.h>

#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "bench/comment_generator.hpp"
#include "filters/normaliser.hpp"
#include "filters/pipeline.hpp"
#include "filters/rule_book.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// CPU time of this thread: what one core spends, undisturbed by other load on the machine.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + ts.tv_nsec / 1e9;
}

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

void report(const char* what, double secs, std::size_t comments, std::size_t bytes) {
  std::printf("%-34s %8.3f s CPU  %10.0f comments/s  %7.1f MB/s\n", what, secs, comments / secs,
              bytes / secs / 1e6);
}

}  // namespace

int main(int argc, char** argv) {
  fs::path rules = fs::path(HM_SOURCE_DIR) / "config" / "filters";
  fs::path ctl = HM_CTL_PATH;
  std::size_t count = 200000;
  fs::path corpus_file;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--rules")
      rules = argv[i + 1];
    else if (a == "--count")
      count = std::stoul(argv[i + 1]);
    else if (a == "--ctl")
      ctl = argv[i + 1];
    else if (a == "--corpus")
      corpus_file = argv[i + 1];
  }

  hm::bench::GeneratedCorpus corpus;
  if (corpus_file.empty()) {
    corpus = hm::bench::generate_comments(count, 20261121);
  } else {
    std::ifstream in(corpus_file);
    for (std::string line; std::getline(in, line);) {
      corpus.bytes += line.size();
      corpus.comments.push_back(std::move(line));
    }
    count = corpus.comments.size();
  }
  std::printf(
      "corpus: %zu comments, %.1f MB (%zu evasive profanity, %zu personal data, %zu spam)\n",
      corpus.comments.size(), corpus.bytes / 1e6, corpus.evasive, corpus.personal, corpus.spam);
  long rss_before = peak_rss_kib();

  auto loaded = hm::filters::Pipeline::load(rules);
  if (!loaded.pipeline) {
    for (auto& p : loaded.problems) std::fprintf(stderr, "%s\n", p.str().c_str());
    return 2;
  }
  std::vector<hm::filters::Problem> problems;
  auto book = hm::filters::RuleBook::load(rules, problems);
  hm::filters::SchoolProfile profile;
  profile.id = "bench";
  profile.protected_names = {"Oliver Whitmore", "Amara Okonkwo", "Zainab Hussain", "Mei Zhang"};
  profile.own_domains = {"oakfieldprimary.sch.uk"};
  auto school = std::getenv("HM_BENCH_NO_NAMES") ? hm::filters::School::none()
                                                 : hm::filters::School::load(profile).school;
  std::printf("rules: %zu rules, %zu patterns in one RE2::Set\n", book->rule_count(),
              book->pattern_count());

  // Warm-up: the lazy DFA caches and the look-alike tables fill on first use.
  for (std::size_t i = 0; i < std::min<std::size_t>(20000, count); ++i)
    (void)loaded.pipeline->classify(corpus.comments[i], *school);

  double c0 = thread_cpu_seconds();
  std::size_t set_hits = 0;
  for (const auto& c : corpus.comments) set_hits += book->set_pass(c);
  report("raw RE2::Set pass (original text)", thread_cpu_seconds() - c0, count, corpus.bytes);

  c0 = thread_cpu_seconds();
  std::size_t folded_bytes = 0;
  for (const auto& c : corpus.comments)
    folded_bytes += hm::filters::normalise(c).folded.text.size();
  report("normalise only", thread_cpu_seconds() - c0, count, corpus.bytes);

  c0 = thread_cpu_seconds();
  {
    hm::filters::Normalised n;
    std::vector<hm::filters::Match> found;
    for (const auto& c : corpus.comments) {
      unsigned triggers = 0;
      found.clear();
      hm::filters::normalise_into(c, n);
      book->match(n, found, triggers);
    }
  }
  report("normalise + rules (no detectors)", thread_cpu_seconds() - c0, count, corpus.bytes);
  std::printf("set match errors (DFA out of memory): %llu; forms needing spans: %llu\n",
              (unsigned long long)book->match_errors(), (unsigned long long)book->span_passes());

  c0 = thread_cpu_seconds();
  std::size_t flagged = 0, matches = 0;
  for (const auto& c : corpus.comments) {
    auto v = loaded.pipeline->classify(c, *school);
    flagged += !v.clean();
    matches += v.matches.size();
  }
  report("whole pipeline (classify)", thread_cpu_seconds() - c0, count, corpus.bytes);
  std::printf("flagged %zu of %zu comments (%zu matches; raw set hit %zu)\n", flagged, count,
              matches, set_hits);
  std::printf("peak RSS: %.1f MiB (corpus alone %.1f MiB)\n", peak_rss_kib() / 1024.0,
              rss_before / 1024.0);

  if (fs::exists(ctl)) {
    fs::path dir = fs::temp_directory_path() / ("hm-filter-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    {
      std::ofstream lines(dir / "comments.txt");
      for (const auto& c : corpus.comments) lines << c << '\n';
      std::ofstream cfg(dir / "hallmonitor.toml");
      cfg << "[filters]\ndir = \"" << fs::absolute(rules).string()
          << "\"\n\n[[school]]\nid = \"bench\"\n";
    }
    std::string cmd =
        "'" + ctl.string() + "' classify --config '" + (dir / "hallmonitor.toml").string() +
        "' < '" + (dir / "comments.txt").string() + "' > '" + (dir / "out.jsonl").string() + "'";
    auto t0 = Clock::now();
    int rc = std::system(cmd.c_str());
    double cli = seconds_since(t0);
    std::size_t out_lines = 0;
    std::ifstream out(dir / "out.jsonl");
    for (std::string l; std::getline(out, l);) ++out_lines;
    std::printf("hallmonitorctl classify: %zu lines in %.3f s (exit %d, %zu output lines)\n", count,
                cli, rc, out_lines);
    fs::remove_all(dir);
  }
  return 0;
}
