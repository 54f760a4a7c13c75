#include "daemon/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hm::daemon {
namespace {

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string escape_help(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

// Adds one more label to an already rendered label set ("{a="1"}" + le → "{a="1",le="5"}").
std::string with_label(const std::string& rendered, std::string_view name, std::string_view value) {
  std::string pair = std::string(name) + "=\"" + std::string(value) + "\"";
  if (rendered.empty()) return "{" + pair + "}";
  return rendered.substr(0, rendered.size() - 1) + "," + pair + "}";
}

}  // namespace

std::string render_labels(const Labels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ',';
    out += labels[i].first + "=\"";
    for (char c : labels[i].second) {
      if (c == '\\')
        out += "\\\\";
      else if (c == '"')
        out += "\\\"";
      else if (c == '\n')
        out += "\\n";
      else
        out += c;
    }
    out += '"';
  }
  return out + "}";
}

Histogram::Histogram(std::vector<double> upper_bounds) : bounds_(std::move(upper_bounds)) {
  std::sort(bounds_.begin(), bounds_.end());
  counts_.assign(bounds_.size(), 0);
}

void Histogram::observe(double v) {
  for (std::size_t i = 0; i < bounds_.size(); ++i)
    if (v <= bounds_[i]) ++counts_[i];
  sum_ += v;
  ++count_;
}

Metrics::Family& Metrics::family(std::string_view name, Kind kind, std::string_view help) {
  auto it = families_.find(name);
  if (it == families_.end())
    it =
        families_.emplace(std::string(name), Family{kind, std::string(help), {}, {}, {}, {}}).first;
  return it->second;
}

Counter& Metrics::counter(std::string_view name, std::string_view help, const Labels& labels) {
  auto& slot = family(name, Kind::counter, help).counters[render_labels(labels)];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& Metrics::gauge(std::string_view name, std::string_view help, const Labels& labels) {
  auto& slot = family(name, Kind::gauge, help).gauges[render_labels(labels)];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& Metrics::histogram(std::string_view name, std::string_view help,
                              std::vector<double> bounds, const Labels& labels) {
  Family& f = family(name, Kind::histogram, help);
  if (f.bounds.empty()) f.bounds = bounds;
  auto& slot = f.histograms[render_labels(labels)];
  if (!slot) slot = std::make_unique<Histogram>(f.bounds);
  return *slot;
}

std::string Metrics::render() const {
  std::string out;
  for (const auto& [name, f] : families_) {
    static constexpr const char* kinds[] = {"counter", "gauge", "histogram"};
    out += "# HELP " + name + " " + escape_help(f.help) + "\n";
    out += "# TYPE " + name + " " + kinds[int(f.kind)] + "\n";
    for (const auto& [labels, c] : f.counters)
      out += name + labels + " " + number(c->value()) + "\n";
    for (const auto& [labels, g] : f.gauges) out += name + labels + " " + number(g->value()) + "\n";
    for (const auto& [labels, h] : f.histograms) {
      for (std::size_t i = 0; i < h->bounds().size(); ++i)
        out += name + "_bucket" + with_label(labels, "le", number(h->bounds()[i])) + " " +
               std::to_string(h->cumulative()[i]) + "\n";
      out += name + "_bucket" + with_label(labels, "le", "+Inf") + " " +
             std::to_string(h->count()) + "\n";
      out += name + "_sum" + labels + " " + number(h->sum()) + "\n";
      out += name + "_count" + labels + " " + std::to_string(h->count()) + "\n";
    }
  }
  return out;
}

}  // namespace hm::daemon
