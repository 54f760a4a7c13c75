#include "connectors/backoff.hpp"

#include <algorithm>
#include <memory>
#include <random>

namespace hm::connectors {

UnitRandom default_unit_random() {
  auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
  return [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
}

std::chrono::milliseconds backoff_delay(const BackoffPolicy& policy, int retry_number,
                                        const UnitRandom& random) {
  const int shift = std::clamp(retry_number - 1, 0, 30);
  const long long base = std::max<long long>(1, policy.base.count());
  const long long cap = std::max<long long>(base, policy.cap.count());
  const long long full = std::min<long long>(cap, base << std::min(shift, 40));
  double r = random ? random() : 0.5;
  r = std::clamp(r, 0.0, 1.0);
  const long long half = full / 2;
  return std::chrono::milliseconds{
      std::max<long long>(1, half + static_cast<long long>(r * double(full - half)))};
}

}  // namespace hm::connectors
