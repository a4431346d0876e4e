#pragma once

#include "models/Dto.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QVector>
#include <array>

// "A picture of the day" for the back office: confirmed orders and their revenue per day
// over a period and per hour of each day, and the positions that sold best, counted from
// the staff board's orders as they arrive page by page (nothing else is kept, so 10,000
// orders cost a few kilobytes). Days and hours are the user's local ones.
class DayStats {
public:
    struct Bucket {
        int orders = 0;
        qint64 revenue = 0; // minor units
    };
    struct TopPosition {
        qint64 positionId = 0;
        QString name;
        qint64 pieces = 0;
        qint64 revenue = 0;
    };

    DayStats() = default;
    // The days first..last inclusive.
    DayStats(QDate first, QDate last);

    QDate firstDay() const { return m_first; }
    QDate lastDay() const { return m_last; }
    int dayCount() const { return int(m_days.size()); }

    // Counts a confirmed order created within the period; anything else is skipped.
    void add(const Order& order);
    void add(const QList<Order>& orders);

    int orders() const { return m_total.orders; }
    qint64 revenue() const { return m_total.revenue; }
    Bucket day(int index) const;
    Bucket hour(int dayIndex, int hour) const;
    int dayIndex(QDate date) const;
    // The best sellers by revenue (then pieces, then name), at most `limit`.
    QList<TopPosition> top(int limit) const;

private:
    QDate m_first;
    QDate m_last;
    Bucket m_total;
    QVector<Bucket> m_days;
    QVector<std::array<Bucket, 24>> m_hours;
    QHash<qint64, TopPosition> m_positions;
};
