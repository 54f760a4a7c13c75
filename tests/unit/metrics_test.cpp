#include "daemon/metrics.hpp"

#include <doctest/doctest.h>

using hm::daemon::Metrics;

TEST_CASE("counters, gauges and histograms render in Prometheus text format") {
  Metrics m;
  m.counter("hm_comments_total", "Comments ingested.", {{"channel", "jh-facebook"}}).add(3);
  m.counter("hm_comments_total", "Comments ingested.", {{"channel", "jh-x"}}).add();
  m.gauge("hm_actions", "Actions per state.", {{"state", "proposed"}}).set(2);
  auto& h = m.histogram("hm_exposure_seconds", "Creation to hiding.", {1, 10, 60});
  h.observe(0.5);
  h.observe(30);
  h.observe(600);
  std::string text = m.render();
  CHECK(text.find(
            "# HELP hm_comments_total Comments ingested.\n# TYPE hm_comments_total counter\n") !=
        std::string::npos);
  CHECK(text.find("hm_comments_total{channel=\"jh-facebook\"} 3\n") != std::string::npos);
  CHECK(text.find("hm_comments_total{channel=\"jh-x\"} 1\n") != std::string::npos);
  CHECK(text.find("# TYPE hm_actions gauge\nhm_actions{state=\"proposed\"} 2\n") !=
        std::string::npos);
  CHECK(text.find("hm_exposure_seconds_bucket{le=\"1\"} 1\n") != std::string::npos);
  CHECK(text.find("hm_exposure_seconds_bucket{le=\"10\"} 1\n") != std::string::npos);
  CHECK(text.find("hm_exposure_seconds_bucket{le=\"60\"} 2\n") != std::string::npos);
  CHECK(text.find("hm_exposure_seconds_bucket{le=\"+Inf\"} 3\n") != std::string::npos);
  CHECK(text.find("hm_exposure_seconds_sum 630.5\n") != std::string::npos);
  CHECK(text.find("hm_exposure_seconds_count 3\n") != std::string::npos);
}

TEST_CASE("label values are escaped; the same series is returned again") {
  Metrics m;
  auto& a = m.counter("x_total", "x", {{"why", "say \"hi\"\\\n"}});
  auto& b = m.counter("x_total", "x", {{"why", "say \"hi\"\\\n"}});
  CHECK(&a == &b);
  a.add(2);
  CHECK(m.render().find("x_total{why=\"say \\\"hi\\\"\\\\\\n\"} 2\n") != std::string::npos);
}

TEST_CASE("labelled histograms keep their labels on every line") {
  Metrics m;
  m.histogram("poll_seconds", "Poll latency.", {0.5}, {{"channel", "c"}}).observe(0.1);
  auto text = m.render();
  CHECK(text.find("poll_seconds_bucket{channel=\"c\",le=\"0.5\"} 1\n") != std::string::npos);
  CHECK(text.find("poll_seconds_sum{channel=\"c\"} 0.10000000000000001\n") != std::string::npos);
}
