// A regex compiled on its first use. The learned models' own gate and quiet regexes answer only
// where their shared RE2::Set cannot (learned/model_gates.hpp), which on a healthy machine is
// never; kept compiled, their programs held memory for nothing (the idle daemon: 52.2-52.3 →
// 52.0-52.1 MiB when they became lazy; the risk-to-life regex is built at the first flag).
//
// Error policy: make() compiles the pattern once to report a bad one (with RE2's message), then
// drops the program; get() builds it again on first use, which cannot fail (the same pattern and
// options). get() is safe to call from several threads at once.
#pragma once

#include <re2/re2.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace hm::filters::learned {

class LazyRegex {
 public:
  // Null, with `error` set, when `pattern` does not compile under `options`.
  static std::shared_ptr<const LazyRegex> make(std::string pattern, const RE2::Options& options,
                                               std::string& error);

  const std::string& pattern() const noexcept { return pattern_; }
  // The compiled regex, built on the first call.
  const RE2& get() const;
  // Whether get() has built it (for tests and the memory figures).
  bool compiled() const noexcept;

  LazyRegex(std::string pattern, const RE2::Options& options)
      : pattern_(std::move(pattern)), options_(options) {}

 private:
  std::string pattern_;
  RE2::Options options_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<const RE2> re_;
  mutable std::atomic<bool> built_{false};
};

}  // namespace hm::filters::learned
