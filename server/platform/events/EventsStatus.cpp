#include "events/EventsStatus.h"

#include "events/NatsBus.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

namespace lotok::events {
namespace {

std::string age(double seconds) {
    if (seconds <= 0) {
        return "-";
    }
    char text[32];
    if (seconds < 120) {
        std::snprintf(text, sizeof text, "%.1fs", seconds);
    } else if (seconds < 7200) {
        std::snprintf(text, sizeof text, "%.0fm", seconds / 60);
    } else {
        std::snprintf(text, sizeof text, "%.1fh", seconds / 3600);
    }
    return text;
}

// Columns padded to their widest cell; numbers right-aligned.
std::string table(const std::vector<std::vector<std::string>>& rows,
                  const std::vector<bool>& numeric) {
    std::vector<std::size_t> widths(rows.front().size(), 0);
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            widths[i] = std::max(widths[i], row[i].size());
        }
    }
    std::ostringstream out;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            const auto pad = std::string(widths[i] - row[i].size(), ' ');
            line += (i ? "  " : "") + (numeric[i] ? pad + row[i] : row[i] + pad);
        }
        line.erase(line.find_last_not_of(' ') + 1);
        out << line << "\n";
    }
    return out.str();
}

} // namespace

bool EventsStatus::drained() const {
    return std::all_of(outboxes.begin(), outboxes.end(),
                       [](const Outbox& outbox) { return outbox.unpublished == 0; }) &&
           std::all_of(consumers.begin(), consumers.end(),
                       [](const Consumer& consumer) { return consumer.pending == 0; });
}

EventsStatus::Outbox readOutbox(db::Pool& pool, const std::string& service,
                                const std::string& schema) {
    // The same figures as the lotok_outbox_* gauges of /metrics.
    const auto rows = pool.exec("SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - "
                                "min(created_at)), 0)::text FROM " +
                                schema + ".outbox WHERE published_at IS NULL");
    return EventsStatus::Outbox{service, rows.int64(0, 0), std::stod(rows.string(0, 1))};
}

void readStoredConsumers(db::Pool& pool, const std::string& schema, EventsStatus& status) {
    // A delivery is pending until it is done or dead; done ones are kept a while (to spot a
    // republished event) and then purged, so consumers are also named from the inbox,
    // walked one consumer at a time down its primary key rather than read whole.
    const auto rows = pool.exec(
        "WITH RECURSIVE names AS (SELECT min(consumer) AS consumer FROM " + schema +
        ".inbox UNION ALL SELECT (SELECT min(consumer) FROM " + schema +
        ".inbox WHERE consumer > names.consumer) FROM names WHERE names.consumer IS NOT NULL), "
        "deliveries AS (SELECT consumer, "
        "count(*) FILTER (WHERE dead_at IS NULL AND done_at IS NULL) AS pending, "
        "count(*) FILTER (WHERE dead_at IS NULL AND done_at IS NULL AND leased_until > now()) "
        "AS in_flight, "
        "count(*) FILTER (WHERE dead_at IS NOT NULL) AS dead, "
        "COALESCE(EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE dead_at IS NULL AND "
        "done_at IS NULL)), 0) AS oldest FROM " +
        schema +
        ".bus_deliveries GROUP BY consumer) "
        "SELECT c.consumer, COALESCE(d.pending, 0), COALESCE(d.in_flight, 0), "
        "COALESCE(d.dead, 0), COALESCE(d.oldest, 0)::text "
        "FROM (SELECT consumer FROM names WHERE consumer IS NOT NULL UNION SELECT consumer "
        "FROM deliveries) c LEFT JOIN deliveries d USING (consumer) ORDER BY c.consumer");
    for (int row = 0; row < rows.rows(); ++row) {
        const auto consumer = rows.string(row, 0);
        status.consumers.push_back(EventsStatus::Consumer{consumer, schema, rows.int64(row, 1),
                                                          rows.int64(row, 2),
                                                          std::stod(rows.string(row, 4))});
        if (const auto dead = rows.int64(row, 3); dead > 0) {
            status.deadLetters[consumer] += dead;
        }
    }
}

void readBrokerConsumers(NatsBus& bus, EventsStatus& status, bool withDeadLetters) {
    for (const auto& state : bus.consumerStates()) {
        const auto suffix = "_" + state.stream;
        auto consumer = state.name;
        if (consumer.size() > suffix.size() &&
            consumer.compare(consumer.size() - suffix.size(), suffix.size(), suffix) == 0) {
            consumer.resize(consumer.size() - suffix.size());
        }
        status.consumers.push_back(EventsStatus::Consumer{
            consumer, state.stream, static_cast<std::int64_t>(state.pending) + state.ackPending,
            state.ackPending, 0});
    }
    if (!withDeadLetters) {
        return;
    }
    for (const auto& letter : bus.deadLetters()) {
        ++status.deadLetters[letter.consumer];
    }
}

std::string renderTable(const EventsStatus& status) {
    std::ostringstream out;
    out << "bus: " << status.bus << "\n\n";
    std::vector<std::vector<std::string>> outboxes = {{"OUTBOX", "UNPUBLISHED", "OLDEST"}};
    for (const auto& outbox : status.outboxes) {
        outboxes.push_back(
            {outbox.service, std::to_string(outbox.unpublished), age(outbox.oldestSeconds)});
    }
    out << table(outboxes, {false, true, true}) << "\n";
    std::vector<std::vector<std::string>> consumers = {
        {"CONSUMER", status.bus == "jetstream" ? "STREAM" : "SCHEMA", "PENDING", "IN FLIGHT",
         "OLDEST"}};
    for (const auto& consumer : status.consumers) {
        consumers.push_back({consumer.consumer, consumer.source, std::to_string(consumer.pending),
                             std::to_string(consumer.inFlight), age(consumer.oldestSeconds)});
    }
    out << table(consumers, {false, false, true, true, true}) << "\n";
    std::vector<std::vector<std::string>> dead = {{"DEAD LETTERS", "COUNT"}};
    std::int64_t total = 0;
    for (const auto& [consumer, count] : status.deadLetters) {
        dead.push_back({consumer, std::to_string(count)});
        total += count;
    }
    out << table(dead, {false, true});
    if (total > 0) {
        out << "(lotokd events dead lists them; lotokd events retry ID sends one again)\n";
    }
    return out.str();
}

nlohmann::json toJson(const EventsStatus& status) {
    nlohmann::json out = {{"bus", status.bus},
                          {"outboxes", nlohmann::json::array()},
                          {"consumers", nlohmann::json::array()},
                          {"dead_letters", nlohmann::json::object()},
                          {"drained", status.drained()}};
    for (const auto& outbox : status.outboxes) {
        out["outboxes"].push_back({{"service", outbox.service},
                                   {"unpublished", outbox.unpublished},
                                   {"oldest_seconds", outbox.oldestSeconds}});
    }
    for (const auto& consumer : status.consumers) {
        out["consumers"].push_back(
            {{"consumer", consumer.consumer},
             {status.bus == "jetstream" ? "stream" : "schema", consumer.source},
             {"pending", consumer.pending},
             {"in_flight", consumer.inFlight},
             {"oldest_seconds", consumer.oldestSeconds}});
    }
    for (const auto& [consumer, count] : status.deadLetters) {
        out["dead_letters"][consumer] = count;
    }
    return out;
}

} // namespace lotok::events
