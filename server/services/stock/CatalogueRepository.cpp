#include "CatalogueRepository.h"

#include "util/Hex.h"

#include <stdexcept>

namespace lotok::services::stock {
namespace {

// bytea in libpq's text format is "\x" and two hex digits a byte, both ways.
std::string toByteaHex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out = "\\x";
    out.reserve(2 + bytes.size() * 2);
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        out += kDigits[byte >> 4];
        out += kDigits[byte & 0x0F];
    }
    return out;
}

int hexValue(char c) {
    const int value = util::hexDigitValue(c);
    if (value < 0) {
        throw std::runtime_error("bytea: not a hex digit");
    }
    return value;
}

std::string fromByteaHex(std::string_view text) {
    if (text.size() < 2 || text.substr(0, 2) != "\\x" || text.size() % 2 != 0) {
        throw std::runtime_error("bytea: expected the hex output format");
    }
    std::string out;
    out.reserve((text.size() - 2) / 2);
    for (std::size_t i = 2; i < text.size(); i += 2) {
        out += static_cast<char>(hexValue(text[i]) * 16 + hexValue(text[i + 1]));
    }
    return out;
}

std::vector<Category> toCategories(const db::Result& rows) {
    std::vector<Category> out;
    for (int row = 0; row < rows.rows(); ++row) {
        out.push_back({rows.int64(row, 0), rows.string(row, 1)});
    }
    return out;
}

} // namespace

std::vector<Category> CatalogueRepository::categories() {
    return toCategories(m_pool.exec("SELECT id, name FROM " + m_schema + ".categories ORDER BY " +
                                    m_schema + ".search_fold(name), id"));
}

int CatalogueRepository::countCategories(db::Transaction& tx) {
    return static_cast<int>(
        tx.exec("SELECT count(*) FROM " + m_schema + ".categories").int64(0, 0));
}

std::optional<Category> CatalogueRepository::insertCategory(db::Transaction& tx,
                                                            const std::string& name) {
    auto rows = toCategories(tx.exec("INSERT INTO " + m_schema +
                                         ".categories (name) VALUES ($1) ON CONFLICT DO NOTHING "
                                         "RETURNING id, name",
                                     {name}));
    if (rows.empty()) {
        return std::nullopt;
    }
    return rows.front();
}

std::optional<Category> CatalogueRepository::renameCategory(db::Transaction& tx, std::int64_t id,
                                                            const std::string& name) {
    auto rows = toCategories(tx.exec("UPDATE " + m_schema +
                                         ".categories SET name = $2 WHERE id = $1 RETURNING id, "
                                         "name",
                                     {id, name}));
    if (rows.empty()) {
        return std::nullopt;
    }
    return rows.front();
}

bool CatalogueRepository::lockCategory(db::Transaction& tx, std::int64_t id) {
    return !tx.exec("SELECT 1 FROM " + m_schema + ".categories WHERE id = $1 FOR KEY SHARE", {id})
                .empty();
}

bool CatalogueRepository::deleteCategory(db::Transaction& tx, std::int64_t id,
                                         std::vector<std::int64_t>& uncategorised) {
    // Its positions first, so the caller can announce each (the foreign key's SET NULL
    // would change them silently).
    const auto rows = tx.exec("UPDATE " + m_schema +
                                  ".positions SET category_id = NULL, updated_at = now() WHERE "
                                  "category_id = $1 RETURNING id",
                              {id});
    for (int row = 0; row < rows.rows(); ++row) {
        uncategorised.push_back(rows.int64(row, 0));
    }
    return tx.exec("DELETE FROM " + m_schema + ".categories WHERE id = $1", {id}).affected() == 1;
}

std::vector<std::int64_t> CatalogueRepository::positionsIn(db::Transaction& tx,
                                                           std::int64_t categoryId) {
    const auto rows =
        tx.exec("SELECT id FROM " + m_schema + ".positions WHERE category_id = $1 ORDER BY id",
                {categoryId});
    std::vector<std::int64_t> out;
    for (int row = 0; row < rows.rows(); ++row) {
        out.push_back(rows.int64(row, 0));
    }
    return out;
}

bool CatalogueRepository::storePicture(db::Transaction& tx, std::int64_t positionId,
                                       const EncodedPicture& picture) {
    // The position's row first: it locks the position, so two uploads at once end with the
    // row and the version of the same one.
    if (tx.exec("UPDATE " + m_schema +
                    ".positions SET picture_version = $2, updated_at = now() WHERE id = $1",
                {positionId, picture.version})
            .affected() != 1) {
        return false;
    }
    tx.exec("INSERT INTO " + m_schema +
                ".pictures (position_id, version, content_type, width, height, image, "
                "thumbnail) VALUES ($1, $2, $3, $4, $5, $6::bytea, $7::bytea) ON CONFLICT "
                "(position_id) DO UPDATE SET version = EXCLUDED.version, content_type = "
                "EXCLUDED.content_type, width = EXCLUDED.width, height = EXCLUDED.height, "
                "image = EXCLUDED.image, thumbnail = EXCLUDED.thumbnail, updated_at = now()",
            {positionId, picture.version, picture.contentType, picture.width, picture.height,
             toByteaHex(picture.image), toByteaHex(picture.thumbnail)});
    return true;
}

bool CatalogueRepository::deletePicture(db::Transaction& tx, std::int64_t positionId) {
    if (tx.exec("UPDATE " + m_schema +
                    ".positions SET picture_version = NULL, updated_at = now() WHERE id = $1",
                {positionId})
            .affected() != 1) {
        return false;
    }
    tx.exec("DELETE FROM " + m_schema + ".pictures WHERE position_id = $1", {positionId});
    return true;
}

std::optional<StoredPicture> CatalogueRepository::picture(std::int64_t positionId, bool thumbnail) {
    const auto rows = m_pool.exec(std::string("SELECT version, content_type, ") +
                                      (thumbnail ? "thumbnail" : "image") + " FROM " + m_schema +
                                      ".pictures WHERE position_id = $1",
                                  {positionId});
    if (rows.empty()) {
        return std::nullopt;
    }
    return StoredPicture{rows.string(0, 0), rows.string(0, 1), fromByteaHex(rows.text(0, 2))};
}

} // namespace lotok::services::stock
