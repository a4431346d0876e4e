#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

// Prometheus metrics in the text exposition format (0.0.4), written by this one class rather
// than prometheus-cpp: no new runtime library in the package, counters that are one atomic
// add on the hot path, and label sets we can keep bounded by construction (docs/operations.md).
namespace lotok::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

// Recording can be turned off ([metrics] enabled = false): then every inc, set and observe
// is one relaxed load and a branch, so the bench measures what metrics cost against nothing.
namespace detail {
inline std::atomic<bool> enabled{true};
}
inline void setEnabled(bool on) { detail::enabled.store(on, std::memory_order_relaxed); }
inline bool enabled() { return detail::enabled.load(std::memory_order_relaxed); }

class Counter {
public:
    void inc(double by = 1) {
        if (enabled()) {
            m_value.fetch_add(by, std::memory_order_relaxed);
        }
    }
    double value() const { return m_value.load(std::memory_order_relaxed); }

private:
    std::atomic<double> m_value{0};
};

class Gauge {
public:
    void set(double value) {
        if (enabled()) {
            m_value.store(value, std::memory_order_relaxed);
        }
    }
    void add(double by) {
        if (enabled()) {
            m_value.fetch_add(by, std::memory_order_relaxed);
        }
    }
    double value() const { return m_value.load(std::memory_order_relaxed); }

private:
    std::atomic<double> m_value{0};
};

class Histogram {
public:
    explicit Histogram(std::vector<double> bounds);
    void observe(double value);
    const std::vector<double>& bounds() const { return m_bounds; }
    // Cumulative counts per bound, then +Inf; the sum.
    std::vector<std::uint64_t> cumulative() const;
    double sum() const { return m_sum.load(std::memory_order_relaxed); }

private:
    std::vector<double> m_bounds;
    std::unique_ptr<std::atomic<std::uint64_t>[]> m_counts; // one per bound, then +Inf
    std::atomic<double> m_sum{0};
};

// The process's metrics. Each metric is found by its family name and label set once and
// kept by reference: metrics live as long as the process, so a reference never dangles.
class Registry {
public:
    static Registry& global();

    Counter& counter(const std::string& name, const std::string& help, const Labels& labels = {});
    Gauge& gauge(const std::string& name, const std::string& help, const Labels& labels = {});
    Histogram& histogram(const std::string& name, const std::string& help, const Labels& labels,
                         const std::vector<double>& bounds);
    std::string render();

    static const std::vector<double>& secondsBuckets();

private:
    enum class Type { Counter, Gauge, Histogram };
    struct Family {
        Type type;
        std::string help;
        std::map<Labels, std::unique_ptr<Counter>> counters;
        std::map<Labels, std::unique_ptr<Gauge>> gauges;
        std::map<Labels, std::unique_ptr<Histogram>> histograms;
    };
    Family& family(const std::string& name, const std::string& help, Type type);

    std::mutex m_mutex;
    std::map<std::string, Family> m_families;
};

// Label values escaped as the text format wants them (\\, \", \n).
std::string escapeLabelValue(const std::string& value);
std::string formatValue(double value);

} // namespace lotok::metrics
