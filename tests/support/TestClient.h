#pragma once

#include "TestTls.h"
#include "http/HttpClient.h"

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

namespace lotok::test {

// A signed-in user as the tests know it.
struct User {
    std::int64_t id = 0;
    std::string login;
    std::string password;
    std::string token;
};

// HTTP to a lotokd under test, with the shortcuts every test needs.
class TestClient {
public:
    // An https:// URL trusts the test CA of this process (TestTls.h) unless `caFile` names
    // another.
    explicit TestClient(const std::string& baseUrl, const std::string& caFile = {})
        : m_http(baseUrl, std::chrono::seconds(10), caFile.empty() ? caFileFor(baseUrl) : caFile) {}

    http::HttpResponse get(const std::string& pathAndQuery, const std::string& token = {});
    http::HttpResponse post(const std::string& path, const nlohmann::json& body,
                            const std::string& token = {}, http::Headers headers = {});
    http::HttpResponse postRaw(const std::string& path, const std::string& body,
                               const std::string& contentType, const std::string& token = {});

    // Registers a customer with a unique login (and the given address) and signs in.
    User registerCustomer(const std::string& prefix = "cust",
                          const std::string& address = "Moscow, Tverskaya 1");
    User login(const std::string& login, const std::string& password);
    std::int64_t balance(const User& user);
    // The types of the user's notifications about one order, oldest first.
    std::vector<std::string> notificationTypes(const User& user, std::int64_t orderId);
    void topUp(const User& user, std::int64_t amount);
    // As staff: creates a position and returns its id.
    std::int64_t createPosition(const User& staff, const std::string& name, std::int64_t price,
                                std::int64_t count);
    std::int64_t count(std::int64_t positionId);

    http::HttpClient& raw() { return m_http; }

private:
    http::HttpClient m_http;
};

// Polls until `check` holds or `limit` passes: events travel asynchronously.
template <typename Check>
bool eventually(Check check, std::chrono::seconds limit = std::chrono::seconds(15)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (check()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return check();
}

// The error code of an error response, or "" for a success.
std::string errorCode(const http::HttpResponse& response);

} // namespace lotok::test
