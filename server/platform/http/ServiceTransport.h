#pragma once

#include "http/HttpClient.h"
#include "http/HttpMessage.h"

#include <memory>
#include <optional>
#include <string>

namespace lotok::http {

class Router;

// How one service reaches another's HTTP API. Clients build requests and read responses the
// same way whether the other service shares the process (LocalTransport: straight into the
// router, no socket) or runs elsewhere (RemoteTransport: HTTP to its internal listener).
class ServiceTransport {
public:
    virtual ~ServiceTransport() = default;
    virtual HttpResponse send(HttpRequest request) = 0;

    HttpResponse get(const std::string& path, const std::string& query = {});
    HttpResponse postJson(const std::string& path, const nlohmann::json& body,
                          Headers headers = {});
};

class LocalTransport : public ServiceTransport {
public:
    explicit LocalTransport(const Router& router) : m_router(router) {}
    HttpResponse send(HttpRequest request) override;

private:
    const Router& m_router;
};

class RemoteTransport : public ServiceTransport {
public:
    RemoteTransport(const std::string& baseUrl, std::optional<std::string> serviceToken)
        : m_client(baseUrl), m_serviceToken(std::move(serviceToken)) {}
    HttpResponse send(HttpRequest request) override;

private:
    HttpClient m_client;
    std::optional<std::string> m_serviceToken;
};

} // namespace lotok::http
