#pragma once

#include "auth/AuthGateway.h"
#include "config/Config.h"
#include "events/InProcessBus.h"
#include "host/Service.h"
#include "http/HttpServer.h"
#include "http/Router.h"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace lotok::host {

// Hosts the configured subset of services in one process: one router, a pool, an outbox
// relay per service, the event bus, and the public and internal listeners.
class ServiceHost : public ServiceDirectory {
public:
    ServiceHost(const config::Config& config, std::vector<ServiceSpec> catalogue, ws::Hub& hub);
    ~ServiceHost() override;

    // Refuses a configuration that names a service or a service's key the catalogue does not
    // have: called before anything starts (lotokd checks the file first thing).
    static void check(const config::Config& config, const std::vector<ServiceSpec>& catalogue);

    // Connects, applies migrations, builds the services and their routes and subscriptions.
    // databaseUrl is the shared database of every service without one of its own
    // (config.serviceDatabaseUrls); it may be empty when each hosted service has its own.
    void open(const std::string& databaseUrl);
    // Whether some hosted service needs the shared database.
    static bool needsSharedDatabase(const config::Config& config,
                                    const std::vector<ServiceSpec>& catalogue);
    // Starts relays and the services' background work.
    void startBackground();
    // Opens the listeners; port 0 picks a free one (see publicPort()).
    void listen(const http::UpgradeHandler& upgrade = {});
    // SIGHUP: the public listener's certificate and key are read again (kept when the new
    // ones do not load; logged either way).
    void reloadTls();
    void shutdown();

    int migrationsApplied() const { return m_migrationsApplied; }
    std::uint16_t publicPort() const;
    std::uint16_t internalPort() const;
    http::Router& router() { return m_router; }
    events::EventBus& bus() { return *m_bus; }
    // The first service's pool (the shared one unless services have their own).
    db::Pool& pool() { return *m_pool; }
    const config::Config& config() const { return m_config; }
    bool hosts(const std::string& service) const { return m_services.count(service) > 0; }

    http::ServiceTransport& transport(const std::string& service) override;

private:
    void addHealthRoutes();
    // What /readyz says: each dependency's state by name ("ok" or why not, the reason only
    // when `detailed`), and whether this process can serve (its databases and broker; the
    // services it calls are reported, never gating: docs/operations.md, "Readiness").
    nlohmann::json readiness(bool detailed, bool& ready);
    // The services this process calls over HTTP, each asked for its liveness at most every
    // couple of seconds (the answer cached), so /readyz stays cheap whoever polls it.
    std::string calledServiceState(const std::string& service);
    // Sets the gauges read from the database (outbox backlog, pools) before a scrape.
    void collectMetrics();
    db::Pool& poolFor(const std::string& service, const std::string& sharedUrl);

    const config::Config& m_config;
    std::vector<ServiceSpec> m_catalogue;
    ws::Hub& m_hub;
    std::map<std::string, std::unique_ptr<db::Pool>> m_pools; // by database URL
    db::Pool* m_pool = nullptr;
    std::map<std::string, db::Pool*> m_servicePools; // each hosted service's pool
    // In-process unless [events] url names a NATS JetStream (see events/NatsBus.h).
    std::unique_ptr<events::EventBus> m_bus;
    http::Router m_router;
    std::map<std::string, std::unique_ptr<events::Outbox>> m_outboxes;
    std::map<std::string, std::unique_ptr<Service>> m_services;
    std::map<std::string, std::unique_ptr<http::ServiceTransport>> m_transports;
    std::shared_ptr<net::TlsServer> m_tls; // set: the public listener speaks HTTPS
    struct Probe {
        std::unique_ptr<http::HttpClient> client;
        std::chrono::steady_clock::time_point checkedAt;
        std::string state;
    };
    std::mutex m_probeMutex;
    std::map<std::string, Probe> m_probes; // the remote services this process calls
    std::unique_ptr<auth::AuthGateway> m_authGateway;
    std::unique_ptr<http::HttpServer> m_public;
    std::unique_ptr<http::HttpServer> m_internal;
    int m_migrationsApplied = 0;
    bool m_backgroundStarted = false;
};

} // namespace lotok::host
