#pragma once

#include <QSet>
#include <QSortFilterProxyModel>
#include <optional>

// The catalogue as searched: the rows the server found for the search box and the category
// (search runs on the server, over names and descriptions, past what is loaded here), or,
// while there is no server answer for the current search (offline), the local name match.
class CatalogueFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit CatalogueFilterModel(QObject* parent = nullptr);

    // The server's answer: exactly these positions; nullopt shows every row (no search).
    void setMatches(std::optional<QSet<qint64>> ids);
    bool hasMatches() const { return m_matches.has_value(); }
    // Offline: names containing this text, in the given category (0: any).
    void setLocalFilter(const QString& text, qint64 categoryId);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    std::optional<QSet<qint64>> m_matches;
    QString m_text;
    qint64 m_categoryId = 0;
};
