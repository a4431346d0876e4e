#include "models/CartModel.h"

#include "core/Format.h"
#include "lotok/Money.h"
#include "models/ModelRoles.h"

#include <QJsonObject>
#include <QLocale>
#include <algorithm>

CartModel::CartModel(QObject* parent) : QAbstractTableModel(parent) {}

int CartModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_lines.size());
}

int CartModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CartModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_lines.size()) {
        return {};
    }
    const auto& line = m_lines.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn:
            return line.position.name;
        case PriceColumn:
            return Format::money(line.position.price, line.position.currency);
        case CountColumn:
            return QLocale().toString(line.count);
        case SubtotalColumn:
            return Format::money(
                lotok::money::multiply(line.position.price, line.count).value_or(0),
                line.position.currency);
        }
    } else if (role == Qt::EditRole && index.column() == CountColumn) {
        // The editor gets a number (a spin box), not the formatted text.
        return int(line.count);
    } else if (role == Qt::TextAlignmentRole && index.column() != NameColumn) {
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    } else if (role == ModelRoles::IdRole) {
        return line.position.id;
    }
    return {};
}

QVariant CartModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case NameColumn:
        return tr("Item");
    case PriceColumn:
        return tr("Price");
    case CountColumn:
        return tr("Count");
    case SubtotalColumn:
        return tr("Subtotal");
    }
    return {};
}

Qt::ItemFlags CartModel::flags(const QModelIndex& index) const {
    auto flags = QAbstractTableModel::flags(index);
    if (index.column() == CountColumn) {
        flags |= Qt::ItemIsEditable;
    }
    return flags;
}

bool CartModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || index.column() != CountColumn || index.row() >= m_lines.size()) {
        return false;
    }
    bool ok = false;
    const qint64 count = value.toLongLong(&ok);
    if (!ok || count < 0) {
        return false;
    }
    const auto& line = m_lines.at(index.row());
    if (count > line.position.count) {
        emit countRefused(line.position.name, line.position.count);
        return false;
    }
    setCount(index.row(), count);
    return true;
}

void CartModel::restore(const QJsonArray& saved, const QList<Position>& catalogue) {
    beginResetModel();
    // Lines put in the cart this session before the saved cart came (an order repeated at
    // once) stay as they are; the saved lines add the positions they lack.
    const auto has = [this](qint64 id) {
        return std::any_of(m_lines.cbegin(), m_lines.cend(),
                           [id](const Line& line) { return line.position.id == id; });
    };
    for (const auto& value : saved) {
        const auto item = value.toObject();
        const qint64 id = item.value(QLatin1String("position_id")).toInteger();
        const qint64 count = item.value(QLatin1String("count")).toInteger();
        if (has(id)) {
            continue;
        }
        for (const auto& position : catalogue) {
            if (position.id == id && count > 0) {
                m_lines.append({position, count});
                break;
            }
        }
    }
    endResetModel();
    emit totalChanged(total());
}

void CartModel::add(const Position& position, qint64 count) {
    for (int row = 0; row < m_lines.size(); ++row) {
        if (m_lines[row].position.id == position.id) {
            setCount(row, m_lines[row].count + count);
            return;
        }
    }
    beginInsertRows({}, int(m_lines.size()), int(m_lines.size()));
    m_lines.append({position, count});
    endInsertRows();
    emit totalChanged(total());
}

void CartModel::setCount(int row, qint64 count) {
    if (row < 0 || row >= m_lines.size()) {
        return;
    }
    if (count <= 0) {
        removeRow(row);
        return;
    }
    m_lines[row].count = count;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    emit totalChanged(total());
}

void CartModel::removeRow(int row) {
    if (row < 0 || row >= m_lines.size()) {
        return;
    }
    beginRemoveRows({}, row, row);
    m_lines.removeAt(row);
    endRemoveRows();
    emit totalChanged(total());
}

void CartModel::clear() {
    beginResetModel();
    m_lines.clear();
    endResetModel();
    emit totalChanged(0);
}

void CartModel::updatePosition(const Position& position) {
    for (int row = 0; row < m_lines.size(); ++row) {
        if (m_lines[row].position.id == position.id) {
            const qint64 oldPrice = m_lines[row].position.price;
            m_lines[row].position = position;
            if (oldPrice != position.price) {
                emit priceChanged(position.name, oldPrice, position.price);
            }
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
            emit totalChanged(total());
        }
    }
}

qint64 CartModel::total() const {
    qint64 sum = 0;
    for (const auto& line : m_lines) {
        const auto subtotal = lotok::money::multiply(line.position.price, line.count);
        const auto next = subtotal ? lotok::money::add(sum, *subtotal) : std::nullopt;
        if (!next) {
            return -1; // beyond any balance; the page refuses to send it
        }
        sum = *next;
    }
    return sum;
}

QJsonArray CartModel::toOrderItems() const {
    QJsonArray items;
    for (const auto& line : m_lines) {
        items.append(QJsonObject{{QStringLiteral("position_id"), line.position.id},
                                 {QStringLiteral("count"), line.count}});
    }
    return items;
}
