#include "core/CsvExport.h"

#include <QAbstractItemModel>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QMessageBox>
#include <QStringList>

namespace {

QString field(const QString& text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r'))) {
        return text;
    }
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace

QString CsvExport::fromModel(const QAbstractItemModel* model, const QList<int>& hiddenColumns) {
    QList<int> columns;
    for (int column = 0; column < model->columnCount(); ++column) {
        if (!hiddenColumns.contains(column)) {
            columns.append(column);
        }
    }
    QString out;
    QStringList cells;
    for (const int column : columns) {
        cells.append(field(model->headerData(column, Qt::Horizontal).toString()));
    }
    out += cells.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    for (int row = 0; row < model->rowCount(); ++row) {
        cells.clear();
        for (const int column : columns) {
            cells.append(field(model->index(row, column).data().toString()));
        }
        out += cells.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out;
}

bool CsvExport::save(QWidget* parent, const QAbstractItemModel* model, const QString& suggestedName,
                     const QList<int>& hiddenColumns) {
    const auto path = QFileDialog::getSaveFileName(
        parent, QCoreApplication::translate("CsvExport", "Export as CSV"),
        QDir::home().filePath(suggestedName),
        QCoreApplication::translate("CsvExport", "CSV (*.csv)"));
    if (path.isEmpty()) {
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        QMessageBox::warning(parent, QCoreApplication::translate("CsvExport", "Export as CSV"),
                             QCoreApplication::translate("CsvExport", "Could not write %1.")
                                 .arg(QDir::toNativeSeparators(path)));
        return false;
    }
    file.write("\xEF\xBB\xBF");
    file.write(fromModel(model, hiddenColumns).toUtf8());
    return true;
}
