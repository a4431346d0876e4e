#include "config/Config.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/IniFileConfiguration.h>
#include <algorithm>
#include <cstdlib>
#include <set>
#include <stdexcept>
#include <unistd.h>

namespace lotok::config {
namespace {

// The sections whose keys the platform itself reads; any other belongs to a component.
const std::set<std::string> kPlatformSections = {"server", "database",     "websocket", "events",
                                                 "log",    "service_urls", "metrics",   "tls"};

// Every number in the file counts something (threads, seconds, connections): zero or less
// would leave lotokd unable to serve, so it is refused at start with the key's name.
int toInt(const std::string& key, const std::string& value, int minimum = 1) {
    int parsed = 0;
    try {
        std::size_t used = 0;
        parsed = std::stoi(value, &used);
        if (used != value.size()) {
            throw std::invalid_argument(value);
        }
    } catch (const std::exception&) {
        throw std::runtime_error("config: " + key + " must be an integer, got '" + value + "'");
    }
    if (parsed < minimum) {
        throw std::runtime_error("config: " + key + " must be at least " + std::to_string(minimum) +
                                 ", got " + value);
    }
    return parsed;
}

bool toBool(const std::string& key, const std::string& value) {
    if (value == "true" || value == "yes" || value == "on" || value == "1") {
        return true;
    }
    if (value == "false" || value == "no" || value == "off" || value == "0") {
        return false;
    }
    throw std::runtime_error("config: " + key + " must be true or false, got '" + value + "'");
}

} // namespace

std::vector<std::string> parseList(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(',', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        auto item = text.substr(start, end - start);
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (!item.empty()) {
            out.push_back(item);
        }
        start = end + 1;
    }
    return out;
}

std::set<std::string> parseServiceList(const std::string& text) {
    std::set<std::string> out;
    for (auto& name : parseList(text)) {
        if (name == "all") {
            return {};
        }
        out.insert(std::move(name));
    }
    return out;
}

std::filesystem::path defaultDataDir() {
    // PostgreSQL runs as `postgres` under root, and that user cannot enter /root.
    if (geteuid() == 0) {
        return "/var/lib/lotok";
    }
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
        return std::filesystem::path(xdg) / "lotok";
    }
    if (const char* home = std::getenv("HOME"); home && *home) {
        return std::filesystem::path(home) / ".local" / "share" / "lotok";
    }
    return std::filesystem::current_path() / "lotok-data";
}

void Config::loadFile(const std::filesystem::path& path) {
    if (!std::filesystem::exists(path)) {
        throw std::runtime_error("config file not found: " + path.string());
    }
    Poco::AutoPtr<Poco::Util::IniFileConfiguration> ini(
        new Poco::Util::IniFileConfiguration(path.string()));
    Poco::Util::AbstractConfiguration::Keys sections;
    ini->keys(sections);
    for (const auto& section : sections) {
        Poco::Util::AbstractConfiguration::Keys keys;
        ini->keys(section, keys);
        for (const auto& key : keys) {
            const auto full = section + "." + key;
            if (section == "database" && !ini->hasProperty(full)) {
                // [database.order]: that service's own database.
                Poco::Util::AbstractConfiguration::Keys inner;
                ini->keys(full, inner);
                for (const auto& name : inner) {
                    if (name != "url") {
                        throw std::runtime_error("config: unknown key " + full + "." + name +
                                                 " in " + path.string());
                    }
                    serviceDatabaseUrls[key] = ini->getString(full + ".url");
                }
                continue;
            }
            const auto value = ini->getString(full);
            if (full == "server.listen") {
                listen = value;
            } else if (full == "server.internal_listen") {
                internalListen = value;
            } else if (full == "server.http_threads") {
                httpThreads = toInt(full, value);
            } else if (full == "server.http_io_threads") {
                httpIoThreads = toInt(full, value, 0);
            } else if (full == "server.keepalive_seconds") {
                httpKeepAliveSeconds = toInt(full, value);
            } else if (full == "server.request_timeout_seconds") {
                httpRequestSeconds = toInt(full, value);
            } else if (full == "server.services") {
                services = parseServiceList(value);
            } else if (full == "server.service_token") {
                if (!value.empty()) {
                    serviceToken = value;
                }
            } else if (full == "server.log_level") {
                if (!log::parseLevel(value, logLevel)) {
                    throw std::runtime_error(
                        "config: log_level must be debug, info, warn or error");
                }
            } else if (full == "log.format") {
                if (!log::parseFormat(value, logFormat)) {
                    throw std::runtime_error("config: [log] format must be text or json");
                }
            } else if (full == "database.url") {
                if (!value.empty()) {
                    databaseUrl = value;
                }
            } else if (full == "database.data_dir") {
                if (!value.empty()) {
                    dataDir = value;
                }
            } else if (full == "database.pool_size") {
                dbPoolSize = toInt(full, value);
            } else if (full == "websocket.idle_timeout_seconds") {
                wsIdleTimeoutSeconds = toInt(full, value);
            } else if (full == "websocket.ping_seconds") {
                wsPingSeconds = toInt(full, value);
            } else if (full == "websocket.max_queued_messages") {
                wsMaxQueuedMessages = toInt(full, value);
            } else if (full == "websocket.allowed_origins") {
                wsAllowedOrigins = parseList(value);
            } else if (full == "server.public_https") {
                publicHttps = toBool(full, value);
            } else if (full == "server.allow_plain_http_sessions") {
                allowPlainHttpSessions = toBool(full, value);
            } else if (full == "tls.certificate") {
                tlsCertificate = value;
            } else if (full == "tls.key") {
                tlsKey = value;
            } else if (full == "events.url") {
                eventsUrl = value;
            } else if (full == "events.replicas") {
                eventsReplicas = toInt(full, value);
            } else if (full == "events.max_age_seconds") {
                eventsMaxAgeSeconds = toInt(full, value);
            } else if (full == "events.max_deliver") {
                eventsMaxDeliver = toInt(full, value);
            } else if (full == "events.ack_wait_seconds") {
                eventsAckWaitSeconds = toInt(full, value);
            } else if (full == "events.threads") {
                eventsThreads = toInt(full, value);
            } else if (full == "metrics.enabled") {
                metricsEnabled = toBool(full, value);
            } else if (section == "service_urls") {
                serviceUrls[key] = value;
            } else if (!kPlatformSections.count(section)) {
                this->sections[section][key] = value;
            } else {
                throw std::runtime_error("config: unknown key " + full + " in " + path.string());
            }
        }
    }
}

void Config::setDatabaseUrl(const std::string& value) {
    const auto eq = value.find('=');
    if (eq != std::string::npos && eq > 0) {
        const auto name = value.substr(0, eq);
        const auto rest = value.substr(eq + 1);
        const bool isName = std::all_of(name.begin(), name.end(),
                                        [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
        // "order=postgresql://..." or "order=host=... dbname=...", but not "host=/run ...".
        const auto firstWord = rest.substr(0, rest.find(' '));
        if (isName && (rest.starts_with("postgresql://") || rest.starts_with("postgres://") ||
                       firstWord.find('=') != std::string::npos)) {
            serviceDatabaseUrls[name] = rest;
            return;
        }
    }
    databaseUrl = value;
}

int Config::value(const Setting& setting) const {
    const auto section = sections.find(setting.section);
    if (section == sections.end()) {
        return setting.fallback;
    }
    const auto found = section->second.find(setting.key);
    if (found == section->second.end()) {
        return setting.fallback;
    }
    return toInt(setting.section + "." + setting.key, found->second, setting.minimum);
}

std::string Config::text(const Setting& setting) const {
    const auto section = sections.find(setting.section);
    if (section == sections.end()) {
        return setting.textFallback;
    }
    const auto found = section->second.find(setting.key);
    return found == section->second.end() ? setting.textFallback : found->second;
}

void Config::check(const std::vector<Setting>& declared,
                   const std::vector<std::string>& serviceNames) const {
    const auto known = [&](const std::string& name) {
        return std::find(serviceNames.begin(), serviceNames.end(), name) != serviceNames.end();
    };
    if (tlsCertificate.empty() != tlsKey.empty()) {
        throw std::runtime_error("config: [tls] certificate and key go together (--tls-certificate "
                                 "and --tls-key): set both or neither");
    }
    std::string names;
    for (const auto& name : serviceNames) {
        names += (names.empty() ? "" : ", ") + name;
    }
    for (const auto& name : services) {
        if (!known(name)) {
            throw std::runtime_error("unknown service '" + name + "' (known: " + names + ")");
        }
    }
    for (const auto& [name, url] : serviceDatabaseUrls) {
        if (!known(name)) {
            throw std::runtime_error("config: no service '" + name +
                                     "' for its own database (known services: " + names + ")");
        }
    }
    for (const auto& [name, url] : serviceUrls) {
        if (!known(name)) {
            throw std::runtime_error("config: unknown key service_urls." + name +
                                     " (known services: " + names + ")");
        }
    }
    for (const auto& [sectionName, keys] : sections) {
        for (const auto& [keyName, text] : keys) {
            // Named copies: clang 14 does not capture structured bindings in a lambda.
            const std::string& section = sectionName;
            const std::string& key = keyName;
            const auto found = std::find_if(declared.begin(), declared.end(), [&](const auto& s) {
                return s.section == section && s.key == key;
            });
            if (found == declared.end()) {
                throw std::runtime_error("config: unknown key " + section + "." + key);
            }
            if (found->kind == Setting::Kind::Integer) {
                value(*found); // refuses a value out of range, with its key
            }
        }
    }
}

void Config::loadEnvironment() {
    if (const char* url = std::getenv("LOTOK_DATABASE_URL"); url && *url) {
        databaseUrl = url;
    }
    if (const char* token = std::getenv("LOTOK_SERVICE_TOKEN"); token && *token) {
        serviceToken = token;
    }
    if (const char* file = std::getenv("LOTOK_TLS_CERTIFICATE"); file && *file) {
        tlsCertificate = file;
    }
    if (const char* file = std::getenv("LOTOK_TLS_KEY"); file && *file) {
        tlsKey = file;
    }
    if (const char* events = std::getenv("LOTOK_EVENTS_URL"); events && *events) {
        eventsUrl = events;
    }
    if (const char* dir = std::getenv("LOTOK_DATA_DIR"); dir && *dir) {
        dataDir = dir;
    }
    if (const char* format = std::getenv("LOTOK_LOG_FORMAT"); format && *format) {
        if (!log::parseFormat(format, logFormat)) {
            throw std::runtime_error("LOTOK_LOG_FORMAT must be text or json");
        }
    }
    // Applied here, as soon as file and environment are read, so that every line from here
    // on (the command line's own among them) has the format; --log-format sets it again.
    log::setFormat(logFormat);
}

} // namespace lotok::config
