#pragma once

#include <Qt>

class QTableView;

// The look every table in the app shares: whole-row selection, no row numbers, alternating
// rows, columns sized to their content and one column taking the remaining width.
// Sized from the rows on screen only: a table of 10,000 rows is not measured row by row at
// every change.
void setupTable(QTableView* view, int stretchColumn);
// Fetches the next page while the rows loaded fit without scrolling (called by setupTable,
// after the view has its model).
void fetchUntilFilled(QTableView* view);
// Sorted by `column` from the start, and sortable by clicking a header: one sort, where
// setSortingEnabled() and then sortByColumn() sort twice.
void enableSorting(QTableView* view, int column, Qt::SortOrder order);
