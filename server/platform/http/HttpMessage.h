#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lotok::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

// A request as the router sees it, independent of the socket it came from: the Poco
// listener fills one, and so does the in-process transport between co-hosted services.
struct HttpRequest {
    std::string method;
    std::string path;
    std::string query; // raw, without '?'
    Headers headers;   // names in lower case
    std::string body;
    std::string remoteAddress;
    bool internal = false;  // arrived on the internal listener or from a co-hosted service
    bool inProcess = false; // from a co-hosted service: no socket, nothing to verify
    // The client's connection is TLS: ours, or the gateway's (X-Forwarded-Proto: https next to
    // the service token).
    bool secure = false;

    std::optional<std::string_view> header(std::string_view lowerCaseName) const;
    std::optional<std::string> queryParam(std::string_view name) const;
    void setHeader(std::string lowerCaseName, std::string value);
};

struct HttpResponse {
    int status = 200;
    std::string body;
    Headers headers;

    std::optional<std::string_view> header(std::string_view lowerCaseName) const;
    nlohmann::json json() const;

    static HttpResponse json(int status, const nlohmann::json& body);
    static HttpResponse noContent();
};

std::string urlDecode(std::string_view text);
std::string urlEncode(std::string_view text);

} // namespace lotok::http
