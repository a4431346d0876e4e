#pragma once

#include <QList>
#include <QString>

class QAbstractItemModel;
class QWidget;

// A table as CSV (RFC 4180: comma-separated, fields with commas, quotes or line breaks
// quoted, quotes doubled, CRLF line ends), exactly as it is shown: the visible columns with
// their headers, the rows in the view's order and filter. One piece for every list staff
// export (the orders board, the stock).
class CsvExport {
public:
    static QString fromModel(const QAbstractItemModel* model, const QList<int>& hiddenColumns = {});
    // Asks where to save, then writes UTF-8 with a byte-order mark (so spreadsheets read
    // Cyrillic right). False when nothing was written.
    static bool save(QWidget* parent, const QAbstractItemModel* model, const QString& suggestedName,
                     const QList<int>& hiddenColumns = {});
};
