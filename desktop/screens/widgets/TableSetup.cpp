#include "screens/widgets/TableSetup.h"

#include <QHeaderView>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>

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
    fetchUntilFilled(view);
}

void fetchUntilFilled(QTableView* view) {
    auto* model = view->model();
    if (!model) {
        return;
    }
    // Qt fetches the next page only when the last row is wholly in view at its next layout, or
    // when the scroll bar reaches its end; a page that fits without a scroll bar, laid out
    // while the next request could not start yet, left the list short with nothing to scroll.
    const auto check = [view] {
        QTimer::singleShot(0, view, [view] {
            auto* model = view->model();
            if (model && view->isVisible() && view->verticalScrollBar()->maximum() == 0 &&
                model->canFetchMore({})) {
                model->fetchMore({});
            }
        });
    };
    QObject::connect(model, &QAbstractItemModel::rowsInserted, view, check);
    QObject::connect(model, &QAbstractItemModel::modelReset, view, check);
    QObject::connect(model, &QAbstractItemModel::layoutChanged, view, check);
}

void enableSorting(QTableView* view, int column, Qt::SortOrder order) {
    view->horizontalHeader()->setSortIndicator(column, order);
    view->setSortingEnabled(true);
}
