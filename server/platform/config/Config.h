#pragma once

#include "config/Setting.h"
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
    // A database of its own for a service ([database.order] url, --database-url order=URL);
    // a service not named here uses databaseUrl (or the embedded cluster).
    std::map<std::string, std::string> serviceDatabaseUrls;
    std::filesystem::path dataDir;
    std::set<std::string> services;                 // empty: all
    std::map<std::string, std::string> serviceUrls; // where services hosted elsewhere listen
    std::optional<std::string> serviceToken;
    int dbPoolSize = 32;
    int httpThreads = 64;  // workers for handlers that may block
    int httpIoThreads = 0; // event loops; 0: one per core
    int httpKeepAliveSeconds = 60;
    int httpRequestSeconds = 30;
    int wsIdleTimeoutSeconds = 120;
    int wsPingSeconds = 30;
    int wsMaxQueuedMessages = 256;
    // Pages of these origins may open a WebSocket with the session cookie (besides the
    // server's own); see docs/api-decisions.md, "Origin of cookie-authenticated sockets".
    std::vector<std::string> wsAllowedOrigins;
    // Clients reach the public listener over HTTPS (a TLS proxy in front): the session
    // cookie is marked Secure.
    bool publicHttps = false;
    // [tls] certificate / key (PEM files): the public listener speaks HTTPS only. Both or
    // neither (checked at start).
    std::filesystem::path tlsCertificate;
    std::filesystem::path tlsKey;
    // A sign-in over plain HTTP from another machine is refused unless this is set (a
    // password and a session token would cross the network readable); loopback is always
    // allowed (`make run`, a proxy on the same host).
    bool allowPlainHttpSessions = false;
    bool tls() const { return !tlsCertificate.empty(); }
    // Events: empty url means the in-process bus; nats://host:port[,...] means JetStream.
    std::string eventsUrl;
    int eventsReplicas = 1;
    int eventsMaxAgeSeconds = 7 * 24 * 3600;
    int eventsMaxDeliver = 8;
    int eventsThreads = 16;
    int eventsAckWaitSeconds = 5;
    log::Level logLevel = log::Level::Info;
    // [log] format, LOTOK_LOG_FORMAT: text for people, json (one object a line) for a pipeline.
    log::Format logFormat = log::Format::Text;
    // [metrics] enabled = false: nothing recorded and /metrics answers 404 (the bench's
    // "metrics off" pass; an operator who scrapes nothing saves the few atomic adds).
    bool metricsEnabled = true;

    // The sections the platform does not own ([order], [stock], ...): their owners read
    // them through value() and declare their keys (see check()).
    std::map<std::string, std::map<std::string, std::string>> sections;

    bool hosts(const std::string& service) const {
        return services.empty() || services.count(service) > 0;
    }

    // A component's setting: the file's value, checked, or the declared default.
    int value(const Setting& setting) const;
    // A Text setting's value as written (a host name, a sender address).
    std::string text(const Setting& setting) const;
    // Refuses what no component declared: a key of a component's section nobody reads, a
    // service name (in services or service_urls) that is not one of `serviceNames`.
    void check(const std::vector<Setting>& declared,
               const std::vector<std::string>& serviceNames) const;

    // Reads an INI file; unknown keys are an error so a typo does not go unnoticed.
    void loadFile(const std::filesystem::path& path);
    // --database-url VALUE: "order=URL" gives the order service its own database, anything
    // else is the shared one (a libpq URI or keyword string).
    void setDatabaseUrl(const std::string& value);
    void loadEnvironment();
};

std::filesystem::path defaultDataDir();
// "order, stock" -> {"order", "stock"}; "all" -> {} (every service). Names are checked
// against the catalogue by Config::check().
std::set<std::string> parseServiceList(const std::string& text);
// "a, b,c" -> {"a", "b", "c"}; empty items are dropped.
std::vector<std::string> parseList(const std::string& text);

} // namespace lotok::config
