#pragma once

#include "api/ApiError.h"
#include "models/Dto.h"

#include <QAbstractTableModel>

class ApiClient;
class CursorLoader;

// The signed-in customer's account statement (/api/v1/account/transactions), newest first,
// paged through the server's `before` cursor: a view calls fetchMore() as it is scrolled to
// the end, or the page asks for the next page with a button. Not sortable: a statement is
// read in its order, each line's "balance after" following from the one below it.
class TransactionsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { TimeColumn, DescriptionColumn, AmountColumn, BalanceColumn, ColumnCount };

    explicit TransactionsModel(ApiClient* api, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    // Drops what is shown and loads the first page.
    void reload();
    void clear();
    void setPageSize(int size);

    const QList<LedgerEntry>& entries() const { return m_entries; }
    bool isLoading() const;
    // Every line is loaded (the server said the last page was the last).
    bool isComplete() const;
    // "Top-up", "Payment for order #12", ... in the user's language.
    static QString description(const LedgerEntry& entry);

signals:
    void loadingChanged(bool loading);
    void pageLoaded();
    void loadFailed(const ApiError& error);

private:
    CursorLoader* m_loader;
    QList<LedgerEntry> m_entries;
    bool m_synced = false;
};
