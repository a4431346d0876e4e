#include "models/PositionsModel.h"

#include "cache/PictureCache.h"
#include "core/Format.h"
#include "models/ModelRoles.h"

#include <QColor>
#include <QHash>
#include <QLocale>
#include <QSet>

PositionsModel::PositionsModel(QObject* parent) : QAbstractTableModel(parent) {}

void PositionsModel::setPictureCache(PictureCache* pictures) {
    m_pictures = pictures;
    connect(pictures, &PictureCache::ready, this, [this](const QString& url) {
        for (int row = 0; row < m_positions.size(); ++row) {
            if (m_positions.at(row).thumbnailUrl == url) {
                const auto cell = index(row, NameColumn);
                emit dataChanged(cell, cell, {Qt::DecorationRole});
            }
        }
    });
}

int PositionsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_positions.size());
}

int PositionsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PositionsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_positions.size()) {
        return {};
    }
    const auto& position = m_positions.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return position.archived ? tr("%1 (archived)").arg(position.name) : position.name;
        case PriceColumn:
            return Format::money(position.price, position.currency);
        case CountColumn:
            return position.count > 0 ? QLocale().toString(position.count) : tr("Sold out");
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == NameColumn && m_pictures && !position.thumbnailUrl.isEmpty()) {
            const auto pixmap = m_pictures->picture(position.thumbnailUrl);
            if (!pixmap.isNull()) {
                return pixmap;
            }
        }
        break;
    case ModelRoles::DescriptionRole:
        return position.description;
    case ModelRoles::CategoryRole:
        return position.categoryId;
    case Qt::ForegroundRole:
        if (position.archived) {
            return QColor(Qt::gray);
        }
        if (index.column() == CountColumn && isLowStock(position)) {
            return QColor(0xb0, 0x3a, 0x00);
        }
        break;
    case Qt::BackgroundRole:
        if (index.column() == CountColumn && !position.archived && isLowStock(position)) {
            return QColor(0xfe, 0xef, 0xc3);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == CountColumn && !position.archived && isLowStock(position)) {
            return tr("Low stock: %1 or fewer left").arg(m_lowStock);
        }
        break;
    case Qt::EditRole:
        switch (index.column()) {
        case NameColumn:
            return position.name;
        case PriceColumn:
            return Format::moneyInput(position.price);
        case CountColumn:
            return position.count;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() != NameColumn) {
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
        break;
    case ModelRoles::IdRole:
        return position.id;
    case ModelRoles::SortRole:
        switch (index.column()) {
        case NameColumn:
            return m_sortNames.at(index.row());
        case PriceColumn:
            return position.price;
        case CountColumn:
            return position.count;
        }
        break;
    }
    return {};
}

QVariant PositionsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case NameColumn:
        return tr("Name");
    case PriceColumn:
        return tr("Price");
    case CountColumn:
        return tr("Available");
    }
    return {};
}

Qt::ItemFlags PositionsModel::flags(const QModelIndex& index) const {
    auto flags = QAbstractTableModel::flags(index);
    if (m_editable && (index.column() == NameColumn || index.column() == PriceColumn)) {
        flags |= Qt::ItemIsEditable;
    }
    return flags;
}

bool PositionsModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!m_editable || role != Qt::EditRole || !index.isValid()) {
        return false;
    }
    const auto& position = m_positions.at(index.row());
    if (index.column() == NameColumn) {
        const auto name = value.toString().trimmed();
        if (name.isEmpty() || name == position.name) {
            return false;
        }
        emit editRequested(position.id, name, position.price);
    } else if (index.column() == PriceColumn) {
        const auto price = Format::parseMoney(value.toString());
        if (!price || *price == position.price) {
            return false;
        }
        emit editRequested(position.id, position.name, *price);
    }
    // The cell changes when the server confirms, through upsert().
    return false;
}

void PositionsModel::setLowStockThreshold(int threshold) {
    if (threshold == m_lowStock) {
        return;
    }
    m_lowStock = threshold;
    if (!m_positions.isEmpty()) {
        emit dataChanged(index(0, 0), index(int(m_positions.size()) - 1, ColumnCount - 1));
    }
}

bool PositionsModel::isLowStock(const Position& position) const {
    return m_lowStock > 0 && position.count <= m_lowStock;
}

void PositionsModel::setPositions(const QList<Position>& positions) {
    beginResetModel();
    m_positions = positions;
    m_sortNames.clear();
    m_sortNames.reserve(positions.size());
    for (const auto& position : positions) {
        m_sortNames.append(position.name.toLower());
    }
    endResetModel();
}

void PositionsModel::append(const QList<Position>& positions) {
    if (positions.isEmpty()) {
        return;
    }
    beginInsertRows({}, int(m_positions.size()), int(m_positions.size() + positions.size()) - 1);
    m_positions.append(positions);
    for (const auto& position : positions) {
        m_sortNames.append(position.name.toLower());
    }
    endInsertRows();
}

void PositionsModel::upsert(const Position& position) {
    const int row = rowOf(position.id);
    if (row < 0) {
        beginInsertRows({}, int(m_positions.size()), int(m_positions.size()));
        m_positions.append(position);
        m_sortNames.append(position.name.toLower());
        endInsertRows();
        return;
    }
    m_positions[row] = position;
    m_sortNames[row] = position.name.toLower();
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void PositionsModel::merge(const QList<Position>& positions) {
    if (m_positions.isEmpty()) {
        setPositions(positions);
        return;
    }
    // By id through a hash: a catalogue of 10,000 positions merges in milliseconds.
    QSet<qint64> fresh;
    for (const auto& position : positions) {
        fresh.insert(position.id);
    }
    for (int row = int(m_positions.size()) - 1; row >= 0; --row) {
        if (!fresh.contains(m_positions.at(row).id)) {
            beginRemoveRows({}, row, row);
            m_positions.removeAt(row);
            m_sortNames.removeAt(row);
            endRemoveRows();
        }
    }
    QHash<qint64, int> rows;
    for (int row = 0; row < m_positions.size(); ++row) {
        rows.insert(m_positions.at(row).id, row);
    }
    QList<Position> added;
    for (const auto& position : positions) {
        const auto found = rows.constFind(position.id);
        if (found == rows.constEnd()) {
            added.append(position);
            continue;
        }
        auto& known = m_positions[*found];
        // Every field shown anywhere (the product page and the grid too): a refresh that
        // brought a new picture or description must not keep the old one.
        if (known.name != position.name || known.price != position.price ||
            known.count != position.count || known.archived != position.archived ||
            known.description != position.description || known.categoryId != position.categoryId ||
            known.category != position.category || known.imageUrl != position.imageUrl ||
            known.thumbnailUrl != position.thumbnailUrl) {
            known = position;
            m_sortNames[*found] = position.name.toLower();
            emit dataChanged(index(*found, 0), index(*found, ColumnCount - 1));
        }
    }
    append(added);
}

std::optional<Position> PositionsModel::positionAt(int row) const {
    if (row < 0 || row >= m_positions.size()) {
        return std::nullopt;
    }
    return m_positions.at(row);
}

std::optional<Position> PositionsModel::positionById(qint64 id) const {
    const int row = rowOf(id);
    return row < 0 ? std::nullopt : positionAt(row);
}

int PositionsModel::rowOf(qint64 id) const {
    for (int row = 0; row < m_positions.size(); ++row) {
        if (m_positions.at(row).id == id) {
            return row;
        }
    }
    return -1;
}
