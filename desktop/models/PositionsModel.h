#pragma once

#include "models/Dto.h"

#include <QAbstractTableModel>

class PictureCache;

// The catalogue: one row per position, updated in place by live events.
class PositionsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { NameColumn, PriceColumn, CountColumn, ColumnCount };

    explicit PositionsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;

    void setPositions(const QList<Position>& positions);
    // Appends positions not shown yet (a first load, page by page).
    void append(const QList<Position>& positions);
    void upsert(const Position& position);
    // Brings the rows in line with a fresh list without a reset, so selections survive.
    void merge(const QList<Position>& positions);
    const QList<Position>& positions() const { return m_positions; }
    std::optional<Position> positionAt(int row) const;
    std::optional<Position> positionById(qint64 id) const;
    int rowOf(qint64 id) const;

    // Thumbnails beside the names (DecorationRole), loaded on demand.
    void setPictureCache(PictureCache* pictures);

    // Staff may edit name and price in place; the model only asks, the page sends.
    void setEditable(bool editable) { m_editable = editable; }
    // Counts at or below this are highlighted (staff, Settings); 0 turns it off.
    void setLowStockThreshold(int threshold);
    int lowStockThreshold() const { return m_lowStock; }
    bool isLowStock(const Position& position) const;

signals:
    void editRequested(qint64 id, const QString& name, qint64 price);

private:
    // Lower-cased names, row by row with m_positions: sorting 10,000 rows compares them
    // about 130,000 times, and lower-casing each time was most of a catalogue's start.
    QList<QString> m_sortNames;
    QList<Position> m_positions;
    PictureCache* m_pictures = nullptr;
    bool m_editable = false;
    int m_lowStock = 0;
};
