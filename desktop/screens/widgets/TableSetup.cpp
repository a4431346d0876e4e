#include "screens/widgets/TableSetup.h"

#include <QHeaderView>
#include <QTableView>

void setupTable(QTableView* view, int stretchColumn) {
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    // Row height from the font, so 200 % scaling and large fonts stay readable.
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() * 9 / 5);
    auto* header = view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(stretchColumn, QHeaderView::Stretch);
    header->setHighlightSections(false);
    // Only the rows in view decide a column's width (the default measures 1,000 rows at
    // every change, which made each key of a search over 10,000 rows take a tenth of a second).
    header->setResizeContentsPrecision(0);
}

void enableSorting(QTableView* view, int column, Qt::SortOrder order) {
    view->horizontalHeader()->setSortIndicator(column, order);
    view->setSortingEnabled(true);
}
