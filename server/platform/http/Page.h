#pragma once

#include <nlohmann/json.hpp>
#include <vector>

namespace lotok::http {

// A page of a list read with one row more than asked: the extra row only says that another
// page follows. Gives {"<listName>": [rows as JSON], "<cursorName>": cursor of the last row
// shown, or null at the end}.
template <typename Row, typename CursorOf>
nlohmann::json pageJson(std::vector<Row> rows, int limit, const char* listName,
                        const char* cursorName, CursorOf cursorOf) {
    nlohmann::json next = nullptr;
    if (static_cast<int>(rows.size()) > limit) {
        rows.pop_back();
        next = cursorOf(rows.back());
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& row : rows) {
        list.push_back(row.toJson());
    }
    return {{listName, std::move(list)}, {cursorName, std::move(next)}};
}

} // namespace lotok::http
