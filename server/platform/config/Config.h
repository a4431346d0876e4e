#pragma once

#include "log/Log.h"

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lotok::config {

// lotokd's configuration: defaults, then the config file (INI, a section per component),
// then environment variables, then command-line flags, each overriding the one before.
struct Config {
    std::string listen = "127.0.0.1:8080";
    std::string internalListen = "127.0.0.1:8081";
    std::optional<std::string> databaseUrl; // empty: embedded cluster in dataDir
    std::filesystem::path dataDir;
    std::set<std::string> services;                 // empty: all
    std::map<std::string, std::string> serviceUrls; // where services hosted elsewhere listen
    std::optional<std::string> serviceToken;
    int dbPoolSize = 32;
    int httpThreads = 64;  // workers for handlers that may block
    int httpIoThreads = 0; // event loops; 0: one per core
    int httpKeepAliveSeconds = 60;
    int httpRequestSeconds = 30;
    int sessionTtlSeconds = 14 * 24 * 3600;
    int reservationTimeoutSeconds = 15 * 60;
    int sagaRecoverySeconds = 30;
    int wsIdleTimeoutSeconds = 120;
    int wsPingSeconds = 30;
    int wsMaxQueuedMessages = 256;
    // Pages of these origins may open a WebSocket with the session cookie (besides the
    // server's own); see docs/api-decisions.md, "Origin of cookie-authenticated sockets".
    std::vector<std::string> wsAllowedOrigins;
    // Clients reach the public listener over HTTPS (a TLS proxy in front): the session
    // cookie is marked Secure.
    bool publicHttps = false;
    // Events: empty url means the in-process bus; nats://host:port[,...] means JetStream.
    std::string eventsUrl;
    int eventsReplicas = 1;
    int eventsMaxAgeSeconds = 7 * 24 * 3600;
    int eventsMaxDeliver = 8;
    int eventsThreads = 16;
    int eventsAckWaitSeconds = 5;
    log::Level logLevel = log::Level::Info;

    bool hosts(const std::string& service) const {
        return services.empty() || services.count(service) > 0;
    }

    // Reads an INI file; unknown keys are an error so a typo does not go unnoticed.
    void loadFile(const std::filesystem::path& path);
    void loadEnvironment();
};

std::filesystem::path defaultDataDir();
std::set<std::string> parseServiceList(const std::string& text);
// "a, b,c" -> {"a", "b", "c"}; empty items are dropped.
std::vector<std::string> parseList(const std::string& text);

} // namespace lotok::config
