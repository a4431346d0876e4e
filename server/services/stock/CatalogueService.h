#pragma once

#include "CatalogueRepository.h"
#include "StockRepository.h"
#include "events/Outbox.h"

namespace lotok::services::stock {

// The catalogue around the goods: categories and pictures. Every change that alters how a
// position looks (its picture, its category's name, losing its category) announces the
// position with stock.position_changed, in the same transaction, as StockService does.
class CatalogueService {
public:
    CatalogueService(CatalogueRepository& catalogue, StockRepository& positions,
                     events::Outbox& outbox)
        : m_catalogue(catalogue), m_positions(positions), m_outbox(outbox) {}

    std::vector<Category> categories() { return m_catalogue.categories(); }
    // Throws name_taken (409) or, past limits::kCategoriesMax, invalid_request.
    Category createCategory(db::Transaction& tx, const std::string& name);
    Category renameCategory(std::int64_t id, const std::string& name);
    void deleteCategory(std::int64_t id);
    // For a position change naming a category: 400 (field category_id) when it does not
    // exist; locked until the transaction ends, so it cannot vanish under the change.
    void requireCategory(db::Transaction& tx, std::int64_t id);

    // Checks and re-encodes the upload (PictureCodec) outside any transaction, then stores it.
    Position setPicture(std::int64_t positionId, std::string_view bytes,
                        std::string_view mediaType);
    Position deletePicture(std::int64_t positionId);
    std::optional<StoredPicture> picture(std::int64_t positionId, bool thumbnail) {
        return m_catalogue.picture(positionId, thumbnail);
    }

private:
    void announce(db::Transaction& tx, std::int64_t positionId);

    CatalogueRepository& m_catalogue;
    StockRepository& m_positions;
    events::Outbox& m_outbox;
};

} // namespace lotok::services::stock
