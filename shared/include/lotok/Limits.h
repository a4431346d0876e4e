#pragma once

#include <cstddef>
#include <cstdint>

// The contract's numeric limits, in one place for the server's validation, the desktop's
// inline checks and the OpenAPI file's test.
namespace lotok::limits {

inline constexpr std::int64_t kMinAmount = 1;
inline constexpr std::int64_t kMaxAmount = 1'000'000'000'000; // 10^12 minor units
// A balance is a sum of top-ups; capping it keeps every sum and product far from overflow.
inline constexpr std::int64_t kMaxBalance = 1'000'000'000'000'000; // 10^15
inline constexpr std::int64_t kMinCount = 1;
inline constexpr std::int64_t kMaxCount = 1'000'000;
inline constexpr std::int64_t kMaxStockCount = 1'000'000'000;
inline constexpr std::size_t kMaxOrderItems = 100;
inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;

inline constexpr std::size_t kLoginMin = 3;
inline constexpr std::size_t kLoginMax = 32;
inline constexpr std::size_t kPasswordMin = 8;
inline constexpr std::size_t kPasswordMax = 128;
inline constexpr std::size_t kEmailMax = 254;
inline constexpr std::size_t kNameMax = 100;
inline constexpr std::size_t kPhoneMax = 32;
inline constexpr std::size_t kAddressMax = 500;
inline constexpr std::size_t kPositionNameMax = 200;
inline constexpr std::size_t kIdempotencyKeyMax = 128;
// The catalogue (issue 15): a position's description is plain text, lines allowed.
inline constexpr std::size_t kDescriptionMax = 5000;
inline constexpr std::size_t kCategoryNameMax = 100;
// A flat list the catalogue shows whole (no paging): a shop has tens, not thousands.
inline constexpr int kCategoriesMax = 500;
inline constexpr std::size_t kSearchQueryMax = 100;
// A picture upload is its own raw body, allowed past the general body limit on its route
// only. Its dimensions are read from its header before it is decoded, so a small file that
// claims a huge canvas (a decompression bomb) is refused before any memory goes to it.
inline constexpr std::size_t kPictureMaxBytes = 2 * 1024 * 1024;
inline constexpr int kPictureMaxSide = 6000;
inline constexpr std::int64_t kPictureMaxPixels = 24'000'000;
// What is stored and served: the picture scaled to fit this square, and its thumbnail.
inline constexpr int kPictureStoredSide = 1200;
inline constexpr int kThumbnailSide = 256;

inline constexpr int kOrdersPageDefault = 20;
inline constexpr int kOrdersPageMax = 100;
inline constexpr int kNotificationsPageDefault = 50;
inline constexpr int kNotificationsPageMax = 200;
inline constexpr int kPositionsPageDefault = 100;
inline constexpr int kPositionsPageMax = 500;
// The account statement: a screenful of lines, and a year of a busy customer's in few pages.
inline constexpr int kTransactionsPageDefault = 50;
inline constexpr int kTransactionsPageMax = 200;

} // namespace lotok::limits
