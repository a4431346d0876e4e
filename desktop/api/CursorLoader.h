#pragma once

#include "api/ApiError.h"

#include <QJsonArray>
#include <QObject>
#include <QUrlQuery>

class ApiClient;

// Reads one of the contract's cursor lists page by page: asks for `limit` rows, then follows
// the cursor the server returns (`next_before` or `next_after`) until it is null. Every list
// in the app goes through it, so none stops silently at its first page. Either on demand
// (fetchMore(), as a view scrolls) or to the end on its own (setFollowToEnd(true)).
class CursorLoader : public QObject {
    Q_OBJECT

public:
    struct Spec {
        QString path;        // "/api/v1/orders"
        QString listKey;     // "orders"
        QString cursorParam; // "before" or "after"
        QString cursorKey;   // "next_before" or "next_after"
        int pageSize = 100;
    };

    explicit CursorLoader(ApiClient* api, Spec spec, QObject* parent = nullptr);

    // Filters sent with every page (status, q, ...); takes effect at the next reload().
    void setQuery(const QUrlQuery& query) { m_query = query; }
    QUrlQuery query() const { return m_query; }
    void setPageSize(int size) { m_spec.pageSize = size; }
    // Another list of the same shape (staff's view of the catalogue); from the next reload().
    void setPath(const QString& path) { m_spec.path = path; }
    int pageSize() const { return m_spec.pageSize; }
    void setFollowToEnd(bool follow) { m_followToEnd = follow; }

    // Starts again from the first page; a page still on its way is dropped.
    void reload();
    // The next page, if there is one and none is on its way.
    void fetchMore();
    // Forgets everything; replies still on their way are dropped.
    void cancel();

    bool canFetchMore() const { return m_started && m_cursor > 0 && !m_loading; }
    bool isLoading() const { return m_loading; }
    // The server said this was the last page.
    bool atEnd() const { return m_started && m_cursor == 0 && !m_loading; }
    // Rows received since the last reload().
    int loadedCount() const { return m_loaded; }

signals:
    // first: the page after a reload(), which replaces what was shown.
    void pageLoaded(const QJsonArray& rows, bool first);
    // The last page has arrived.
    void finished();
    void failed(const ApiError& error);
    void loadingChanged(bool loading);

private:
    void request(qint64 cursor, bool first);
    void setLoading(bool loading);

    ApiClient* m_api;
    Spec m_spec;
    QUrlQuery m_query;
    bool m_followToEnd = false;
    bool m_started = false;
    bool m_loading = false;
    qint64 m_cursor = 0; // 0: before the first page, or at the end
    int m_loaded = 0;
    int m_generation = 0;
};
