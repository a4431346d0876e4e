#pragma once

#include "models/Dto.h"

#include <QAbstractTableModel>
#include <QJsonArray>

// What the customer is about to order. Counts are editable in place (never beyond what is in
// stock); the cart is kept across restarts by CataloguePage (toJson/fromJson).
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
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

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
    // The lines as {position_id, count}; restored against the catalogue by restore().
    QJsonArray toJson() const { return toOrderItems(); }
    // Adds the saved lines whose positions still exist (at today's price) to what the cart
    // holds (normally nothing yet); a position already in it keeps its line.
    void restore(const QJsonArray& saved, const QList<Position>& catalogue);

signals:
    void totalChanged(qint64 total);
    // A line's price changed under the customer's eyes: said, never silent.
    void priceChanged(const QString& name, qint64 oldPrice, qint64 newPrice);
    // A typed count was more than is in stock; the line keeps its count.
    void countRefused(const QString& name, qint64 available);

private:
    QList<Line> m_lines;
};
