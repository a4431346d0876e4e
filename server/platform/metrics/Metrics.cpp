#include "metrics/Metrics.h"

#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace lotok::metrics {

Histogram::Histogram(std::vector<double> bounds)
    : m_bounds(std::move(bounds)),
      m_counts(std::make_unique<std::atomic<std::uint64_t>[]>(m_bounds.size() + 1)) {}

void Histogram::observe(double value) {
    if (!enabled()) {
        return;
    }
    std::size_t i = 0;
    while (i < m_bounds.size() && value > m_bounds[i]) {
        ++i;
    }
    m_counts[i].fetch_add(1, std::memory_order_relaxed);
    m_sum.fetch_add(value, std::memory_order_relaxed);
}

std::vector<std::uint64_t> Histogram::cumulative() const {
    std::vector<std::uint64_t> out;
    std::uint64_t total = 0;
    for (std::size_t i = 0; i <= m_bounds.size(); ++i) {
        total += m_counts[i].load(std::memory_order_relaxed);
        out.push_back(total);
    }
    return out;
}

Registry& Registry::global() {
    static Registry registry;
    return registry;
}

const std::vector<double>& Registry::secondsBuckets() {
    static const std::vector<double> buckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                             0.25,  0.5,    1,     2.5,  5,     10};
    return buckets;
}

Registry::Family& Registry::family(const std::string& name, const std::string& help, Type type) {
    auto [it, inserted] = m_families.try_emplace(name);
    if (inserted) {
        it->second.type = type;
        it->second.help = help;
    } else if (it->second.type != type) {
        throw std::logic_error("metric " + name + " registered with two types");
    }
    return it->second;
}

Counter& Registry::counter(const std::string& name, const std::string& help, const Labels& labels) {
    std::lock_guard lock(m_mutex);
    auto& slot = family(name, help, Type::Counter).counters[labels];
    if (!slot) {
        slot = std::make_unique<Counter>();
    }
    return *slot;
}

Gauge& Registry::gauge(const std::string& name, const std::string& help, const Labels& labels) {
    std::lock_guard lock(m_mutex);
    auto& slot = family(name, help, Type::Gauge).gauges[labels];
    if (!slot) {
        slot = std::make_unique<Gauge>();
    }
    return *slot;
}

Histogram& Registry::histogram(const std::string& name, const std::string& help,
                               const Labels& labels, const std::vector<double>& bounds) {
    std::lock_guard lock(m_mutex);
    auto& slot = family(name, help, Type::Histogram).histograms[labels];
    if (!slot) {
        slot = std::make_unique<Histogram>(bounds);
    }
    return *slot;
}

std::string escapeLabelValue(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string formatValue(double value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "+Inf" : "-Inf";
    }
    return fmt::format("{}", value);
}

namespace {

std::string labelText(const Labels& labels, const std::string& extraName = {},
                      const std::string& extraValue = {}) {
    std::string out;
    for (const auto& [name, value] : labels) {
        out += (out.empty() ? "" : ",") + name + "=\"" + escapeLabelValue(value) + "\"";
    }
    if (!extraName.empty()) {
        out += (out.empty() ? "" : ",") + extraName + "=\"" + extraValue + "\"";
    }
    return out.empty() ? out : "{" + out + "}";
}

} // namespace

std::string Registry::render() {
    std::lock_guard lock(m_mutex);
    std::string out;
    for (const auto& [name, family] : m_families) {
        const char* type = family.type == Type::Counter ? "counter"
                           : family.type == Type::Gauge ? "gauge"
                                                        : "histogram";
        out += "# HELP " + name + " " + family.help + "\n# TYPE " + name + " " + type + "\n";
        for (const auto& [labels, counter] : family.counters) {
            out += name + labelText(labels) + " " + formatValue(counter->value()) + "\n";
        }
        for (const auto& [labels, gauge] : family.gauges) {
            out += name + labelText(labels) + " " + formatValue(gauge->value()) + "\n";
        }
        for (const auto& [labels, histogram] : family.histograms) {
            const auto counts = histogram->cumulative();
            for (std::size_t i = 0; i < counts.size(); ++i) {
                const auto bound =
                    i < histogram->bounds().size() ? formatValue(histogram->bounds()[i]) : "+Inf";
                out += name + "_bucket" + labelText(labels, "le", bound) + " " +
                       std::to_string(counts[i]) + "\n";
            }
            out += name + "_sum" + labelText(labels) + " " + formatValue(histogram->sum()) + "\n";
            out += name + "_count" + labelText(labels) + " " + std::to_string(counts.back()) + "\n";
        }
    }
    return out;
}

} // namespace lotok::metrics
