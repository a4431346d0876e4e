#pragma once

class QTableView;

// The look every table in the app shares: whole-row selection, no row numbers, alternating
// rows, columns sized to their content and one column taking the remaining width.
void setupTable(QTableView* view, int stretchColumn);
