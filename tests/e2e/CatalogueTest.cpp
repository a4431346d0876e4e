// Issue 15's catalogue: categories, descriptions, server-side search and pictures (upload,
// checks, re-encoding, cached download), against a real lotokd. Test pictures are drawn
// here with libgd, the library the server decodes them with, and the bad ones are made
// from good ones (cut short, relabelled, a header claiming a huge canvas).
#include "DbQueries.h"
#include "LotokdProcess.h"
#include "TestClient.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <gd.h>
#include <memory>
#include <zlib.h>

using namespace lotok::test;
using lotok::http::HttpRequest;
using lotok::http::HttpResponse;

namespace {

HttpResponse send(TestClient& client, const std::string& method, const std::string& path,
                  const std::string& body, const std::string& contentType, const std::string& token,
                  lotok::http::Headers headers = {}) {
    HttpRequest request;
    request.method = method;
    request.path = path;
    request.headers = std::move(headers);
    if (!token.empty()) {
        request.headers.emplace_back("Authorization", "Bearer " + token);
    }
    if (!contentType.empty()) {
        request.headers.emplace_back("Content-Type", contentType);
    }
    request.body = body;
    return client.raw().send(request);
}

HttpResponse putJson(TestClient& client, const std::string& path, const nlohmann::json& body,
                     const std::string& token) {
    return send(client, "PUT", path, body.dump(), "application/json", token);
}

HttpResponse putPicture(TestClient& client, std::int64_t position, const std::string& bytes,
                        const std::string& type, const std::string& token) {
    return send(client, "PUT", "/api/v1/staff/positions/" + std::to_string(position) + "/picture",
                bytes, type, token);
}

struct GdDeleter {
    void operator()(gdImagePtr image) const { gdImageDestroy(image); }
};
using Image = std::unique_ptr<gdImageStruct, GdDeleter>;

// A width x height picture with a gradient (so JPEG has something to encode); `alpha`
// makes its left half half-transparent.
Image draw(int width, int height, bool alpha = false) {
    Image image(gdImageCreateTrueColor(width, height));
    gdImageAlphaBlending(image.get(), 0);
    gdImageSaveAlpha(image.get(), 1);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const int a = alpha && x < width / 2 ? 64 : 0;
            gdImageSetPixel(image.get(), x, y,
                            gdTrueColorAlpha(x * 255 / width, y * 255 / height, 128, a));
        }
    }
    return image;
}

std::string bytesOf(void* data, int size) {
    std::string out(static_cast<const char*>(data), static_cast<std::size_t>(size));
    gdFree(data);
    return out;
}

std::string jpeg(int width, int height) {
    int size = 0;
    auto image = draw(width, height);
    auto* data = gdImageJpegPtr(image.get(), &size, 90);
    return bytesOf(data, size);
}

std::string png(int width, int height, bool alpha = false) {
    int size = 0;
    auto image = draw(width, height, alpha);
    auto* data = gdImagePngPtr(image.get(), &size);
    return bytesOf(data, size);
}

std::string webp(int width, int height) {
    int size = 0;
    auto image = draw(width, height);
    auto* data = gdImageWebpPtr(image.get(), &size);
    return bytesOf(data, size);
}

// Width and height of a picture the server sent, decoded the way a client would.
std::pair<int, int> dimensionsOf(const std::string& bytes, const std::string& type) {
    auto* data = const_cast<char*>(bytes.data());
    const int size = static_cast<int>(bytes.size());
    Image image(type == "image/png" ? gdImageCreateFromPngPtr(size, data)
                                    : gdImageCreateFromJpegPtr(size, data));
    REQUIRE(image);
    return {gdImageSX(image.get()), gdImageSY(image.get())};
}

void putBigEndian32(std::string& bytes, std::size_t at, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) {
        bytes[at + static_cast<std::size_t>(i)] = static_cast<char>((value >> (24 - 8 * i)) & 0xFF);
    }
}

// A real, small PNG whose header claims width x height, its CRC made right: only the size
// check stands between it and a decoder allocating for the claimed canvas.
std::string pngClaiming(std::uint32_t width, std::uint32_t height) {
    auto bytes = png(16, 16);
    putBigEndian32(bytes, 16, width);
    putBigEndian32(bytes, 20, height);
    const auto crc = crc32(0, reinterpret_cast<const Bytef*>(bytes.data() + 12), 17);
    putBigEndian32(bytes, 29, static_cast<std::uint32_t>(crc));
    return bytes;
}

std::vector<std::int64_t> idsOf(const HttpResponse& response) {
    std::vector<std::int64_t> out;
    const auto body = response.json();
    for (const auto& position : body["positions"]) {
        out.push_back(position["id"].get<std::int64_t>());
    }
    return out;
}

std::int64_t createCategory(TestClient& client, const User& staff, const std::string& name) {
    const auto created = client.post("/api/v1/staff/categories", {{"name", name}}, staff.token);
    REQUIRE(created.status == 201);
    return created.json()["id"].get<std::int64_t>();
}

} // namespace

TEST_CASE("staff keep a flat list of categories, names unique ignoring case") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto customer = client.registerCustomer();
    const auto tag = uniqueName("c");

    const auto created = client.post("/api/v1/staff/categories", {{"name", "Чай " + tag}},
                                     staff.token, {{"Idempotency-Key", "cat-" + tag}});
    REQUIRE(created.status == 201);
    const auto tea = created.json()["id"].get<std::int64_t>();
    CHECK(created.json()["name"] == "Чай " + tag);

    // A retry with the same key is the first answer; ignoring case, the name is taken.
    const auto retried = client.post("/api/v1/staff/categories", {{"name", "Чай " + tag}},
                                     staff.token, {{"Idempotency-Key", "cat-" + tag}});
    CHECK(retried.status == 201);
    CHECK(retried.json()["id"] == tea);
    CHECK(retried.header("idempotent-replayed") == "true");
    const auto taken =
        client.post("/api/v1/staff/categories", {{"name", "ЧАЙ " + tag}}, staff.token);
    CHECK(taken.status == 409);
    CHECK(errorCode(taken) == "name_taken");
    CHECK(taken.json()["error"]["field"] == "name");

    const auto coffee = createCategory(client, staff, "Coffee " + tag);
    const auto listed = client.get("/api/v1/stock/categories");
    REQUIRE(listed.status == 200);
    std::vector<std::int64_t> ours;
    const auto categories = listed.json(); // (a temporary's element would dangle in the loop)
    for (const auto& category : categories["categories"]) {
        if (category["name"].get<std::string>().find(tag) != std::string::npos) {
            ours.push_back(category["id"].get<std::int64_t>());
        }
    }
    CHECK(ours == std::vector<std::int64_t>{coffee, tea}); // by name: C before Ч

    SECTION("bad names and callers") {
        CHECK(client.post("/api/v1/staff/categories", {{"name", " "}}, staff.token).status == 400);
        CHECK(
            client.post("/api/v1/staff/categories", {{"name", std::string(101, 'x')}}, staff.token)
                .status == 400);
        CHECK(client.post("/api/v1/staff/categories", {{"name", "a\nb"}}, staff.token).status ==
              400);
        CHECK(
            client.post("/api/v1/staff/categories", {{"name", "x" + tag}}, customer.token).status ==
            403);
        CHECK(client.post("/api/v1/staff/categories", {{"name", "x" + tag}}).status == 401);
        CHECK(putJson(client, "/api/v1/staff/categories/999999999", {{"name", "x" + tag}},
                      staff.token)
                  .status == 404);
        CHECK(send(client, "DELETE", "/api/v1/staff/categories/999999999", "", "", staff.token)
                  .status == 404);
    }

    SECTION("renaming shows on the positions; deleting leaves them uncategorised") {
        const auto position = client.post(
            "/api/v1/stock/positions",
            {{"name", "Oolong " + tag}, {"price", 1000}, {"category_id", tea}}, staff.token);
        REQUIRE(position.status == 201);
        const auto id = position.json()["id"].get<std::int64_t>();
        CHECK(position.json()["category"] == "Чай " + tag);

        const auto renamed = putJson(client, "/api/v1/staff/categories/" + std::to_string(tea),
                                     {{"name", "Tea " + tag}}, staff.token);
        REQUIRE(renamed.status == 200);
        CHECK(renamed.json()["name"] == "Tea " + tag);
        CHECK(putJson(client, "/api/v1/staff/categories/" + std::to_string(tea),
                      {{"name", "coffee " + tag}}, staff.token)
                  .status == 409);
        auto shown = client.get("/api/v1/stock/positions?ids=" + std::to_string(id));
        CHECK(shown.json()["positions"][0]["category"] == "Tea " + tag);

        const auto deleted =
            send(client, "DELETE", "/api/v1/staff/categories/" + std::to_string(tea), "", "",
                 staff.token);
        CHECK(deleted.status == 204);
        shown = client.get("/api/v1/stock/positions?ids=" + std::to_string(id));
        CHECK(shown.json()["positions"][0]["category_id"].is_null());
        CHECK(shown.json()["positions"][0]["category"].is_null());
        CHECK(client.get("/api/v1/stock/positions?category=" + std::to_string(tea))
                  .json()["positions"]
                  .empty());
    }
}

TEST_CASE("positions carry a description and a category, searched and filtered by the server") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto tag = uniqueName("s");
    const auto teas = createCategory(client, staff, "Teas " + tag);
    const auto cups = createCategory(client, staff, "Cups " + tag);

    const auto create = [&](const nlohmann::json& body) {
        const auto created = client.post("/api/v1/stock/positions", body, staff.token);
        REQUIRE(created.status == 201);
        return created.json();
    };
    const auto oolong = create({{"name", "Улун " + tag},
                                {"price", 1500},
                                {"count", 3},
                                {"description", "Полуферментированный.\nFrom Fujian, 100% leaf."},
                                {"category_id", teas}});
    CHECK(oolong["description"] == "Полуферментированный.\nFrom Fujian, 100% leaf.");
    CHECK(oolong["category_id"] == teas);
    CHECK(oolong["category"] == "Teas " + tag);
    CHECK(oolong["image_url"].is_null());
    const auto puer = create({{"name", "Puer " + tag}, {"price", 2000}, {"category_id", teas}});
    CHECK(puer["description"] == "");
    const auto cup = create({{"name", "Cup " + tag},
                             {"price", 500},
                             {"description", "Glass, for oolong."},
                             {"category_id", cups}});
    const auto plain = create({{"name", "Spoon " + tag}, {"price", 100}});
    CHECK(plain["category_id"].is_null());

    const auto search = [&](const std::string& query) {
        const auto found = client.get("/api/v1/stock/positions?" + query);
        REQUIRE(found.status == 200);
        return idsOf(found);
    };
    const auto id = [](const nlohmann::json& position) {
        return position["id"].get<std::int64_t>();
    };
    using Ids = std::vector<std::int64_t>;
    const auto q = [&](const std::string& text) { return "q=" + lotok::http::urlEncode(text); };

    // Name and description, "contains", ignoring case in any script.
    CHECK(search(q(tag)) == Ids{id(oolong), id(puer), id(cup), id(plain)});
    CHECK(search(q("УЛУН " + tag)) == Ids{id(oolong)});
    CHECK(search(q("oolong") + "&category=" + std::to_string(cups)) == Ids{id(cup)});
    const auto byDescription = search(q("ПОЛУФЕРМЕНТ"));
    CHECK(std::find(byDescription.begin(), byDescription.end(), id(oolong)) != byDescription.end());
    CHECK(search("category=" + std::to_string(teas)) == Ids{id(oolong), id(puer)});
    // LIKE's wildcards are literal.
    const auto teasOnly = "&category=" + std::to_string(teas); // (a shared cluster has others)
    CHECK(search(q("100% leaf") + teasOnly) == Ids{id(oolong)});
    CHECK(search(q("1_0% leaf") + teasOnly).empty());
    CHECK(search(q("   ") + "&category=" + std::to_string(cups)) == Ids{id(cup)});

    // The cursor pages through a filtered list as through the whole one.
    const auto first = client.get("/api/v1/stock/positions?limit=1&" + q(tag));
    REQUIRE(first.status == 200);
    CHECK(idsOf(first) == Ids{id(oolong)});
    REQUIRE(first.json()["next_after"] == id(oolong));
    CHECK(search("limit=10&after=" + std::to_string(id(oolong)) + "&" + q(tag)) ==
          Ids{id(puer), id(cup), id(plain)});
    // Staff's list filters alike, archived included.
    REQUIRE(client
                .post("/api/v1/stock/position/" + std::to_string(id(puer)), {{"archived", true}},
                      staff.token)
                .status == 200);
    CHECK(search(q(tag)) == Ids{id(oolong), id(cup), id(plain)});
    const auto staffList = client.get("/api/v1/staff/positions?" + q("puer " + tag), staff.token);
    CHECK(idsOf(staffList) == Ids{id(puer)});

    SECTION("a change sets, keeps or removes the catalogue fields") {
        const auto path = "/api/v1/stock/position/" + std::to_string(id(plain));
        auto changed = client.post(
            path, {{"description", "Silver.\n\nHeavy."}, {"category_id", cups}}, staff.token);
        REQUIRE(changed.status == 200);
        CHECK(changed.json()["description"] == "Silver.\n\nHeavy.");
        CHECK(changed.json()["category"] == "Cups " + tag);
        changed = client.post(path, {{"price", 150}}, staff.token);
        CHECK(changed.json()["description"] == "Silver.\n\nHeavy.");
        CHECK(changed.json()["category_id"] == cups);
        changed = client.post(path, {{"category_id", 0}, {"description", ""}}, staff.token);
        CHECK(changed.json()["category_id"].is_null());
        CHECK(changed.json()["description"] == "");
        const auto silver = search(q("silver"));
        CHECK(std::find(silver.begin(), silver.end(), id(plain)) == silver.end());
    }

    SECTION("bad catalogue fields are refused, naming the field") {
        const auto refused = [&](const std::string& path, const nlohmann::json& body,
                                 const std::string& field) {
            const auto answer = client.post(path, body, staff.token);
            INFO(body.dump() << " -> " << answer.body);
            CHECK(answer.status == 400);
            CHECK(answer.json()["error"]["field"] == field);
        };
        const std::string change = "/api/v1/stock/position/" + std::to_string(id(plain));
        const std::string create = "/api/v1/stock/positions";
        refused(change, {{"description", std::string(5001, 'x')}}, "description");
        refused(change, {{"description", "a\r\nb"}}, "description");
        refused(change, {{"description", std::string("a\0b", 3)}}, "description");
        refused(change, {{"description", 5}}, "description");
        refused(change, {{"category_id", 999999999}}, "category_id");
        refused(change, {{"category_id", -1}}, "category_id");
        refused(change, {{"category_id", "1"}}, "category_id");
        refused(create, {{"name", "x"}, {"price", 1}, {"category_id", 0}}, "category_id");
        refused(create, {{"name", "x"}, {"price", 1}, {"category_id", 999999999}}, "category_id");
        // 5000 code points of Cyrillic (10,000 bytes) are within the limit.
        std::string longest;
        for (int i = 0; i < 5000; ++i) {
            longest += "я";
        }
        CHECK(client.post(change, {{"description", longest}}, staff.token).status == 200);

        const auto badQuery = [&](const std::string& query, const std::string& field) {
            const auto answer = client.get("/api/v1/stock/positions?" + query);
            INFO(query << " -> " << answer.body);
            CHECK(answer.status == 400);
            CHECK(answer.json()["error"]["field"] == field);
        };
        badQuery("q=" + std::string(101, 'x'), "q");
        badQuery("q=%00", "q");
        badQuery("q=%FF", "q");
        badQuery("category=tea", "category");
        badQuery("category=0", "category");
    }
}

TEST_CASE("pictures are re-encoded, stored by Stock and served for caching") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto position = client.createPosition(staff, "Teapot " + uniqueName("p"), 5000, 1);

    // A JPEG from a camera: an Exif segment (where GPS positions live) right after SOI.
    auto upload = jpeg(2400, 1200);
    const std::string exifPayload = "Exif\0\0SECRET-GPS-55.75N-37.61E";
    std::string exif = "\xFF\xE1";
    exif += static_cast<char>(((exifPayload.size() + 2) >> 8) & 0xFF);
    exif += static_cast<char>((exifPayload.size() + 2) & 0xFF);
    exif += exifPayload;
    upload.insert(2, exif);
    upload += "TRAILING-BYTES-AFTER-EOI";

    const auto stored = putPicture(client, position, upload, "image/jpeg", staff.token);
    REQUIRE(stored.status == 200);
    const auto imageUrl = stored.json()["image_url"].get<std::string>();
    const auto thumbnailUrl = stored.json()["thumbnail_url"].get<std::string>();
    CHECK(imageUrl.rfind("/api/v1/stock/positions/" + std::to_string(position) + "/picture?v=",
                         0) == 0);
    CHECK(thumbnailUrl == imageUrl + "&size=thumbnail");
    // The list shows it too (a column of the position, no picture read).
    CHECK(client.get("/api/v1/stock/positions?ids=" + std::to_string(position))
              .json()["positions"][0]["image_url"] == imageUrl);

    const auto picture = client.get(imageUrl);
    REQUIRE(picture.status == 200);
    CHECK(picture.header("content-type") == "image/jpeg");
    CHECK(picture.header("cache-control") == "public, max-age=31536000, immutable");
    const auto etag = std::string(picture.header("etag").value_or(""));
    CHECK(etag.size() > 2);
    CHECK(etag.front() == '"'); // strong
    CHECK(dimensionsOf(picture.body, "image/jpeg") == std::pair{1200, 600});
    CHECK(picture.body.find("SECRET-GPS") == std::string::npos);
    CHECK(picture.body.find("TRAILING-BYTES") == std::string::npos);

    const auto thumbnail = client.get(thumbnailUrl);
    REQUIRE(thumbnail.status == 200);
    CHECK(dimensionsOf(thumbnail.body, "image/jpeg") == std::pair{256, 128});
    CHECK(thumbnail.header("etag") != picture.header("etag"));

    // Revalidation: the same tag is 304 without a body, the caching headers again.
    const auto revalidated = client.raw().get(imageUrl, {{"If-None-Match", etag}});
    CHECK(revalidated.status == 304);
    CHECK(revalidated.body.empty());
    CHECK(revalidated.header("etag") == etag);
    CHECK(client.raw().get(imageUrl, {{"If-None-Match", "\"other\", W/" + etag}}).status == 304);
    CHECK(client.raw().get(imageUrl, {{"If-None-Match", "\"other\""}}).status == 200);
    // Without the version the URL shows whatever is current: kept briefly only.
    const auto unversioned =
        client.get("/api/v1/stock/positions/" + std::to_string(position) + "/picture");
    CHECK(unversioned.status == 200);
    CHECK(unversioned.header("cache-control") == "public, max-age=60");
    CHECK(unversioned.header("etag") == etag);
    CHECK(client.get(imageUrl + "&size=huge").status == 400);

    SECTION("transparency is kept as PNG; WebP is served as JPEG") {
        const auto withAlpha =
            putPicture(client, position, png(300, 200, true), "image/png", staff.token);
        REQUIRE(withAlpha.status == 200);
        const auto pngPicture = client.get(withAlpha.json()["image_url"].get<std::string>());
        CHECK(pngPicture.header("content-type") == "image/png");
        CHECK(dimensionsOf(pngPicture.body, "image/png") == std::pair{300, 200});
        CHECK(withAlpha.json()["image_url"] != imageUrl);
        // The old version's URL now shows the current picture, not cached for long.
        CHECK(client.get(imageUrl).header("cache-control") == "public, max-age=60");

        const auto fromWebp =
            putPicture(client, position, webp(640, 480), "image/webp", staff.token);
        REQUIRE(fromWebp.status == 200);
        const auto webpPicture = client.get(fromWebp.json()["image_url"].get<std::string>());
        CHECK(webpPicture.header("content-type") == "image/jpeg");
        CHECK(dimensionsOf(webpPicture.body, "image/jpeg") == std::pair{640, 480});
        // Content-Type parameters and case do not matter.
        CHECK(putPicture(client, position, png(20, 20), "IMAGE/PNG; q=1", staff.token).status ==
              200);
    }

    SECTION("removing the picture") {
        const auto path = "/api/v1/staff/positions/" + std::to_string(position) + "/picture";
        const auto removed = send(client, "DELETE", path, "", "", staff.token);
        REQUIRE(removed.status == 200);
        CHECK(removed.json()["image_url"].is_null());
        CHECK(removed.json()["thumbnail_url"].is_null());
        const auto gone = client.get(imageUrl);
        CHECK(gone.status == 404);
        CHECK(errorCode(gone) == "not_found");
        CHECK(send(client, "DELETE", path, "", "", staff.token).status == 200); // again: fine
    }
}

TEST_CASE("bad pictures are refused whole, in the error shape") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto customer = client.registerCustomer();
    const auto position = client.createPosition(staff, "Kettle " + uniqueName("p"), 5000, 1);
    const auto first = putPicture(client, position, png(64, 64), "image/png", staff.token);
    REQUIRE(first.status == 200);
    const auto imageUrl = first.json()["image_url"];

    const auto refused = [&](const std::string& what, const std::string& bytes,
                             const std::string& type, int status, const std::string& code,
                             const std::string& token) {
        const auto answer = putPicture(client, position, bytes, type, token);
        INFO(what << ": " << answer.status << " " << answer.body);
        CHECK(answer.status == status);
        CHECK(errorCode(answer) == code);
        CHECK(answer.json()["error"]["message"].is_string());
        return answer;
    };
    const auto good = jpeg(300, 300);
    refused("not an image", "hello, I am text", "image/png", 415, "unsupported_media_type",
            staff.token);
    refused("a PNG declared as JPEG", png(32, 32), "image/jpeg", 415, "unsupported_media_type",
            staff.token);
    refused("a JPEG declared as WebP", good, "image/webp", 415, "unsupported_media_type",
            staff.token);
    refused("no Content-Type", good, "", 415, "unsupported_media_type", staff.token);
    refused("declared as JSON", good, "application/json", 415, "unsupported_media_type",
            staff.token);
    refused("a GIF", "GIF89a\x01\x00\x01\x00", "image/gif", 415, "unsupported_media_type",
            staff.token);
    CHECK(refused("truncated JPEG", good.substr(0, good.size() / 2), "image/jpeg", 400,
                  "invalid_request", staff.token)
              .json()["error"]["field"] == "picture");
    const auto pngBytes = png(200, 200);
    refused("truncated PNG", pngBytes.substr(0, pngBytes.size() / 2), "image/png", 400,
            "invalid_request", staff.token);
    const auto webpBytes = webp(200, 200);
    refused("truncated WebP", webpBytes.substr(0, webpBytes.size() / 2), "image/webp", 400,
            "invalid_request", staff.token);
    refused("a header only", good.substr(0, 600), "image/jpeg", 400, "invalid_request",
            staff.token);
    refused("empty", "", "image/png", 400, "invalid_request", staff.token);
    const auto bomb = refused("a decompression bomb", pngClaiming(50'000, 50'000), "image/png", 400,
                              "invalid_request", staff.token);
    CHECK(bomb.json()["error"]["message"].get<std::string>().find("50000x50000") !=
          std::string::npos);
    refused("too many pixels", pngClaiming(6000, 6000), "image/png", 400, "invalid_request",
            staff.token);
    // Over the route's own limit: 413 before the body is taken in.
    std::string tooBig = good;
    tooBig.resize(2 * 1024 * 1024 + 1, '\0');
    refused("over 2 MiB", tooBig, "image/jpeg", 413, "payload_too_large", staff.token);
    refused("a customer", good, "image/jpeg", 403, "forbidden", customer.token);
    refused("nobody", good, "image/jpeg", 401, "unauthorized", "");
    CHECK(putPicture(client, 999999999, good, "image/jpeg", staff.token).status == 404);

    // Nothing half-written: the first picture is still the one shown and served.
    const auto shown = client.get("/api/v1/stock/positions?ids=" + std::to_string(position));
    CHECK(shown.json()["positions"][0]["image_url"] == imageUrl);
    CHECK(client.get(imageUrl.get<std::string>()).status == 200);

    // Just under the limit is taken (a JPEG with padding after its end, which re-encoding
    // drops), and the general 64 KiB limit still holds on every other route.
    std::string justUnder = good;
    justUnder.resize(2 * 1024 * 1024, '\0');
    CHECK(putPicture(client, position, justUnder, "image/jpeg", staff.token).status == 200);
    const auto bigJson =
        client.postRaw("/api/v1/stock/positions", "{\"name\":\"" + std::string(70'000, 'x') + "\"}",
                       "application/json", staff.token);
    CHECK(bigJson.status == 413);
    CHECK(send(client, "DELETE", "/api/v1/staff/positions/" + std::to_string(position) + "/picture",
               std::string(70'000, 'x'), "application/json", staff.token)
              .status == 413);
}

TEST_CASE("the search runs on a trigram index and pictures stay in Stock's schema", "[local]") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto position = client.createPosition(staff, "Jug " + uniqueName("p"), 100, 1);
    REQUIRE(putPicture(client, position, png(40, 40), "image/png", staff.token).status == 200);

    lotok::db::Connection db(server.databaseUrl("stock"));
    // pg_trgm comes with Debian's PostgreSQL: the migration made the index, not the fallback.
    CHECK(scalar(db, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'stock' AND indexname = "
                     "'positions_search'") == 1);
    // One row per position, the picture and its thumbnail in it; nothing anywhere else.
    CHECK(scalar(db,
                 "SELECT count(*) FROM stock.pictures WHERE position_id = $1 AND "
                 "octet_length(image) > 0 AND octet_length(thumbnail) > 0",
                 {position}) == 1);
    // The fold that search and unique names use handles Cyrillic (the database has no locale).
    CHECK(db.exec("SELECT stock.search_fold('ЧАЙ Ёж')").string(0, 0) == "чай ёж");
}
