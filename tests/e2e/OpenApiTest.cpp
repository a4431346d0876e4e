// Issue 2, item 11: server/openapi.yaml covers every route lotokd serves, lists none it does
// not serve, and states the limits the code enforces (shared/include/lotok/Limits.h) and
// every error code it can answer with.
//
// The served routes come from the router itself: the seven services are built in-process on
// a fresh database, exactly as `lotokd serve` builds them, and asked for their routes. The
// YAML is read with a few lines of indentation walking; the file keeps to plain block
// mappings for the parts read here (see the note at its top).
#include "LotokdProcess.h"
#include "ServiceCatalog.h"
#include "config/Config.h"
#include "host/ServiceHost.h"
#include "log/Log.h"
#include "lotok/ErrorCode.h"
#include "lotok/Limits.h"
#include "ws/SocketHub.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

namespace {

std::vector<std::string> readLines(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

std::size_t indentOf(const std::string& line) {
    return line.find_first_not_of(' ');
}

bool isContent(const std::string& line) {
    const auto indent = indentOf(line);
    return indent != std::string::npos && line[indent] != '#';
}

std::string trim(std::string text) {
    const auto begin = text.find_first_not_of(" \t");
    const auto end = text.find_last_not_of(" \t\r");
    return begin == std::string::npos ? std::string() : text.substr(begin, end - begin + 1);
}

std::string unquote(std::string text) {
    if (text.size() >= 2 && (text.front() == '\'' || text.front() == '"') &&
        text.back() == text.front()) {
        return text.substr(1, text.size() - 2);
    }
    return text;
}

// "METHOD /path" for every operation under `paths:`.
std::set<std::string> specOperations(const std::vector<std::string>& lines) {
    static const std::set<std::string> kMethods = {"get",     "put",  "post",  "delete",
                                                   "options", "head", "patch", "trace"};
    std::set<std::string> operations;
    bool inPaths = false;
    std::string path;
    for (const auto& line : lines) {
        if (!isContent(line)) {
            continue;
        }
        const auto indent = indentOf(line);
        if (indent == 0) {
            inPaths = trim(line) == "paths:";
            continue;
        }
        if (!inPaths) {
            continue;
        }
        const auto text = trim(line);
        if (indent == 2 && text.back() == ':') {
            path = unquote(text.substr(0, text.size() - 1));
            REQUIRE(path.front() == '/');
        } else if (indent == 4 && text.back() == ':') {
            auto method = text.substr(0, text.size() - 1);
            if (kMethods.count(method)) {
                std::transform(method.begin(), method.end(), method.begin(), ::toupper);
                operations.insert(method + " " + path);
            }
        }
    }
    return operations;
}

// The scalar at a chain of mapping keys, e.g. {"components", "schemas", "Amount", "maximum"};
// understands block mappings and one-line flow mappings ({a: 1, b: 2}) at the end.
std::optional<std::string> valueAt(const std::vector<std::string>& lines,
                                   const std::vector<std::string>& keys) {
    std::size_t begin = 0;
    long parentIndent = -1;
    for (std::size_t k = 0; k < keys.size(); ++k) {
        long childIndent = -1;
        bool found = false;
        for (std::size_t i = begin; i < lines.size(); ++i) {
            if (!isContent(lines[i])) {
                continue;
            }
            const auto indent = static_cast<long>(indentOf(lines[i]));
            if (indent <= parentIndent) {
                return std::nullopt; // left the parent's block
            }
            if (childIndent < 0) {
                childIndent = indent;
            }
            if (indent != childIndent) {
                continue;
            }
            const auto text = trim(lines[i]);
            const auto prefix = keys[k] + ":";
            if (text.rfind(prefix, 0) != 0) {
                continue;
            }
            auto rest = trim(text.substr(prefix.size()));
            if (k + 1 == keys.size()) {
                return unquote(rest);
            }
            if (!rest.empty() && rest.front() == '{' && k + 2 == keys.size()) {
                // A flow mapping on one line: find the last key in it.
                rest = rest.substr(1, rest.size() - 2);
                std::stringstream items(rest);
                for (std::string item; std::getline(items, item, ',');) {
                    const auto colon = item.find(':');
                    if (colon != std::string::npos && trim(item.substr(0, colon)) == keys[k + 1]) {
                        return unquote(trim(item.substr(colon + 1)));
                    }
                }
                return std::nullopt;
            }
            parentIndent = indent;
            begin = i + 1;
            found = true;
            break;
        }
        if (!found) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += "\n  " + item;
    }
    return out;
}

const std::string kSpecPath = LOTOK_SOURCE_DIR "/server/openapi.yaml";

} // namespace

TEST_CASE("openapi.yaml lists exactly the routes lotokd serves") {
    lotok::log::setLevel(lotok::log::Level::Warn);
    lotok::config::Config config;
    config.dbPoolSize = 2;
    lotok::ws::SocketHub hub;
    lotok::host::ServiceHost host(config, lotok::serviceCatalog(), hub);
    host.open(lotok::test::createTestDatabase());
    std::set<std::string> served;
    for (const auto& route : host.router().routes()) {
        served.insert(route.method + " " + route.pattern);
    }
    // Sanity: the router really is the whole server (health, all seven services, sockets).
    for (const char* expected :
         {"GET /healthz", "GET /readyz", "POST /api/v1/login", "POST /api/v1/register",
          "POST /api/v1/account", "GET /api/v1/stock/positions", "POST /api/v1/order",
          "POST /api/v1/order/sent", "GET /api/v1/notifications", "GET /api/v1/notifications/ws",
          "GET /api/v1/staff/ws", "GET /internal/api/v1/auth"}) {
        CHECK(served.count(expected) == 1);
    }

    const auto lines = readLines(kSpecPath);
    REQUIRE(!lines.empty());
    CHECK(lines.front().rfind("openapi: 3.0", 0) == 0);
    const auto documented = specOperations(lines);
    REQUIRE(documented.size() > 10);

    std::vector<std::string> missing;
    std::set_difference(served.begin(), served.end(), documented.begin(), documented.end(),
                        std::back_inserter(missing));
    std::vector<std::string> notServed;
    std::set_difference(documented.begin(), documented.end(), served.begin(), served.end(),
                        std::back_inserter(notServed));
    // A route with a body limit of its own (a picture upload) states it in its block.
    for (const auto& route : host.router().routes()) {
        if (route.maxBodyBytes == lotok::limits::kMaxBodyBytes) {
            continue;
        }
        bool inPath = false;
        bool stated = false;
        for (const auto& line : lines) {
            if (isContent(line) && indentOf(line) == 2) {
                inPath = trim(line) == route.pattern + ":";
            } else if (inPath &&
                       line.find(std::to_string(route.maxBodyBytes)) != std::string::npos) {
                stated = true;
            }
        }
        INFO(route.method << " " << route.pattern << " takes " << route.maxBodyBytes << " bytes");
        CHECK(stated);
    }

    INFO("served but not in openapi.yaml:" << joined(missing));
    INFO("in openapi.yaml but not served:" << joined(notServed));
    CHECK(missing.empty());
    CHECK(notServed.empty());
}

TEST_CASE("openapi.yaml states the limits and error codes the server enforces") {
    using namespace lotok::limits;
    const auto lines = readLines(kSpecPath);
    const auto schema = [&](const std::string& name, const std::string& property,
                            const std::string& key) {
        return valueAt(lines, {"components", "schemas", name, "properties", property, key})
            .value_or("(absent)");
    };
    const auto at = [&](const std::vector<std::string>& keys) {
        return valueAt(lines, keys).value_or("(absent)");
    };
    const auto text = [](auto value) { return std::to_string(value); };

    CHECK(schema("RegisterRequest", "login", "minLength") == text(kLoginMin));
    CHECK(schema("RegisterRequest", "login", "maxLength") == text(kLoginMax));
    CHECK(schema("RegisterRequest", "password", "minLength") == text(kPasswordMin));
    CHECK(schema("RegisterRequest", "password", "maxLength") == text(kPasswordMax));
    CHECK(schema("RegisterRequest", "email", "maxLength") == text(kEmailMax));
    CHECK(schema("RegisterRequest", "first_name", "maxLength") == text(kNameMax));
    CHECK(schema("RegisterRequest", "last_name", "maxLength") == text(kNameMax));
    CHECK(schema("RegisterRequest", "phone", "maxLength") == text(kPhoneMax));
    CHECK(schema("RegisterRequest", "address", "maxLength") == text(kAddressMax));
    CHECK(schema("ProfileUpdate", "email", "maxLength") == text(kEmailMax));
    CHECK(schema("ProfileUpdate", "first_name", "maxLength") == text(kNameMax));
    CHECK(schema("ProfileUpdate", "last_name", "maxLength") == text(kNameMax));
    CHECK(schema("ProfileUpdate", "phone", "maxLength") == text(kPhoneMax));
    CHECK(schema("ProfileUpdate", "address", "maxLength") == text(kAddressMax));
    CHECK(at({"components", "schemas", "Login", "maxLength"}) == text(kLoginMax));
    CHECK(at({"components", "schemas", "Password", "maxLength"}) == text(kPasswordMax));

    CHECK(schema("TopUpRequest", "amount", "minimum") == text(kMinAmount));
    CHECK(schema("TopUpRequest", "amount", "maximum") == text(kMaxAmount));
    CHECK(at({"components", "schemas", "Amount", "maximum"}) == text(kMaxAmount));
    CHECK(schema("Account", "balance", "maximum") == text(kMaxBalance));

    CHECK(schema("PositionCreate", "name", "maxLength") == text(kPositionNameMax));
    CHECK(schema("PositionCreate", "price", "minimum") == text(kMinAmount));
    CHECK(schema("PositionCreate", "price", "maximum") == text(kMaxAmount));
    CHECK(schema("PositionCreate", "count", "maximum") == text(kMaxCount));
    CHECK(schema("PositionUpdate", "name", "maxLength") == text(kPositionNameMax));
    CHECK(schema("PositionUpdate", "price", "maximum") == text(kMaxAmount));
    CHECK(schema("PositionUpdate", "add", "maximum") == text(kMaxCount));
    CHECK(schema("PositionUpdate", "add", "minimum") == text(-kMaxCount));
    CHECK(schema("CategoryRequest", "name", "maxLength") == text(kCategoryNameMax));
    CHECK(at({"components", "schemas", "Description", "maxLength"}) == text(kDescriptionMax));
    CHECK(at({"components", "parameters", "SearchQuery", "schema", "maxLength"}) ==
          text(kSearchQueryMax));
    CHECK(schema("ReserveRequest", "count", "minimum") == text(kMinCount));
    CHECK(schema("ReserveRequest", "count", "maximum") == text(kMaxCount));

    CHECK(schema("OrderItemRequest", "count", "minimum") == text(kMinCount));
    CHECK(schema("OrderItemRequest", "count", "maximum") == text(kMaxCount));
    CHECK(schema("OrderRequest", "items", "minItems") == text(1));
    CHECK(schema("OrderRequest", "items", "maxItems") == text(kMaxOrderItems));

    CHECK(at({"components", "parameters", "IdempotencyKey", "schema", "maxLength"}) ==
          text(kIdempotencyKeyMax));

    // Page sizes: the `limit` parameter of each list.
    const auto limitOf = [&](const std::string& path,
                             const std::string& key) -> std::optional<std::string> {
        // The parameters of a list are a YAML sequence; find the `limit` one by hand.
        bool inPath = false;
        bool inLimit = false;
        for (const auto& line : lines) {
            if (!isContent(line)) {
                continue;
            }
            const auto indent = indentOf(line);
            const auto content = trim(line);
            if (indent == 2) {
                inPath = content == path + ":";
                inLimit = false;
                continue;
            }
            if (!inPath) {
                continue;
            }
            if (content.rfind("- name:", 0) == 0) {
                inLimit = trim(content.substr(7)) == "limit";
                continue;
            }
            if (inLimit && content.rfind("schema:", 0) == 0) {
                const auto at = content.find(key + ":");
                if (at == std::string::npos) {
                    return std::nullopt;
                }
                const auto end = content.find_first_of(",}", at);
                return trim(content.substr(at + key.size() + 1, end - at - key.size() - 1));
            }
        }
        return std::nullopt;
    };
    CHECK(limitOf("/api/v1/orders", "default").value_or("(absent)") == text(kOrdersPageDefault));
    CHECK(limitOf("/api/v1/orders", "maximum").value_or("(absent)") == text(kOrdersPageMax));
    CHECK(limitOf("/api/v1/notifications", "default").value_or("(absent)") ==
          text(kNotificationsPageDefault));
    CHECK(limitOf("/api/v1/notifications", "maximum").value_or("(absent)") ==
          text(kNotificationsPageMax));
    CHECK(limitOf("/api/v1/stock/positions", "default").value_or("(absent)") ==
          text(kPositionsPageDefault));
    CHECK(limitOf("/api/v1/stock/positions", "maximum").value_or("(absent)") ==
          text(kPositionsPageMax));
    CHECK(limitOf("/api/v1/deliveries", "default").value_or("(absent)") ==
          text(kPositionsPageDefault));
    CHECK(limitOf("/api/v1/deliveries", "maximum").value_or("(absent)") == text(kPositionsPageMax));
    CHECK(limitOf("/api/v1/account/transactions", "default").value_or("(absent)") ==
          text(kTransactionsPageDefault));
    CHECK(limitOf("/api/v1/account/transactions", "maximum").value_or("(absent)") ==
          text(kTransactionsPageMax));

    // Every error code the server can send is in the ErrorCode enum.
    std::set<std::string> enumerated;
    bool inEnum = false;
    for (const auto& line : lines) {
        const auto content = trim(line);
        if (content == "ErrorCode:") {
            inEnum = true;
            continue;
        }
        if (inEnum && content.rfind("- ", 0) == 0) {
            enumerated.insert(content.substr(2));
        } else if (inEnum && content == "enum:") {
            continue;
        } else if (inEnum && !enumerated.empty()) {
            break;
        }
    }
    for (int code = 0; code <= static_cast<int>(lotok::ErrorCode::Internal); ++code) {
        const auto name = std::string(lotok::toString(static_cast<lotok::ErrorCode>(code)));
        INFO(name);
        CHECK(enumerated.count(name) == 1);
    }
}
