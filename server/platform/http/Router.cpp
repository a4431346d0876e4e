#include "http/Router.h"

#include "db/Errors.h"
#include "http/ApiError.h"
#include "log/Log.h"
#include "log/RequestScope.h"
#include "lotok/Limits.h"
#include "metrics/Metrics.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <map>
#include <optional>
#include <tuple>

namespace lotok::http {
namespace {

std::vector<std::string> splitPath(std::string_view path) {
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) {
            end = path.size();
        }
        if (end > start) {
            segments.emplace_back(path.substr(start, end - start));
        }
        start = end + 1;
    }
    return segments;
}

// Prometheus scrapes here; it is the internal listener's, like every /internal path.
constexpr std::string_view kMetricsPath = "/metrics";

bool isInternalPath(std::string_view path) {
    return path.rfind("/internal/", 0) == 0 || path == kMetricsPath;
}

// Compares without an early exit, so the time taken says nothing about how much matched.
// (The length may show; the token's is no secret.)
bool sameSecret(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    unsigned char difference = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return difference == 0;
}

bool usableRequestId(std::string_view id) {
    // It is echoed in a header and written to logs: visible ASCII only, and short.
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f;
    });
}

bool hasJsonContentType(const HttpRequest& request) {
    const auto type = request.header("content-type");
    if (!type) {
        return false;
    }
    std::string lower;
    for (char c : *type) {
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    // The media type itself, not a prefix of it: "application/jsonp" is not JSON.
    constexpr std::string_view kJson = "application/json";
    return lower.rfind(kJson, 0) == 0 &&
           (lower.size() == kJson.size() || lower[kJson.size()] == ';' ||
            lower[kJson.size()] == ' ' || lower[kJson.size()] == '\t');
}

// The media type of the request (parameters and case aside) is one of `types`.
bool hasMediaType(const HttpRequest& request, const std::vector<std::string>& types) {
    const auto type = request.header("content-type");
    if (!type) {
        return false;
    }
    std::string lower;
    for (char c : type->substr(0, type->find(';'))) {
        if (c != ' ' && c != '\t') {
            lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return std::find(types.begin(), types.end(), lower) != types.end();
}

// A method outside the ones routes use is counted as "other": a client picks the method.
std::string methodLabel(const std::string& method) {
    for (const char* known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
        if (method == known) {
            return method;
        }
    }
    return "other";
}

void recordRequest(const std::string& method, const std::string& route, int status,
                   double seconds) {
    if (!metrics::enabled()) {
        return;
    }
    // The registry takes a lock to find a metric; a request finds its pair once per thread
    // (routes x statuses is small and bounded), so answering stays lock-free.
    struct Metrics {
        metrics::Counter* requests;
        metrics::Histogram* duration;
    };
    thread_local std::map<std::tuple<std::string, std::string, int>, Metrics> known;
    const auto methodName = methodLabel(method);
    auto key = std::make_tuple(methodName, route, status);
    auto found = known.find(key);
    if (found == known.end()) {
        auto& registry = metrics::Registry::global();
        Metrics created{
            &registry.counter(
                "lotok_http_requests_total", "HTTP requests answered, by route template and status",
                {{"method", methodName}, {"route", route}, {"status", std::to_string(status)}}),
            &registry.histogram("lotok_http_request_duration_seconds",
                                "Time from routing a request to its answer, by route template",
                                {{"method", methodName}, {"route", route}},
                                metrics::Registry::secondsBuckets())};
        found = known.emplace(std::move(key), created).first;
    }
    found->second.requests->inc();
    found->second.duration->observe(seconds);
}

} // namespace

std::string newRequestId() {
    static std::atomic<std::uint64_t> counter{0};
    return "r" + std::to_string(counter.fetch_add(1, std::memory_order_relaxed) + 1);
}

std::string requestIdOf(const HttpRequest& request) {
    if (const auto given = request.header("x-request-id"); given && usableRequestId(*given)) {
        return std::string(*given);
    }
    return newRequestId();
}

namespace {

std::optional<std::string> bearerToken(const HttpRequest& request) {
    if (const auto authorization = request.header("authorization")) {
        constexpr std::string_view kBearer = "Bearer ";
        if (authorization->size() > kBearer.size() &&
            authorization->substr(0, kBearer.size()) == kBearer) {
            return std::string(authorization->substr(kBearer.size()));
        }
    }
    return std::nullopt;
}

std::optional<std::string> cookieToken(const HttpRequest& request) {
    if (const auto cookies = request.header("cookie")) {
        std::string_view rest = *cookies;
        while (!rest.empty()) {
            const auto semicolon = rest.find(';');
            auto pair = rest.substr(0, semicolon);
            while (!pair.empty() && pair.front() == ' ') {
                pair.remove_prefix(1);
            }
            constexpr std::string_view kName = "session_id=";
            if (pair.substr(0, kName.size()) == kName) {
                return std::string(pair.substr(kName.size()));
            }
            if (semicolon == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(semicolon + 1);
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> sessionToken(const HttpRequest& request) {
    if (auto token = bearerToken(request)) {
        return token;
    }
    return cookieToken(request);
}

bool authenticatesByCookie(const HttpRequest& request) {
    return !bearerToken(request) && cookieToken(request);
}

void Router::add(std::string method, std::string pattern, Access access, Handler handler,
                 Blocking blocking) {
    if (blocking == Blocking::No) {
        // Identifying a caller may read the session store, and a path parameter would make
        // the quick match below a real one: inline routes are public and literal.
        if (access != Access::Anyone || pattern.find('{') != std::string::npos) {
            throw std::logic_error("a non-blocking route must be public and literal: " + pattern);
        }
        m_inlineRoutes.emplace_back(method, pattern);
    }
    auto segments = splitPath(pattern);
    m_routes.push_back(Route{std::move(method), std::move(pattern), std::move(segments), access,
                             std::move(handler), std::nullopt});
}

void Router::add(std::string method, std::string pattern, Access access, Handler handler,
                 RawBody rawBody) {
    add(std::move(method), std::move(pattern), access, std::move(handler));
    m_routes.back().rawBody = std::move(rawBody);
}

std::vector<RouteInfo> Router::routes() const {
    std::vector<RouteInfo> out;
    for (const auto& route : m_routes) {
        out.push_back({route.method, route.pattern, route.access,
                       route.rawBody ? route.rawBody->maxBytes : limits::kMaxBodyBytes});
    }
    return out;
}

bool Router::matches(const Route& route, const std::vector<std::string>& segments) const {
    if (route.segments.size() != segments.size()) {
        return false;
    }
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const auto& expected = route.segments[i];
        const bool parameter =
            expected.size() > 2 && expected.front() == '{' && expected.back() == '}';
        if (!parameter && expected != segments[i]) {
            return false;
        }
    }
    return true;
}

std::size_t Router::bodyLimit(std::string_view method, std::string_view path) const {
    std::optional<std::vector<std::string>> segments;
    for (const auto& route : m_routes) {
        if (!route.rawBody || route.method != method) {
            continue;
        }
        if (!segments) {
            segments = splitPath(path);
        }
        if (matches(route, *segments)) {
            return route.rawBody->maxBytes;
        }
    }
    return limits::kMaxBodyBytes;
}

bool Router::runsInline(const HttpRequest& request) const {
    for (const auto& [method, path] : m_inlineRoutes) {
        if (request.path == path && request.method == method) {
            return true;
        }
    }
    return false;
}

bool Router::presentsServiceToken(const HttpRequest& request) const {
    if (!request.internal) {
        return false;
    }
    if (request.inProcess || !m_serviceToken) {
        return true;
    }
    const auto presented = request.header("x-service-token");
    if (presented) {
        return sameSecret(*presented, *m_serviceToken);
    }
    // Prometheus can send a bearer token but no header of our choosing: on the metrics
    // path the service token may come as "Authorization: Bearer" (docs/operations.md).
    if (request.path == kMetricsPath) {
        const auto bearer = bearerToken(request);
        return bearer && sameSecret(*bearer, *m_serviceToken);
    }
    return false;
}

bool Router::fromGateway(const HttpRequest& request) {
    return request.internal && !request.inProcess && request.header("x-real-ip").has_value();
}

void Router::checkServiceToken(const HttpRequest& request) const {
    if (request.internal && !presentsServiceToken(request)) {
        throw ApiError(ErrorCode::Unauthorized, "this listener needs the service token");
    }
}

std::optional<auth::Caller> Router::identify(const HttpRequest& request) const {
    if (presentsServiceToken(request)) {
        // A gateway or a service that already authenticated the user forwards who it is.
        const auto userId = request.header("x-user-id");
        const auto role = request.header("x-user-role");
        if (userId && role) {
            auth::Caller caller;
            std::from_chars(userId->data(), userId->data() + userId->size(), caller.userId);
            if (caller.userId > 0 && auth::roleFromString(std::string(*role), caller.role)) {
                return caller;
            }
        }
    }
    const auto token = sessionToken(request);
    if (!token || !m_authenticator) {
        return std::nullopt;
    }
    return m_authenticator->authenticate(*token);
}

void Router::authorize(const Route& route, const HttpRequest& request,
                       std::optional<auth::Caller>& caller) const {
    checkServiceToken(request);
    if (route.access == Access::Anyone) {
        return;
    }
    // A client's request the gateway forwarded (it says whose address it is) arrives on the
    // internal listener with the service token, but it is a client's: it is judged like one
    // on the public listener, with the identity the gateway vouches for.
    const bool trustedService = request.internal && !fromGateway(request);
    if (route.access == Access::Service) {
        if (!trustedService) {
            throw ApiError(ErrorCode::Forbidden, "only services may call this");
        }
        caller = auth::Caller{0, auth::Role::Service, {}};
        return;
    }
    caller = identify(request);
    if (route.access == Access::StaffOrService && trustedService && !caller) {
        caller = auth::Caller{0, auth::Role::Service, {}};
        return;
    }
    if (!caller) {
        throw ApiError(ErrorCode::Unauthorized, "sign in first: the session is missing or expired");
    }
    const bool staffNeeded =
        route.access == Access::Staff || route.access == Access::StaffOrService;
    if (staffNeeded && !caller->isStaff() && !(trustedService && caller->isService())) {
        throw ApiError(ErrorCode::Forbidden, "only staff may do this");
    }
}

HttpResponse Router::handle(const HttpRequest& request, const std::string& requestId,
                            std::string& matched) const {
    if (const auto limit = bodyLimit(request.method, request.path); request.body.size() > limit) {
        throw ApiError(ErrorCode::PayloadTooLarge,
                       "the body is larger than " + std::to_string(limit / 1024) + " KiB");
    }
    const auto segments = splitPath(request.path);
    std::vector<std::string> allowedMethods;
    for (const auto& route : m_routes) {
        // Judged by the route, not by the raw path: "//internal/..." splits into the same
        // segments as "/internal/..." and must be just as unknown on the public listener.
        if (route.segments.size() != segments.size() ||
            (isInternalPath(route.pattern) && (!request.internal || fromGateway(request)))) {
            continue;
        }
        std::map<std::string, std::string> params;
        bool match = true;
        for (std::size_t i = 0; i < segments.size() && match; ++i) {
            const auto& expected = route.segments[i];
            if (expected.size() > 2 && expected.front() == '{' && expected.back() == '}') {
                params[expected.substr(1, expected.size() - 2)] = urlDecode(segments[i]);
            } else {
                match = expected == segments[i];
            }
        }
        if (!match) {
            continue;
        }
        // HEAD is GET without the body (RFC 9110 9.3.2); the server leaves the body out.
        const bool methodMatches =
            route.method == request.method || (request.method == "HEAD" && route.method == "GET");
        if (!methodMatches) {
            allowedMethods.push_back(route.method);
            if (route.method == "GET") {
                allowedMethods.push_back("HEAD");
            }
            continue;
        }
        matched = route.pattern;
        std::optional<auth::Caller> caller;
        authorize(route, request, caller);
        if (route.rawBody) {
            if (!hasMediaType(request, route.rawBody->mediaTypes)) {
                std::string types;
                for (const auto& type : route.rawBody->mediaTypes) {
                    types += (types.empty() ? "" : ", ") + type;
                }
                throw ApiError(ErrorCode::UnsupportedMediaType,
                               "send the body as Content-Type: one of " + types);
            }
        } else if ((request.method == "POST" || request.method == "PUT" ||
                    request.method == "PATCH") &&
                   !request.body.empty() && !hasJsonContentType(request)) {
            throw ApiError(ErrorCode::UnsupportedMediaType,
                           "send the body as Content-Type: application/json");
        }
        // Behind the gateway the peer is nginx; the client is who X-Real-IP names (believed
        // only from a caller with the service token), so per-address limits still hold.
        std::optional<HttpRequest> forwarded;
        if (fromGateway(request) && presentsServiceToken(request)) {
            const auto realIp = request.header("x-real-ip");
            if (!realIp->empty() && realIp->size() <= 64) {
                forwarded = request;
                forwarded->remoteAddress = std::string(*realIp);
                forwarded->secure =
                    request.header("x-forwarded-proto") == std::optional<std::string_view>("https");
            }
        }
        RequestContext context(forwarded ? *forwarded : request, std::move(params),
                               std::move(caller), requestId);
        return route.handler(context);
    }
    if (!allowedMethods.empty()) {
        std::string allow;
        for (const auto& method : allowedMethods) {
            allow += (allow.empty() ? "" : ", ") + method;
        }
        auto response = ApiError(ErrorCode::MethodNotAllowed,
                                 request.method + " is not served here; use " + allow)
                            .toResponse();
        response.headers.emplace_back("Allow", allow);
        return response;
    }
    throw ApiError::notFound("no route for " + request.method + " " + request.path +
                             "; the API lives under /api/v1");
}

HttpResponse Router::dispatch(const HttpRequest& request) const {
    const auto started = std::chrono::steady_clock::now();
    const std::string requestId = requestIdOf(request);
    // The route template, never the raw path: ids in paths would make labels unbounded.
    std::string route = "unmatched";
    // The calls and events the handler makes carry this id and trace, and so does every line
    // it logs (log/RequestScope.h); a malformed traceparent is dropped there.
    log::RequestScope scope(requestId, request.header("traceparent").value_or(""));
    HttpResponse response;
    try {
        response = handle(request, requestId, route);
    } catch (const ApiError& error) {
        response = error.toResponse();
    } catch (const db::UnavailableError& error) {
        log::error("{} {}: database unavailable: {}", request.method, route, error.what());
        response =
            ApiError(ErrorCode::Unavailable, "the service is temporarily unavailable").toResponse();
        response.headers.emplace_back("Retry-After", "1");
    } catch (const std::exception& error) {
        log::error("{} {} failed: {}", request.method, route, error.what());
        response = ApiError(ErrorCode::Internal, "internal error (request " + requestId + ")")
                       .toResponse();
    } catch (...) {
        log::error("{} {} failed: unknown exception", request.method, route);
        response = ApiError(ErrorCode::Internal, "internal error (request " + requestId + ")")
                       .toResponse();
    }
    response.headers.emplace_back("X-Request-Id", requestId);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    const double seconds = std::chrono::duration<double>(elapsed).count();
    recordRequest(request.method, route, response.status, seconds);
    // One line per request, by route template as the metrics are (no ids, no query).
    log::access(methodLabel(request.method), route, response.status, seconds * 1000.0);
    return response;
}

} // namespace lotok::http
