#include "CatalogueApi.h"

#include "http/ApiError.h"
#include "lotok/Limits.h"
#include "lotok/Validation.h"

namespace lotok::services::stock {

using http::Access;
using http::ApiError;
using http::HttpResponse;
using http::RequestContext;

namespace {

std::string categoryName(const http::JsonInput& body) {
    auto name = body.requireString("name");
    if (auto problem = validation::categoryName(name)) {
        throw ApiError::invalid("name", "name " + *problem);
    }
    return name;
}

// The media type of the request, lower case, without parameters (the router checked it is
// one the route takes).
std::string mediaTypeOf(const http::HttpRequest& request) {
    std::string out;
    const auto type = request.header("content-type").value_or("");
    for (char c : type.substr(0, type.find(';'))) {
        if (c != ' ' && c != '\t') {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

// If-None-Match holds this entity tag (RFC 9110 13.1.2: the weak comparison, so W/"x"
// matches "x"; "*" matches any current representation).
bool noneMatchHolds(std::string_view header, std::string_view etag) {
    std::size_t at = 0;
    while (at < header.size()) {
        while (at < header.size() &&
               (header[at] == ' ' || header[at] == '\t' || header[at] == ',')) {
            ++at;
        }
        if (at >= header.size()) {
            break;
        }
        if (header[at] == '*') {
            return true;
        }
        if (header.substr(at, 2) == "W/") {
            at += 2;
        }
        if (at >= header.size() || header[at] != '"') {
            return false; // not a list of entity tags: ignore it, answer in full
        }
        const auto end = header.find('"', at + 1);
        if (end == std::string_view::npos) {
            return false;
        }
        if (header.substr(at, end - at + 1) == etag) {
            return true;
        }
        at = end + 1;
    }
    return false;
}

} // namespace

void CatalogueApi::registerRoutes(http::Router& router) {
    router.add("GET", "/api/v1/stock/categories", Access::Anyone, [this](RequestContext&) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& category : m_service.categories()) {
            out.push_back(category.toJson());
        }
        return HttpResponse::json(200, {{"categories", out}});
    });

    router.add("POST", "/api/v1/staff/categories", Access::Staff, [this](RequestContext& context) {
        const auto name = categoryName(context.json());
        return m_idempotency.run(
            m_pool, "stock.category_create", context.caller().userId,
            http::IdempotencyStore::keyOf(context.request()),
            http::IdempotencyStore::fingerprint(context.request()), [&](db::Transaction& tx) {
                return HttpResponse::json(201, m_service.createCategory(tx, name).toJson());
            });
    });

    router.add("PUT", "/api/v1/staff/categories/{id}", Access::Staff,
               [this](RequestContext& context) {
                   const auto id = context.idParam("id");
                   const auto name = categoryName(context.json());
                   return HttpResponse::json(200, m_service.renameCategory(id, name).toJson());
               });

    router.add("DELETE", "/api/v1/staff/categories/{id}", Access::Staff,
               [this](RequestContext& context) {
                   m_service.deleteCategory(context.idParam("id"));
                   return HttpResponse::noContent();
               });

    // The picture's bytes are the body (no JSON, no base64), up to its own limit. A PUT:
    // repeating it stores the same picture again, so it needs no Idempotency-Key.
    router.add(
        "PUT", "/api/v1/staff/positions/{id}/picture", Access::Staff,
        [this](RequestContext& context) {
            const auto id = context.idParam("id");
            return HttpResponse::json(
                200,
                m_service.setPicture(id, context.request().body, mediaTypeOf(context.request()))
                    .toJson());
        },
        http::RawBody{limits::kPictureMaxBytes, {"image/jpeg", "image/png", "image/webp"}});

    router.add("DELETE", "/api/v1/staff/positions/{id}/picture", Access::Staff,
               [this](RequestContext& context) {
                   return HttpResponse::json(
                       200, m_service.deletePicture(context.idParam("id")).toJson());
               });

    router.add("GET", "/api/v1/stock/positions/{id}/picture", Access::Anyone,
               [this](RequestContext& context) {
                   const auto id = context.idParam("id");
                   const auto size = context.request().queryParam("size").value_or("full");
                   if (size != "full" && size != "thumbnail") {
                       throw ApiError::invalid("size", "size must be full or thumbnail");
                   }
                   const bool thumbnail = size == "thumbnail";
                   const auto picture = m_service.picture(id, thumbnail);
                   if (!picture) {
                       throw ApiError::notFound("position " + std::to_string(id) +
                                                " has no picture");
                   }
                   // Strong: the bytes are fixed for a version (the version is their hash).
                   const auto etag = "\"" + picture->version + (thumbnail ? "-t" : "") + "\"";
                   // The versioned URL positions give out never changes what it shows; any
                   // other (no ?v=, or an old one) shows whatever is current, so is kept briefly.
                   const auto version = context.request().queryParam("v");
                   const std::string cacheControl = version == picture->version
                                                        ? "public, max-age=31536000, immutable"
                                                        : "public, max-age=60";
                   HttpResponse response;
                   const auto ifNoneMatch = context.request().header("if-none-match");
                   if (ifNoneMatch && noneMatchHolds(*ifNoneMatch, etag)) {
                       response.status = 304;
                   } else {
                       response.status = 200;
                       response.body = picture->bytes;
                       response.headers.emplace_back("Content-Type", picture->contentType);
                   }
                   response.headers.emplace_back("ETag", etag);
                   response.headers.emplace_back("Cache-Control", cacheControl);
                   return response;
               });
}

} // namespace lotok::services::stock
