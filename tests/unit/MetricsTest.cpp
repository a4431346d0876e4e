// The text exposition writer: format, escaping, histogram buckets.
#include "metrics/Metrics.h"

#include <catch2/catch.hpp>
#include <limits>

using namespace lotok::metrics;

TEST_CASE("counters, gauges and histograms are written in the text format") {
    Registry registry;
    registry.counter("t_requests_total", "Requests", {{"route", "/a/{id}"}}).inc();
    registry.counter("t_requests_total", "Requests", {{"route", "/a/{id}"}}).inc(2);
    registry.gauge("t_open", "Open now").set(4);
    auto& histogram = registry.histogram("t_seconds", "Time", {{"m", "GET"}}, {0.1, 1});
    histogram.observe(0.05);
    histogram.observe(0.1);
    histogram.observe(3);
    const auto text = registry.render();
    CHECK(text.find("# HELP t_requests_total Requests\n# TYPE t_requests_total counter\n"
                    "t_requests_total{route=\"/a/{id}\"} 3\n") != std::string::npos);
    CHECK(text.find("# TYPE t_open gauge\nt_open 4\n") != std::string::npos);
    CHECK(text.find("t_seconds_bucket{m=\"GET\",le=\"0.1\"} 2\n"
                    "t_seconds_bucket{m=\"GET\",le=\"1\"} 2\n"
                    "t_seconds_bucket{m=\"GET\",le=\"+Inf\"} 3\n"
                    "t_seconds_sum{m=\"GET\"} 3.15\n"
                    "t_seconds_count{m=\"GET\"} 3\n") != std::string::npos);
}

TEST_CASE("label values are escaped, a name keeps one type") {
    CHECK(escapeLabelValue("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
    Registry registry;
    registry.counter("t_x", "X");
    CHECK_THROWS_AS(registry.gauge("t_x", "X"), std::logic_error);
    CHECK(formatValue(std::numeric_limits<double>::infinity()) == "+Inf");
}
