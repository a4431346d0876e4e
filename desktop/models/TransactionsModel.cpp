#include "models/TransactionsModel.h"

#include "api/CursorLoader.h"
#include "core/Format.h"
#include "models/ModelRoles.h"

#include <QJsonArray>
#include <QLocale>
#include <QSet>
#include <algorithm>

TransactionsModel::TransactionsModel(ApiClient* api, QObject* parent)
    : QAbstractTableModel(parent),
      m_loader(new CursorLoader(api,
                                {QStringLiteral("/api/v1/account/transactions"),
                                 QStringLiteral("transactions"), QStringLiteral("before"),
                                 QStringLiteral("next_before"), 50},
                                this)) {
    connect(m_loader, &CursorLoader::loadingChanged, this, &TransactionsModel::loadingChanged);
    connect(m_loader, &CursorLoader::failed, this, &TransactionsModel::loadFailed);
    connect(m_loader, &CursorLoader::pageLoaded, this, [this](const QJsonArray& rows, bool first) {
        QList<LedgerEntry> page;
        for (const auto& value : rows) {
            page.append(LedgerEntry::fromJson(value.toObject()));
        }
        m_synced = true;
        if (first) {
            beginResetModel();
            m_entries = page;
            endResetModel();
        } else {
            // Older lines go below; the cursor never repeats one, but a line already shown
            // (should a page be asked for twice) is not shown twice.
            QSet<qint64> shown;
            for (const auto& entry : std::as_const(m_entries)) {
                shown.insert(entry.id);
            }
            page.erase(std::remove_if(page.begin(), page.end(),
                                      [&](const LedgerEntry& e) { return shown.contains(e.id); }),
                       page.end());
            if (!page.isEmpty()) {
                beginInsertRows({}, int(m_entries.size()), int(m_entries.size() + page.size()) - 1);
                m_entries.append(page);
                endInsertRows();
            }
        }
        emit pageLoaded();
    });
}

void TransactionsModel::setPageSize(int size) {
    m_loader->setPageSize(size);
}

bool TransactionsModel::isLoading() const {
    return m_loader->isLoading();
}

bool TransactionsModel::isComplete() const {
    return m_synced && m_loader->atEnd();
}

QString TransactionsModel::description(const LedgerEntry& entry) {
    if (entry.kind == QLatin1String("top_up")) {
        return tr("Top-up");
    }
    if (entry.kind == QLatin1String("payment")) {
        return tr("Payment for order #%1").arg(entry.orderId);
    }
    if (entry.kind == QLatin1String("refund")) {
        return tr("Refund for order #%1").arg(entry.orderId);
    }
    if (entry.kind == QLatin1String("opening")) {
        //: The first line of a statement for an account opened before statements existed
        return tr("Opening balance");
    }
    return entry.kind; // a kind newer than this app
}

int TransactionsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_entries.size());
}

int TransactionsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TransactionsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_entries.size()) {
        return {};
    }
    const auto& entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return Format::dateTime(entry.createdAt);
        case DescriptionColumn:
            return description(entry);
        case AmountColumn: {
            // Money in carries its sign as money out does, so the column reads at a glance.
            const auto text = Format::money(entry.amount, entry.currency);
            return entry.amount > 0 ? QLocale().positiveSign() + text : text;
        }
        case BalanceColumn:
            return Format::money(entry.balanceAfter, entry.currency);
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == AmountColumn || index.column() == BalanceColumn) {
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
        break;
    case ModelRoles::IdRole:
        return entry.id;
    }
    return {};
}

QVariant TransactionsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case DescriptionColumn:
        return tr("Description");
    case AmountColumn:
        return tr("Amount");
    case BalanceColumn:
        return tr("Balance after");
    }
    return {};
}

bool TransactionsModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && m_synced && m_loader->canFetchMore();
}

void TransactionsModel::fetchMore(const QModelIndex& parent) {
    if (canFetchMore(parent)) {
        m_loader->fetchMore();
    }
}

void TransactionsModel::reload() {
    m_loader->reload();
}

void TransactionsModel::clear() {
    m_loader->cancel();
    beginResetModel();
    m_entries.clear();
    m_synced = false;
    endResetModel();
}
