// Prometheus metrics for /metrics: counters, gauges and histograms with labels, rendered in the
// text exposition format (version 0.0.4).
//
// Error policy: pure and in-memory; nothing fails. The daemon runs one io_context thread, so
// the registry is not locked; call it from that thread only.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hm::daemon {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void add(double v = 1.0) { value_ += v; }
  // For a counter mirrored from a running total kept elsewhere (it still only grows).
  void set_total(double total) { value_ = total; }
  double value() const { return value_; }

 private:
  double value_ = 0;
};

class Gauge {
 public:
  void set(double v) { value_ = v; }
  double value() const { return value_; }

 private:
  double value_ = 0;
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void observe(double v);
  const std::vector<double>& bounds() const { return bounds_; }
  const std::vector<unsigned long long>& cumulative() const { return counts_; }
  double sum() const { return sum_; }
  unsigned long long count() const { return count_; }

 private:
  std::vector<double> bounds_;              // ascending; +Inf is implicit
  std::vector<unsigned long long> counts_;  // cumulative per bound
  double sum_ = 0;
  unsigned long long count_ = 0;
};

class Metrics {
 public:
  // Returns the series for (name, labels), creating the family on first use. The same name
  // must always be used with the same kind and help text.
  Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {});
  Histogram& histogram(std::string_view name, std::string_view help, std::vector<double> bounds,
                       const Labels& labels = {});

  std::string render() const;

 private:
  enum class Kind { counter, gauge, histogram };
  struct Family {
    Kind kind;
    std::string help;
    std::vector<double> bounds;
    std::map<std::string, std::unique_ptr<Counter>> counters;  // key: rendered labels
    std::map<std::string, std::unique_ptr<Gauge>> gauges;
    std::map<std::string, std::unique_ptr<Histogram>> histograms;
  };
  Family& family(std::string_view name, Kind kind, std::string_view help);
  std::map<std::string, Family, std::less<>> families_;
};

// {a="1",b="x\"y"} with Prometheus escaping; empty for no labels.
std::string render_labels(const Labels& labels);

}  // namespace hm::daemon
