#pragma once

#include "PictureCodec.h"
#include "db/Pool.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lotok::services::stock {

struct Category {
    std::int64_t id = 0;
    std::string name;

    nlohmann::json toJson() const { return {{"id", id}, {"name", name}}; }
};

// A stored picture as served: one of its two sizes.
struct StoredPicture {
    std::string version;
    std::string contentType;
    std::string bytes;
};

// Stock's catalogue tables beside the positions: categories and pictures (SQL only).
class CatalogueRepository {
public:
    CatalogueRepository(db::Pool& pool, std::string schema)
        : m_pool(pool), m_schema(std::move(schema)) {}

    db::Pool& pool() { return m_pool; }

    // Every category, by name (case-insensitively).
    std::vector<Category> categories();
    int countCategories(db::Transaction& tx);
    // nullopt when the name is taken (ignoring case).
    std::optional<Category> insertCategory(db::Transaction& tx, const std::string& name);
    // nullopt when there is no such category; throws db::DbError 23505 when the name is taken.
    std::optional<Category> renameCategory(db::Transaction& tx, std::int64_t id,
                                           const std::string& name);
    // Locks the category against deletion until the transaction ends; false when missing.
    bool lockCategory(db::Transaction& tx, std::int64_t id);
    // Its positions, which lose it; false when there is no such category.
    bool deleteCategory(db::Transaction& tx, std::int64_t id,
                        std::vector<std::int64_t>& uncategorised);
    std::vector<std::int64_t> positionsIn(db::Transaction& tx, std::int64_t categoryId);

    // Replaces the position's picture and moves its picture_version; false when there is no
    // such position.
    bool storePicture(db::Transaction& tx, std::int64_t positionId, const EncodedPicture& picture);
    // False when there is no such position (a position without a picture is fine).
    bool deletePicture(db::Transaction& tx, std::int64_t positionId);
    std::optional<StoredPicture> picture(std::int64_t positionId, bool thumbnail);

private:
    db::Pool& m_pool;
    std::string m_schema;
};

} // namespace lotok::services::stock
