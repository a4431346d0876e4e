// http::RequestParser, the first code a stranger's bytes reach on either listener. Each
// input is parsed as the event loop does (HttpServer::Loop::process): whole, then in random
// pieces, then in pieces with small limits. Checked: no crash or sanitizer report; the same
// requests come out however the bytes are split; a Complete request never exceeds the
// limits; a failure is one of the statuses the server answers with. Each request is then
// dispatched by a Router with the API's route patterns (handlers that fingerprint and read
// the body, the id and the paging parameters, as the real ones do) on both listeners: dispatch
// never throws, never answers 500, and its answer serializes, with an error in the contract shape.
#include "FuzzSupport.h"
#include "http/HttpServer.h"
#include "http/IdempotencyStore.h"
#include "http/RequestParser.h"
#include "http/Router.h"
#include "lotok/Limits.h"

#include <string>

namespace {

using lotok::http::Access;
using lotok::http::HttpRequest;
using lotok::http::HttpResponse;
using lotok::http::RequestContext;
using lotok::http::RequestParser;

const lotok::http::Router& router() {
    static const auto instance = [] {
        lotok::http::Router router;
        const auto handler = [](RequestContext& context) {
            if (context.request().method == "POST") {
                // What the order and top-up routes do first, then every route with a body.
                lotok::http::IdempotencyStore::fingerprint(context.request());
                context.json();
            }
            if (context.request().path.find("/order/") != std::string::npos) {
                context.idParam("id");
            }
            context.limitParam(20, 100);
            context.idQueryParam("after");
            return HttpResponse::json(200, {{"ok", true}});
        };
        for (const auto& [method, pattern, access] :
             std::vector<std::tuple<const char*, const char*, Access>>{
                 {"POST", "/api/v1/login", Access::Anyone},
                 {"POST", "/api/v1/register", Access::Anyone},
                 {"GET", "/api/v1/user/profile", Access::SignedIn},
                 {"POST", "/api/v1/order", Access::Anyone},
                 {"GET", "/api/v1/orders", Access::Anyone},
                 {"GET", "/api/v1/order/{id}", Access::Anyone},
                 {"GET", "/api/v1/order/{id}/delivery", Access::Anyone},
                 {"GET", "/api/v1/stock/positions", Access::Anyone},
                 {"POST", "/api/v1/stock/position/{id}", Access::Staff},
                 {"GET", "/api/v1/notifications/ws", Access::SignedIn},
                 {"GET", "/internal/api/v1/user/{id}/profile", Access::Service},
                 {"POST", "/internal/api/v1/payment", Access::Service},
                 {"GET", "/healthz", Access::Anyone},
             }) {
            router.add(method, pattern, access, handler);
        }
        // The one route with a raw body and a limit of its own (a picture upload).
        router.add("PUT", "/api/v1/staff/positions/{id}/picture", Access::Staff, handler,
                   lotok::http::RawBody{lotok::limits::kPictureMaxBytes,
                                        {"image/jpeg", "image/png", "image/webp"}});
        router.setServiceToken("fuzz-service-token");
        return router;
    }();
    return instance;
}

void dispatch(HttpRequest request, bool internal, bool keepAlive) {
    request.internal = internal;
    const auto response = router().dispatch(request);
    FUZZ_CHECK(response.status != 500);
    FUZZ_CHECK(response.status >= 200 && response.status < 600);
    lotok::http::serializeResponse(response, keepAlive, request.method == "HEAD");
    if (response.status >= 400) {
        const auto body = nlohmann::json::parse(response.body);
        FUZZ_CHECK(body.at("error").at("code").is_string());
        FUZZ_CHECK(body.at("error").at("message").is_string());
    }
}

struct Outcome {
    std::vector<std::string> requests; // each one flattened, for comparison
    RequestParser::State state = RequestParser::State::NeedMore;
    int failureStatus = 0;
    bool operator==(const Outcome&) const = default;
};

std::string flatten(const HttpRequest& request, bool keepAlive, bool upgrade) {
    std::string out = request.method + ' ' + request.path + '?' + request.query + '\n';
    for (const auto& [name, value] : request.headers) {
        out += name + ':' + value + '\n';
    }
    out += std::to_string(keepAlive) + std::to_string(upgrade) + '\n';
    return out + request.body;
}

// The body limit of a request's route: the router's (as HttpServer wires it), or with small
// limits a small one for the upload route, so that its boundary is crossed often too.
using BodyLimit = RequestParser::BodyLimit;
const BodyLimit kRouterLimit = [](std::string_view method, std::string_view path) {
    return router().bodyLimit(method, path);
};
const BodyLimit kSmallRouteLimit = [](std::string_view method, std::string_view path) {
    return router().bodyLimit(method, path) > lotok::limits::kMaxBodyBytes ? std::size_t(1024)
                                                                           : std::size_t(0);
};

void checkLimits(const HttpRequest& request, const RequestParser::Limits& limits,
                 const BodyLimit& bodyLimit) {
    const auto target =
        request.path.size() + (request.query.empty() ? 0 : 1 + request.query.size());
    FUZZ_CHECK(target <= limits.maxTargetBytes);
    std::size_t headerBytes = target;
    for (const auto& [name, value] : request.headers) {
        headerBytes += name.size() + value.size();
    }
    FUZZ_CHECK(headerBytes <= limits.maxHeaderBytes);
    FUZZ_CHECK(request.body.size() <=
               std::max(limits.maxBodyBytes, bodyLimit(request.method, request.path)));
}

Outcome parse(std::string_view bytes, const std::vector<std::size_t>& pieces,
              const RequestParser::Limits& limits, const BodyLimit& bodyLimit,
              bool dispatchRequests = false) {
    RequestParser parser(limits);
    parser.setBodyLimit(bodyLimit);
    Outcome outcome;
    std::string unparsed;
    std::size_t offset = 0;
    for (const auto piece : pieces) {
        unparsed.append(bytes.substr(offset, piece));
        offset += piece;
        while (!unparsed.empty()) {
            const auto used = parser.feed(unparsed);
            FUZZ_CHECK(used <= unparsed.size());
            unparsed.erase(0, used);
            outcome.state = parser.state();
            if (outcome.state == RequestParser::State::Failed) {
                const int status = parser.failure().status;
                FUZZ_CHECK(status == 400 || status == 413 || status == 414 || status == 417 ||
                           status == 431 || status == 501 || status == 505);
                FUZZ_CHECK(!parser.failure().message.empty());
                FUZZ_CHECK(parser.feed("GET / HTTP/1.1\r\n\r\n") == 0); // stays failed
                outcome.failureStatus = status;
                return outcome;
            }
            if (outcome.state == RequestParser::State::NeedMore) {
                // The loop waits for more bytes only when the parser took all it was given.
                FUZZ_CHECK(unparsed.empty());
                break;
            }
            const bool keepAlive = parser.keepAlive();
            const bool upgrade = parser.upgrade();
            const auto request = parser.take();
            checkLimits(request, limits, bodyLimit);
            outcome.requests.push_back(flatten(request, keepAlive, upgrade));
            if (dispatchRequests) {
                dispatch(request, false, keepAlive);
                dispatch(request, true, keepAlive);
            }
            if (upgrade) {
                return outcome; // the rest of the bytes are WebSocket frames
            }
        }
    }
    return outcome;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto bytes = lotok::fuzz::bytesOf(data, size);
    const RequestParser::Limits server; // what HttpServer uses
    const auto whole = parse(bytes, {size}, server, kRouterLimit, true);
    const auto pieces = lotok::fuzz::pieces(bytes);
    FUZZ_CHECK(parse(bytes, pieces, server, kRouterLimit) == whole);
    // Small limits, so every limit is crossed often, on both sides of each boundary.
    parse(bytes, pieces, RequestParser::Limits{64, 256, 512}, kSmallRouteLimit);
    return 0;
}
