#pragma once

#include "auth/Authenticator.h"
#include "http/HttpMessage.h"
#include "http/RequestContext.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lotok::http {

// Who may call a route. Internal routes (/internal/...) are matched only for requests that
// arrived on the internal listener or from a co-hosted service.
enum class Access {
    Anyone,
    SignedIn,       // any signed-in user (customer or staff)
    Staff,          // staff only
    StaffOrService, // staff, or a service on the internal listener
    Service,        // services only
};

using Handler = std::function<HttpResponse(RequestContext&)>;

// Whether a handler may wait (for the database, another service, a lock). Those that never
// do are answered on the HTTP server's event loop, without a hand-off to a worker.
enum class Blocking { Yes, No };

struct RouteInfo {
    std::string method;
    std::string pattern;
    Access access;
    std::size_t maxBodyBytes; // the general limit unless the route has a RawBody
};

// A route whose body is not JSON but raw bytes of the given media types (a picture upload),
// with a size limit of its own: the general 64 KiB limit stays for every other route.
struct RawBody {
    std::size_t maxBytes = 0;
    std::vector<std::string> mediaTypes; // lower case, e.g. "image/png"
};

// One request-handler table for every service hosted in the process: routes are walked in
// order and the first match wins; unknown paths get a 404 that lists what exists nearby.
class Router {
public:
    void add(std::string method, std::string pattern, Access access, Handler handler,
             Blocking blocking = Blocking::Yes);
    void add(std::string method, std::string pattern, Access access, Handler handler,
             RawBody rawBody);

    void setAuthenticator(auth::Authenticator* authenticator) { m_authenticator = authenticator; }
    // When set, internal callers must present it in X-Service-Token.
    void setServiceToken(std::optional<std::string> token) { m_serviceToken = std::move(token); }

    // Never throws: every failure becomes the contract's error body.
    HttpResponse dispatch(const HttpRequest& request) const;
    std::vector<RouteInfo> routes() const;
    // The largest body a request for this method and path may carry: a RawBody route's own
    // limit, else the general one. The HTTP server asks it once the head is in, before the
    // body is read, so an oversized upload is refused before it is buffered.
    std::size_t bodyLimit(std::string_view method, std::string_view path) const;
    // The request goes to a route added with Blocking::No.
    bool runsInline(const HttpRequest& request) const;

    // Identifies the caller of a request (for WebSocket upgrades, which bypass dispatch).
    // X-User-Id/X-User-Role are believed only on the internal listener and, when a service
    // token is configured, only next to the right one.
    std::optional<auth::Caller> identify(const HttpRequest& request) const;
    // Every request on the internal listener shows the service token when one is configured:
    // throws ApiError(unauthorized) otherwise. WebSocket upgrades call it as dispatch does.
    // A client's request forwarded by the gateway (it carries X-Real-IP): treated as a
    // public one, never as a service's call.
    static bool fromGateway(const HttpRequest& request);
    void checkServiceToken(const HttpRequest& request) const;

private:
    struct Route {
        std::string method;
        std::string pattern;
        std::vector<std::string> segments;
        Access access;
        Handler handler;
        std::optional<RawBody> rawBody;
    };
    bool matches(const Route& route, const std::vector<std::string>& segments) const;

    // matched: the template of the route that matched, left alone when none did.
    HttpResponse handle(const HttpRequest& request, const std::string& requestId,
                        std::string& matched) const;
    bool presentsServiceToken(const HttpRequest& request) const;
    void authorize(const Route& route, const HttpRequest& request,
                   std::optional<auth::Caller>& caller) const;

    std::vector<Route> m_routes;
    std::vector<std::pair<std::string, std::string>> m_inlineRoutes; // method, literal path
    auth::Authenticator* m_authenticator = nullptr;
    std::optional<std::string> m_serviceToken;
};

// The session token of a request: "Authorization: Bearer" first, then the session_id cookie.
std::optional<std::string> sessionToken(const HttpRequest& request);
// True when the session comes from the cookie (no bearer token): what a browser sends by
// itself, so what a cross-site page could make it send.
bool authenticatesByCookie(const HttpRequest& request);

// The request's X-Request-Id when it is a usable one, else a new one ("r123").
std::string requestIdOf(const HttpRequest& request);
std::string newRequestId();

} // namespace lotok::http
