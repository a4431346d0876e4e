#pragma once

#include <Qt>

// Roles shared by the app's models: the id of the row's object and the value sorting uses
// (the raw number or time rather than the formatted text).
namespace ModelRoles {
enum : int {
    IdRole = Qt::UserRole + 1,
    SortRole,
    StatusRole,
    // One text with everything a row shows, for searches (a proxy filters on it alone).
    SearchRole,
    // Positions: the description (plain text) and the category's id (0: none).
    DescriptionRole,
    CategoryRole,
};
}
