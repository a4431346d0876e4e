#include "api/CursorLoader.h"

#include "api/ApiClient.h"

#include <QJsonObject>

CursorLoader::CursorLoader(ApiClient* api, Spec spec, QObject* parent)
    : QObject(parent), m_api(api), m_spec(std::move(spec)) {}

void CursorLoader::reload() {
    ++m_generation;
    m_started = true;
    m_cursor = 0;
    m_loaded = 0;
    request(0, true);
}

void CursorLoader::fetchMore() {
    if (canFetchMore()) {
        request(m_cursor, false);
    }
}

void CursorLoader::cancel() {
    ++m_generation;
    m_started = false;
    m_cursor = 0;
    m_loaded = 0;
    setLoading(false);
}

void CursorLoader::request(qint64 cursor, bool first) {
    QUrlQuery query = m_query;
    query.addQueryItem(QStringLiteral("limit"), QString::number(m_spec.pageSize));
    if (cursor > 0) {
        query.addQueryItem(m_spec.cursorParam, QString::number(cursor));
    }
    const int generation = m_generation;
    setLoading(true);
    m_api->get(m_spec.path, query, this, [this, generation, first](const ApiResult& result) {
        if (generation != m_generation) {
            return; // a reload or cancel superseded this page
        }
        setLoading(false);
        if (!result.ok()) {
            // The cursor stays where it was: fetchMore() (or the next reload) tries again.
            emit failed(*result.error);
            return;
        }
        const auto json = result.object();
        const auto rows = json.value(m_spec.listKey).toArray();
        const auto next = json.value(m_spec.cursorKey);
        m_cursor = next.isNull() || next.isUndefined() ? 0 : next.toInteger();
        m_loaded += int(rows.size());
        emit pageLoaded(rows, first);
        if (m_cursor == 0) {
            emit finished();
        } else if (m_followToEnd) {
            request(m_cursor, false);
        }
    });
}

void CursorLoader::setLoading(bool loading) {
    if (m_loading == loading) {
        return;
    }
    m_loading = loading;
    emit loadingChanged(loading);
}
