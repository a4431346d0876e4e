#include "CatalogueService.h"

#include "db/Errors.h"
#include "http/ApiError.h"
#include "lotok/IntegrationEvents.h"
#include "lotok/Limits.h"

namespace lotok::services::stock {

using http::ApiError;

namespace {

ApiError nameTaken(const std::string& name) {
    return ApiError(ErrorCode::NameTaken, "there is a category named '" + name + "' already",
                    "name");
}

ApiError noSuchCategory(std::int64_t id) {
    return ApiError::notFound("no category " + std::to_string(id));
}

ApiError noSuchPosition(std::int64_t id) {
    return ApiError::notFound("no position " + std::to_string(id));
}

} // namespace

void CatalogueService::announce(db::Transaction& tx, std::int64_t positionId) {
    if (const auto position = m_positions.find(tx, positionId)) {
        m_outbox.add(tx, events::PositionChanged{position->id, position->toJson()});
    }
}

Category CatalogueService::createCategory(db::Transaction& tx, const std::string& name) {
    if (m_catalogue.countCategories(tx) >= limits::kCategoriesMax) {
        throw ApiError::invalid("name", "at most " + std::to_string(limits::kCategoriesMax) +
                                            " categories");
    }
    auto category = m_catalogue.insertCategory(tx, name);
    if (!category) {
        throw nameTaken(name);
    }
    return *category;
}

Category CatalogueService::renameCategory(std::int64_t id, const std::string& name) {
    return m_catalogue.pool().transact([&](db::Transaction& tx) {
        std::optional<Category> category;
        try {
            category = m_catalogue.renameCategory(tx, id, name);
        } catch (const db::DbError& error) {
            if (error.sqlState() == "23505") { // the unique index on the folded name
                throw nameTaken(name);
            }
            throw;
        }
        if (!category) {
            throw noSuchCategory(id);
        }
        // Positions show their category's name: each one in it looks different now.
        for (const auto positionId : m_catalogue.positionsIn(tx, id)) {
            announce(tx, positionId);
        }
        return *category;
    });
}

void CatalogueService::deleteCategory(std::int64_t id) {
    m_catalogue.pool().transact([&](db::Transaction& tx) {
        std::vector<std::int64_t> uncategorised;
        if (!m_catalogue.deleteCategory(tx, id, uncategorised)) {
            throw noSuchCategory(id);
        }
        for (const auto positionId : uncategorised) {
            announce(tx, positionId);
        }
    });
}

void CatalogueService::requireCategory(db::Transaction& tx, std::int64_t id) {
    if (!m_catalogue.lockCategory(tx, id)) {
        throw ApiError::invalid("category_id", "no category " + std::to_string(id));
    }
}

Position CatalogueService::setPicture(std::int64_t positionId, std::string_view bytes,
                                      std::string_view mediaType) {
    // A missing position is 404 before the work of decoding (and whatever the body is).
    if (!m_positions.find(positionId)) {
        throw noSuchPosition(positionId);
    }
    const auto picture = PictureCodec::process(bytes, mediaType);
    return m_catalogue.pool().transact([&](db::Transaction& tx) {
        if (!m_catalogue.storePicture(tx, positionId, picture)) {
            throw noSuchPosition(positionId);
        }
        auto position = m_positions.find(tx, positionId);
        m_outbox.add(tx, events::PositionChanged{position->id, position->toJson()});
        return *position;
    });
}

Position CatalogueService::deletePicture(std::int64_t positionId) {
    return m_catalogue.pool().transact([&](db::Transaction& tx) {
        if (!m_catalogue.deletePicture(tx, positionId)) {
            throw noSuchPosition(positionId);
        }
        auto position = m_positions.find(tx, positionId);
        m_outbox.add(tx, events::PositionChanged{position->id, position->toJson()});
        return *position;
    });
}

} // namespace lotok::services::stock
