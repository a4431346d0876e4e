#include "models/CatalogueFilterModel.h"

#include "models/ModelRoles.h"
#include "models/PositionsModel.h"

CatalogueFilterModel::CatalogueFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {}

void CatalogueFilterModel::setMatches(std::optional<QSet<qint64>> ids) {
    m_matches = std::move(ids);
    m_text.clear();
    m_categoryId = 0;
    invalidateFilter();
}

void CatalogueFilterModel::setLocalFilter(const QString& text, qint64 categoryId) {
    m_matches.reset();
    m_text = text.trimmed();
    m_categoryId = categoryId;
    invalidateFilter();
}

bool CatalogueFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const auto index = sourceModel()->index(sourceRow, PositionsModel::NameColumn, sourceParent);
    if (m_matches) {
        return m_matches->contains(index.data(ModelRoles::IdRole).toLongLong());
    }
    if (m_categoryId != 0 && index.data(ModelRoles::CategoryRole).toLongLong() != m_categoryId) {
        return false;
    }
    return m_text.isEmpty() ||
           index.data(Qt::EditRole).toString().contains(m_text, Qt::CaseInsensitive);
}
