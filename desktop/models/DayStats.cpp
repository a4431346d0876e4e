#include "models/DayStats.h"

#include <algorithm>

DayStats::DayStats(QDate first, QDate last) : m_first(first), m_last(last) {
    const auto days = first.isValid() && last >= first ? first.daysTo(last) + 1 : 0;
    m_days.resize(int(days));
    m_hours.resize(int(days));
}

int DayStats::dayIndex(QDate date) const {
    if (!date.isValid() || date < m_first || date > m_last) {
        return -1;
    }
    return int(m_first.daysTo(date));
}

void DayStats::add(const Order& order) {
    if (order.status != QLatin1String("confirmed") || !order.createdAt.isValid()) {
        return;
    }
    const auto local = order.createdAt.toLocalTime();
    const int index = dayIndex(local.date());
    if (index < 0) {
        return;
    }
    for (Bucket* bucket : {&m_total, &m_days[index], &m_hours[index][local.time().hour()]}) {
        bucket->orders += 1;
        bucket->revenue += order.total;
    }
    for (const auto& item : order.items) {
        auto& position = m_positions[item.positionId];
        position.positionId = item.positionId;
        position.name = item.name;
        position.pieces += item.count;
        position.revenue += item.count * item.price;
    }
}

void DayStats::add(const QList<Order>& orders) {
    for (const auto& order : orders) {
        add(order);
    }
}

DayStats::Bucket DayStats::day(int index) const {
    return index >= 0 && index < m_days.size() ? m_days.at(index) : Bucket{};
}

DayStats::Bucket DayStats::hour(int dayIndex, int hour) const {
    if (dayIndex < 0 || dayIndex >= m_hours.size() || hour < 0 || hour > 23) {
        return {};
    }
    return m_hours.at(dayIndex)[std::size_t(hour)];
}

QList<DayStats::TopPosition> DayStats::top(int limit) const {
    QList<TopPosition> all = m_positions.values();
    std::sort(all.begin(), all.end(), [](const TopPosition& a, const TopPosition& b) {
        if (a.revenue != b.revenue) {
            return a.revenue > b.revenue;
        }
        if (a.pieces != b.pieces) {
            return a.pieces > b.pieces;
        }
        return a.name < b.name;
    });
    if (all.size() > limit) {
        all.resize(limit);
    }
    return all;
}
