#include "filters/learned/lazy_regex.hpp"

namespace hm::filters::learned {

std::shared_ptr<const LazyRegex> LazyRegex::make(std::string pattern, const RE2::Options& options,
                                                 std::string& error) {
  {
    const RE2 check(pattern, options);  // compiled to be checked, then dropped
    if (!check.ok()) {
      error = check.error();
      return nullptr;
    }
  }
  return std::make_shared<const LazyRegex>(std::move(pattern), options);
}

const RE2& LazyRegex::get() const {
  std::call_once(once_, [this] {
    re_ = std::make_unique<const RE2>(pattern_, options_);
    built_.store(true, std::memory_order_release);
  });
  return *re_;
}

bool LazyRegex::compiled() const noexcept {
  return built_.load(std::memory_order_acquire);
}

}  // namespace hm::filters::learned
