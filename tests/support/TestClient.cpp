#include "TestClient.h"

#include "LotokdProcess.h"

#include <stdexcept>

namespace lotok::test {
namespace {

http::Headers withToken(http::Headers headers, const std::string& token) {
    if (!token.empty()) {
        headers.emplace_back("Authorization", "Bearer " + token);
    }
    return headers;
}

void expect(const http::HttpResponse& response, int status, const std::string& what) {
    if (response.status != status) {
        throw std::runtime_error(what + ": expected " + std::to_string(status) + ", got " +
                                 std::to_string(response.status) + " " + response.body);
    }
}

} // namespace

std::string errorCode(const http::HttpResponse& response) {
    const auto body = response.json();
    if (body.is_object() && body.contains("error")) {
        return body["error"].value("code", "");
    }
    return "";
}

http::HttpResponse TestClient::get(const std::string& pathAndQuery, const std::string& token) {
    return m_http.get(pathAndQuery, withToken({}, token));
}

http::HttpResponse TestClient::post(const std::string& path, const nlohmann::json& body,
                                    const std::string& token, http::Headers headers) {
    return m_http.post(path, body.dump(), withToken(std::move(headers), token));
}

http::HttpResponse TestClient::postRaw(const std::string& path, const std::string& body,
                                       const std::string& contentType, const std::string& token) {
    http::HttpRequest request;
    request.method = "POST";
    request.path = path;
    request.headers = withToken({}, token);
    if (!contentType.empty()) {
        request.headers.emplace_back("Content-Type", contentType);
    }
    request.body = body;
    return m_http.send(request);
}

User TestClient::registerCustomer(const std::string& prefix, const std::string& address) {
    User user;
    user.login = uniqueName(prefix);
    user.password = "correct-horse-battery";
    const auto registered = post("/api/v1/register", {{"login", user.login},
                                                      {"password", user.password},
                                                      {"email", user.login + "@example.com"},
                                                      {"first_name", "Test"},
                                                      {"last_name", "Customer"},
                                                      {"address", address}});
    expect(registered, 201, "register " + user.login);
    auto signedIn = login(user.login, user.password);
    return signedIn;
}

User TestClient::login(const std::string& login, const std::string& password) {
    const auto response = post("/api/v1/login", {{"login", login}, {"password", password}});
    expect(response, 200, "login " + login);
    const auto body = response.json();
    return User{body.at("user_id").get<std::int64_t>(), login, password,
                body.at("token").get<std::string>()};
}

std::vector<std::string> TestClient::notificationTypes(const User& user, std::int64_t orderId) {
    std::vector<std::string> types;
    const auto body = get("/api/v1/notifications?limit=200", user.token).json();
    for (const auto& notification : body["notifications"]) {
        if (notification["order_id"] == orderId) {
            types.push_back(notification["type"]);
        }
    }
    return types;
}

std::int64_t TestClient::balance(const User& user) {
    const auto response = get("/api/v1/account", user.token);
    expect(response, 200, "balance");
    return response.json().at("balance").get<std::int64_t>();
}

void TestClient::topUp(const User& user, std::int64_t amount) {
    expect(post("/api/v1/account", {{"amount", amount}}, user.token), 200, "top up");
}

std::int64_t TestClient::createPosition(const User& staff, const std::string& name,
                                        std::int64_t price, std::int64_t count) {
    const auto response = post("/api/v1/stock/positions",
                               {{"name", name}, {"price", price}, {"count", count}}, staff.token);
    expect(response, 201, "create position");
    return response.json().at("id").get<std::int64_t>();
}

std::int64_t TestClient::count(std::int64_t positionId) {
    const auto response = get("/api/v1/stock/position/" + std::to_string(positionId) + "/count");
    expect(response, 200, "count");
    return response.json().at("count").get<std::int64_t>();
}

} // namespace lotok::test
