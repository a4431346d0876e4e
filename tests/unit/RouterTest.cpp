#include "http/Router.h"

#include "http/ApiError.h"
#include "lotok/Limits.h"

#include <catch2/catch.hpp>

using namespace lotok;
using http::Access;
using http::HttpRequest;
using http::HttpResponse;
using http::RequestContext;

namespace {

// Tokens "customer-7" and "staff-9" are valid; everything else is not.
class FixedAuthenticator : public auth::Authenticator {
public:
    std::optional<auth::Caller> authenticate(const std::string& token) override {
        if (token == "customer-7") {
            return auth::Caller{7, auth::Role::Customer, "key7"};
        }
        if (token == "staff-9") {
            return auth::Caller{9, auth::Role::Staff, "key9"};
        }
        return std::nullopt;
    }
};

HttpRequest request(std::string method, std::string path, std::string token = {},
                    bool internal = false) {
    HttpRequest out;
    out.method = std::move(method);
    const auto question = path.find('?');
    out.path = path.substr(0, question);
    if (question != std::string::npos) {
        out.query = path.substr(question + 1);
    }
    if (!token.empty()) {
        out.headers.emplace_back("authorization", "Bearer " + token);
    }
    out.internal = internal;
    return out;
}

std::string code(const HttpResponse& response) {
    return response.json()["error"].value("code", "");
}

struct Fixture {
    FixedAuthenticator authenticator;
    http::Router router;
    Fixture() {
        router.setAuthenticator(&authenticator);
        router.add("GET", "/api/v1/order/{id}", Access::SignedIn, [](RequestContext& context) {
            return HttpResponse::json(
                200, {{"id", context.idParam("id")}, {"caller", context.caller().userId}});
        });
        router.add("POST", "/api/v1/stock/positions", Access::Staff, [](RequestContext& context) {
            return HttpResponse::json(201, context.json().raw());
        });
        router.add("POST", "/api/v1/stock/position/{id}/reserve", Access::StaffOrService,
                   [](RequestContext&) {
                       return HttpResponse::json(200, {{"ok", true}});
                   });
        router.add("GET", "/internal/api/v1/auth", Access::Service, [](RequestContext&) {
            return HttpResponse::json(200, {{"ok", true}});
        });
        router.add(
            "PUT", "/api/v1/staff/positions/{id}/picture", Access::Staff,
            [](RequestContext& context) {
                return HttpResponse::json(200, {{"bytes", context.request().body.size()}});
            },
            http::RawBody{100'000, {"image/png", "image/jpeg"}});
        router.add("GET", "/boom", Access::Anyone, [](RequestContext&) -> HttpResponse {
            throw std::runtime_error("secret detail");
        });
    }
};

} // namespace

TEST_CASE_METHOD(Fixture, "path parameters reach the handler, bad ids are 404") {
    const auto ok = router.dispatch(request("GET", "/api/v1/order/42", "customer-7"));
    REQUIRE(ok.status == 200);
    CHECK(ok.json()["id"] == 42);
    CHECK(ok.json()["caller"] == 7);
    CHECK(router.dispatch(request("GET", "/api/v1/order/abc", "customer-7")).status == 404);
    CHECK(router.dispatch(request("GET", "/api/v1/order/-1", "customer-7")).status == 404);
    CHECK(router.dispatch(request("GET", "/api/v1/order/0", "customer-7")).status == 404);
}

TEST_CASE_METHOD(Fixture, "unknown paths are 404 and wrong methods 405 with Allow") {
    const auto missing = router.dispatch(request("GET", "/api/v1/nothing"));
    CHECK(missing.status == 404);
    CHECK(code(missing) == "not_found");
    const auto wrongMethod = router.dispatch(request("DELETE", "/api/v1/order/1", "customer-7"));
    CHECK(wrongMethod.status == 405);
    CHECK(wrongMethod.header("allow") == std::optional<std::string_view>("GET, HEAD"));
    // HEAD is answered wherever GET is.
    CHECK(router.dispatch(request("HEAD", "/api/v1/order/1", "customer-7")).status == 200);
}

TEST_CASE_METHOD(Fixture, "access rules: 401 without a session, 403 for the wrong role") {
    CHECK(router.dispatch(request("GET", "/api/v1/order/1")).status == 401);
    CHECK(router.dispatch(request("GET", "/api/v1/order/1", "forged")).status == 401);
    auto create = request("POST", "/api/v1/stock/positions", "customer-7");
    create.headers.emplace_back("content-type", "application/json");
    create.body = "{}";
    CHECK(code(router.dispatch(create)) == "forbidden");
    create.headers.front().second = "Bearer staff-9";
    CHECK(router.dispatch(create).status == 201);
}

TEST_CASE_METHOD(Fixture, "internal paths do not exist on the public listener") {
    CHECK(router.dispatch(request("GET", "/internal/api/v1/auth")).status == 404);
    CHECK(router.dispatch(request("GET", "/internal/api/v1/auth", "staff-9")).status == 404);
    CHECK(router.dispatch(request("GET", "/internal/api/v1/auth", {}, true)).status == 200);
}

TEST_CASE_METHOD(Fixture, "reserve is for staff or services only") {
    auto reserve = request("POST", "/api/v1/stock/position/1/reserve", "customer-7");
    CHECK(router.dispatch(reserve).status == 403);
    CHECK(router.dispatch(request("POST", "/api/v1/stock/position/1/reserve", {}, true)).status ==
          200);
    CHECK(router.dispatch(request("POST", "/api/v1/stock/position/1/reserve")).status == 401);
}

TEST_CASE_METHOD(Fixture, "the service token guards the internal listener when configured") {
    router.setServiceToken("s3cret");
    CHECK(router.dispatch(request("GET", "/internal/api/v1/auth", {}, true)).status == 401);
    auto withToken = request("GET", "/internal/api/v1/auth", {}, true);
    withToken.headers.emplace_back("x-service-token", "s3cret");
    CHECK(router.dispatch(withToken).status == 200);
    auto inProcess = request("GET", "/internal/api/v1/auth", {}, true);
    inProcess.inProcess = true;
    CHECK(router.dispatch(inProcess).status == 200);
}

TEST_CASE_METHOD(Fixture, "a client's request forwarded by the gateway is judged as a client's") {
    router.setServiceToken("s3cret");
    // What nginx sends: the service token, the client's address, and the identity Auth gave
    // (none here: no live session).
    auto forwarded = [](std::string method, std::string path) {
        auto out = request(std::move(method), std::move(path), {}, true);
        out.headers.emplace_back("x-service-token", "s3cret");
        out.headers.emplace_back("x-real-ip", "203.0.113.9");
        return out;
    };
    CHECK(router.dispatch(forwarded("POST", "/api/v1/stock/position/1/reserve")).status == 401);
    CHECK(router.dispatch(forwarded("GET", "/internal/api/v1/auth")).status == 404);
    auto customer = forwarded("POST", "/api/v1/stock/position/1/reserve");
    customer.headers.emplace_back("x-user-id", "7");
    customer.headers.emplace_back("x-user-role", "customer");
    CHECK(router.dispatch(customer).status == 403);
    auto staff = forwarded("POST", "/api/v1/stock/position/1/reserve");
    staff.headers.emplace_back("x-user-id", "9");
    staff.headers.emplace_back("x-user-role", "staff");
    CHECK(router.dispatch(staff).status == 200);
    // The same call from a service (no X-Real-IP) is a service's.
    auto service = request("POST", "/api/v1/stock/position/1/reserve", {}, true);
    service.headers.emplace_back("x-service-token", "s3cret");
    CHECK(router.dispatch(service).status == 200);
    // Without the token, X-Real-IP counts for nothing: the listener refuses the request.
    auto stranger = request("POST", "/api/v1/stock/position/1/reserve", {}, true);
    stranger.headers.emplace_back("x-real-ip", "203.0.113.9");
    CHECK(router.dispatch(stranger).status == 401);
}

TEST_CASE_METHOD(Fixture, "bodies: JSON only, at most 64 KiB") {
    auto text = request("POST", "/api/v1/stock/positions", "staff-9");
    text.headers.emplace_back("content-type", "text/plain");
    text.body = "{}";
    CHECK(code(router.dispatch(text)) == "unsupported_media_type");
    auto huge = request("POST", "/api/v1/stock/positions", "staff-9");
    huge.headers.emplace_back("content-type", "application/json");
    huge.body = std::string(64 * 1024 + 1, ' ');
    CHECK(router.dispatch(huge).status == 413);
}

TEST_CASE_METHOD(Fixture, "a crash in a handler is a 500 that leaks nothing") {
    const auto response = router.dispatch(request("GET", "/boom"));
    CHECK(response.status == 500);
    CHECK(response.body.find("secret detail") == std::string::npos);
    CHECK(response.header("x-request-id"));
}

TEST_CASE("the session cookie works like the bearer token") {
    HttpRequest withCookie;
    withCookie.headers.emplace_back("cookie", "theme=dark; session_id=abc123; lang=ru");
    CHECK(http::sessionToken(withCookie) == std::optional<std::string>("abc123"));
    HttpRequest none;
    CHECK_FALSE(http::sessionToken(none));
}

TEST_CASE_METHOD(Fixture, "a raw-body route takes its own media types and size") {
    const auto upload = [&](std::size_t size, const std::string& type, const std::string& token,
                            const std::string& path = "/api/v1/staff/positions/1/picture") {
        auto out = request("PUT", path, token);
        if (!type.empty()) {
            out.headers.emplace_back("content-type", type);
        }
        out.body = std::string(size, 'x');
        return router.dispatch(out);
    };
    CHECK(router.bodyLimit("PUT", "/api/v1/staff/positions/7/picture") == 100'000);
    CHECK(router.bodyLimit("GET", "/api/v1/staff/positions/7/picture") ==
          lotok::limits::kMaxBodyBytes);
    CHECK(router.bodyLimit("POST", "/api/v1/stock/positions") == lotok::limits::kMaxBodyBytes);

    const auto taken = upload(90'000, "Image/PNG; x=1", "staff-9");
    CHECK(taken.status == 200);
    CHECK(taken.json()["bytes"] == 90'000);
    CHECK(upload(100'001, "image/png", "staff-9").status == 413);
    // The order of checks holds: size, then session and role, then the media type.
    CHECK(upload(10, "image/png", "").status == 401);
    CHECK(upload(10, "text/plain", "customer-7").status == 403);
    const auto json = upload(10, "application/json", "staff-9");
    CHECK(json.status == 415);
    CHECK(code(json) == "unsupported_media_type");
    CHECK(upload(10, "", "staff-9").status == 415);
    CHECK(upload(10, "image/pngx", "staff-9").status == 415);
    // Everywhere else the general limit and JSON stay.
    auto big = request("POST", "/api/v1/stock/positions", "staff-9");
    big.headers.emplace_back("content-type", "application/json");
    big.body = std::string(70'000, ' ');
    CHECK(router.dispatch(big).status == 413);
    auto image = request("POST", "/api/v1/stock/positions", "staff-9");
    image.headers.emplace_back("content-type", "image/png");
    image.body = "{}";
    CHECK(router.dispatch(image).status == 415);
}
