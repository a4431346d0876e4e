#include "http/ServiceTransport.h"

#include "http/ApiError.h"
#include "http/Router.h"
#include "log/RequestScope.h"

namespace lotok::http {

HttpResponse ServiceTransport::get(const std::string& path, const std::string& query) {
    HttpRequest request;
    request.method = "GET";
    request.path = path;
    request.query = query;
    return send(std::move(request));
}

HttpResponse ServiceTransport::postJson(const std::string& path, const nlohmann::json& body,
                                        Headers headers) {
    HttpRequest request;
    request.method = "POST";
    request.path = path;
    request.headers = std::move(headers);
    request.headers.emplace_back("content-type", "application/json");
    request.body = body.dump();
    return send(std::move(request));
}

namespace {

// The request id and trace of the work in hand go with every call, so the service called
// logs under the same id and one order can be followed across processes.
void passOnContext(HttpRequest& request) {
    if (const auto& id = log::RequestScope::current(); !id.empty()) {
        request.setHeader("x-request-id", id);
    }
    if (const auto& trace = log::RequestScope::traceparent(); !trace.empty()) {
        request.setHeader("traceparent", trace);
    }
}

} // namespace

HttpResponse LocalTransport::send(HttpRequest request) {
    passOnContext(request);
    request.internal = true;
    request.inProcess = true;
    request.remoteAddress = "in-process";
    return m_router.dispatch(request);
}

HttpResponse RemoteTransport::send(HttpRequest request) {
    passOnContext(request);
    if (m_serviceToken) {
        request.setHeader("x-service-token", *m_serviceToken);
    }
    try {
        return m_client.send(request);
    } catch (const std::runtime_error& error) {
        throw ApiError(ErrorCode::Unavailable, error.what());
    }
}

} // namespace lotok::http
