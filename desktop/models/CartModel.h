#pragma once

#include "models/Dto.h"

#include <QAbstractTableModel>
#include <QJsonArray>

// What the customer is about to order. Lives only in memory: a cart is a draft.
class CartModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { NameColumn, PriceColumn, CountColumn, SubtotalColumn, ColumnCount };

    struct Line {
        Position position;
        qint64 count = 0;
    };

    explicit CartModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Adds to the line of that position, or starts one.
    void add(const Position& position, qint64 count);
    void setCount(int row, qint64 count);
    void removeRow(int row);
    void clear();
    // Keeps names and prices current when the catalogue changes.
    void updatePosition(const Position& position);

    bool isEmpty() const { return m_lines.isEmpty(); }
    const QList<Line>& lines() const { return m_lines; }
    qint64 total() const;
    QJsonArray toOrderItems() const;

signals:
    void totalChanged(qint64 total);

private:
    QList<Line> m_lines;
};
