#include "host/ServiceHost.h"

#include "db/Migrator.h"
#include "events/EventsStatus.h"
#include "events/NatsBus.h"
#include "http/ApiError.h"
#include "log/Log.h"
#include "metrics/Metrics.h"
#include "net/Tls.h"

#include <stdexcept>

namespace lotok::host {

namespace {

std::unique_ptr<events::EventBus> makeBus(const config::Config& config) {
    // Each bus's consumers run on a fixed pool of this size.
    if (config.eventsUrl.empty()) {
        events::InProcessBus::Options options;
        options.maxDeliver = config.eventsMaxDeliver;
        options.threads = static_cast<std::size_t>(config.eventsThreads);
        return std::make_unique<events::InProcessBus>(options);
    }
    events::NatsBus::Options options;
    options.urls = config.eventsUrl;
    options.replicas = config.eventsReplicas;
    options.maxAge = std::chrono::seconds(config.eventsMaxAgeSeconds);
    options.maxDeliver = config.eventsMaxDeliver;
    options.threads = config.eventsThreads;
    options.ackWait = std::chrono::seconds(config.eventsAckWaitSeconds);
    return std::make_unique<events::NatsBus>(options);
}

} // namespace

ServiceHost::ServiceHost(const config::Config& config, std::vector<ServiceSpec> catalogue,
                         ws::Hub& hub)
    : m_config(config), m_catalogue(std::move(catalogue)), m_hub(hub) {
    check(m_config, m_catalogue);
    metrics::setEnabled(config.metricsEnabled);
    m_bus = makeBus(config);
}

void ServiceHost::check(const config::Config& config, const std::vector<ServiceSpec>& catalogue) {
    std::vector<config::Setting> declared;
    std::vector<std::string> names;
    for (const auto& spec : catalogue) {
        names.push_back(spec.name);
        declared.insert(declared.end(), spec.settings.begin(), spec.settings.end());
    }
    config.check(declared, names);
}

ServiceHost::~ServiceHost() {
    shutdown();
}

http::ServiceTransport& ServiceHost::transport(const std::string& service) {
    auto found = m_transports.find(service);
    if (found != m_transports.end()) {
        return *found->second;
    }
    std::unique_ptr<http::ServiceTransport> transport;
    if (m_config.hosts(service)) {
        transport = std::make_unique<http::LocalTransport>(m_router);
    } else {
        const auto url = m_config.serviceUrls.find(service);
        if (url == m_config.serviceUrls.end()) {
            throw std::runtime_error("service '" + service +
                                     "' is not hosted here and [service_urls] " + service +
                                     " is not configured");
        }
        transport = std::make_unique<http::RemoteTransport>(url->second, m_config.serviceToken);
        std::lock_guard lock(m_probeMutex);
        // A short timeout: a readiness probe must answer within the prober's own.
        m_probes[service].client =
            std::make_unique<http::HttpClient>(url->second, std::chrono::seconds(1));
    }
    return *m_transports.emplace(service, std::move(transport)).first->second;
}

bool ServiceHost::needsSharedDatabase(const config::Config& config,
                                      const std::vector<ServiceSpec>& catalogue) {
    for (const auto& spec : catalogue) {
        if (config.hosts(spec.name) && !config.serviceDatabaseUrls.count(spec.name)) {
            return true;
        }
    }
    return false;
}

db::Pool& ServiceHost::poolFor(const std::string& service, const std::string& sharedUrl) {
    const auto own = m_config.serviceDatabaseUrls.find(service);
    const auto& url = own != m_config.serviceDatabaseUrls.end() ? own->second : sharedUrl;
    if (url.empty()) {
        throw std::runtime_error("service '" + service +
                                 "' has no database: give --database-url (or " + service + "=URL)");
    }
    auto& pool = m_pools[url];
    if (!pool) {
        pool = std::make_unique<db::Pool>(url, static_cast<std::size_t>(m_config.dbPoolSize));
    }
    return *pool;
}

void ServiceHost::open(const std::string& databaseUrl) {
    m_router.setServiceToken(m_config.serviceToken);
    m_authGateway = std::make_unique<auth::AuthGateway>(transport("auth"));
    m_router.setAuthenticator(m_authGateway.get());
    addHealthRoutes();
    for (const auto& spec : m_catalogue) {
        if (!m_config.hosts(spec.name)) {
            continue;
        }
        // Each service in its own database when configured so; one pool per database.
        auto& pool = poolFor(spec.name, databaseUrl);
        m_servicePools[spec.name] = &pool;
        if (!m_pool) {
            m_pool = &pool;
        }
        db::Migrator migrator(pool);
        auto outbox = std::make_unique<events::Outbox>(pool, spec.schema, *m_bus, spec.name);
        ServiceContext context{pool, *m_bus, *outbox, *this, m_hub, m_config, spec.schema};
        auto service = spec.create(context);
        m_migrationsApplied += migrator.apply(db::platformMigrations(spec.schema));
        m_migrationsApplied += migrator.apply({spec.schema, spec.name, service->migrations()});
        service->registerRoutes(m_router);
        service->subscribe(*m_bus);
        m_outboxes.emplace(spec.name, std::move(outbox));
        m_services.emplace(spec.name, std::move(service));
    }
    if (m_services.empty()) {
        throw std::runtime_error("no services to host");
    }
}

void ServiceHost::startBackground() {
    m_bus->start();
    for (auto& [name, outbox] : m_outboxes) {
        outbox->start();
    }
    for (auto& [name, service] : m_services) {
        service->start();
    }
    m_backgroundStarted = true;
}

void ServiceHost::listen(const http::UpgradeHandler& upgrade) {
    http::HttpServerOptions options;
    options.workers = m_config.httpThreads;
    options.ioThreads = m_config.httpIoThreads;
    options.keepAliveSeconds = m_config.httpKeepAliveSeconds;
    options.requestSeconds = m_config.httpRequestSeconds;
    if (m_config.tls()) {
        m_tls = std::make_shared<net::TlsServer>(
            net::TlsFiles{m_config.tlsCertificate, m_config.tlsKey});
        log::info("tls: the public listener serves {}", m_tls->describe());
        options.tls = m_tls;
    }
    m_public = std::make_unique<http::HttpServer>(m_router, false, m_config.listen, options);
    // Services call each other here only when split into processes; one loop is plenty.
    // Plain: a private network between services (docs/deployment.md, "TLS").
    options.ioThreads = 1;
    options.tls.reset();
    m_internal =
        std::make_unique<http::HttpServer>(m_router, true, m_config.internalListen, options);
    if (upgrade) {
        m_public->setUpgradeHandler(upgrade);
        m_internal->setUpgradeHandler(upgrade);
    }
    m_public->start();
    m_internal->start();
}

void ServiceHost::reloadTls() {
    if (!m_tls) {
        log::info("SIGHUP: no [tls] certificate configured, nothing to reload");
        return;
    }
    if (const auto problem = m_tls->reload()) {
        log::error("tls: reload failed, still serving {}: {}", m_tls->describe(), *problem);
        return;
    }
    log::info("tls: reloaded; new connections get {}", m_tls->describe());
}

std::uint16_t ServiceHost::publicPort() const {
    return m_public ? m_public->port() : 0;
}
std::uint16_t ServiceHost::internalPort() const {
    return m_internal ? m_internal->port() : 0;
}

void ServiceHost::shutdown() {
    // Listeners first so no new work arrives, then background work, then relays.
    if (m_public) {
        m_public->stop();
    }
    if (m_internal) {
        m_internal->stop();
    }
    if (m_backgroundStarted) {
        for (auto& [name, service] : m_services) {
            service->stop();
        }
        for (auto& [name, outbox] : m_outboxes) {
            outbox->stop();
        }
        m_bus->stop();
        m_backgroundStarted = false;
    }
}

void ServiceHost::collectMetrics() {
    auto& registry = metrics::Registry::global();
    // Read at scrape time from the tables (and the broker) themselves, the same figures as
    // `lotokd events status`: every replica reports the same backlog and lag, and a relay or
    // consumer that is stuck cannot hide it.
    auto* broker = dynamic_cast<events::NatsBus*>(m_bus.get());
    events::EventsStatus status;
    for (const auto& spec : m_catalogue) {
        const auto pool = m_servicePools.find(spec.name);
        if (pool == m_servicePools.end()) {
            continue; // not hosted here
        }
        const metrics::Labels labels{{"service", spec.name}};
        auto& backlog = registry.gauge("lotok_outbox_backlog",
                                       "Events in the service's outbox not yet published", labels);
        auto& age = registry.gauge(
            "lotok_outbox_oldest_unpublished_age_seconds",
            "Age of the oldest event in the service's outbox not yet published (0: none)", labels);
        try {
            const auto outbox = events::readOutbox(*pool->second, spec.name, spec.schema);
            backlog.set(static_cast<double>(outbox.unpublished));
            age.set(outbox.oldestSeconds);
            if (!broker) {
                events::readStoredConsumers(*pool->second, spec.schema, status);
            }
        } catch (const std::exception& error) {
            log::warn("metrics: the events of {} could not be read: {}", spec.name, error.what());
        }
    }
    if (broker) {
        try {
            events::readBrokerConsumers(*broker, status, false);
        } catch (const std::exception& error) {
            log::warn("metrics: the broker's consumers could not be read: {}", error.what());
        }
    }
    // A consumer may take events from several streams (or schemas): its lag is their sum.
    std::map<std::string, std::int64_t> lag;
    for (const auto& consumer : status.consumers) {
        lag[consumer.consumer] += consumer.pending;
    }
    for (const auto& [consumer, pending] : lag) {
        registry
            .gauge("lotok_consumer_lag", "Events stored for the consumer and not handled yet",
                   {{"consumer", consumer}})
            .set(static_cast<double>(pending));
    }
    for (const auto& [url, pool] : m_pools) {
        // Labelled by the services on the pool, never by its URL (it may hold a password).
        std::string names;
        for (const auto& spec : m_catalogue) {
            const auto own = m_servicePools.find(spec.name);
            if (own != m_servicePools.end() && own->second == pool.get()) {
                names += (names.empty() ? "" : ",") + spec.name;
            }
        }
        const metrics::Labels labels{{"services", names}};
        registry.gauge("lotok_db_pool_size", "Connections the pool may open", labels)
            .set(static_cast<double>(pool->size()));
        registry.gauge("lotok_db_pool_in_use", "Connections handed out now", labels)
            .set(static_cast<double>(pool->inUse()));
    }
}

void ServiceHost::addHealthRoutes() {
    // Internal only (the router keeps /metrics off the public listener), behind the service
    // token when one is set; Prometheus presents it as a bearer token.
    m_router.add("GET", "/metrics", http::Access::Anyone, [this](http::RequestContext&) {
        if (!metrics::enabled()) {
            throw http::ApiError::notFound("metrics are turned off ([metrics] enabled = false)");
        }
        collectMetrics();
        http::HttpResponse response;
        response.status = 200;
        response.body = metrics::Registry::global().render();
        response.headers.emplace_back("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        return response;
    });
    m_router.add(
        "GET", "/healthz", http::Access::Anyone,
        [](http::RequestContext&) {
            return http::HttpResponse::json(200, {{"status", "ok"}});
        },
        http::Blocking::No);
    // A hosted service's own liveness under a path the gateway routes to that service
    // (packaging/nginx/lotok-gateway.conf): what its callers' /readyz asks.
    m_router.add("GET", "/internal/healthz/{service}", http::Access::Anyone,
                 [this](http::RequestContext& context) {
                     const auto& path = context.request().path;
                     const auto service = path.substr(path.rfind('/') + 1);
                     if (!m_services.count(service)) {
                         throw http::ApiError::notFound("no service '" + service + "' here");
                     }
                     return http::HttpResponse::json(200, {{"status", "ok"}});
                 });
    m_router.add("GET", "/readyz", http::Access::Anyone, [this](http::RequestContext& context) {
        bool ready = true;
        // The reasons name hosts and errors: the internal listener's callers only.
        const auto& request = context.request();
        auto body = readiness(request.internal && !http::Router::fromGateway(request), ready);
        return http::HttpResponse::json(ready ? 200 : 503, body);
    });
}

std::string ServiceHost::calledServiceState(const std::string& service) {
    constexpr auto kFresh = std::chrono::seconds(2);
    std::lock_guard lock(m_probeMutex);
    auto& probe = m_probes[service];
    const auto now = std::chrono::steady_clock::now();
    if (!probe.state.empty() && now - probe.checkedAt < kFresh) {
        return probe.state;
    }
    try {
        http::Headers headers;
        if (m_config.serviceToken) {
            headers.emplace_back("X-Service-Token", *m_config.serviceToken);
        }
        const auto answer = probe.client->get("/internal/healthz/" + service, headers);
        probe.state = answer.status == 200 ? "ok" : "down: HTTP " + std::to_string(answer.status);
    } catch (const std::exception& error) {
        probe.state = std::string("down: ") + error.what();
    }
    probe.checkedAt = std::chrono::steady_clock::now();
    return probe.state;
}

nlohmann::json ServiceHost::readiness(bool detailed, bool& ready) {
    const auto state = [&](const std::string& problem) {
        return problem.empty() ? std::string("ok")
               : detailed      ? "down: " + problem
                               : std::string("down");
    };
    nlohmann::json checks = nlohmann::json::object();
    // One query per database, reported for each service on it.
    std::map<db::Pool*, std::string> problems;
    for (const auto& [url, pool] : m_pools) {
        std::string problem;
        try {
            pool->exec("SELECT 1");
        } catch (const std::exception& error) {
            // libpq's message names the host, never the password; the URL is not quoted.
            problem = error.what();
            if (problem.empty()) {
                problem = "not reachable";
            }
        }
        problems[pool.get()] = problem;
    }
    for (const auto& [name, pool] : m_servicePools) {
        const auto& problem = problems[pool];
        ready = ready && problem.empty();
        checks["database." + name] = state(problem);
    }
    if (!m_config.eventsUrl.empty()) {
        const auto problem = m_bus->problem();
        ready = ready && problem.empty();
        checks["broker"] = state(problem);
    }
    std::vector<std::string> called;
    {
        std::lock_guard lock(m_probeMutex);
        for (const auto& [name, probe] : m_probes) {
            called.push_back(name);
        }
    }
    for (const auto& name : called) {
        // Reported, not gating: see the header.
        const auto answer = calledServiceState(name);
        checks["service." + name] = answer == "ok" || detailed ? answer : "down";
    }
    if (!m_backgroundStarted) {
        ready = false;
        checks["startup"] = "down: still starting";
    }
    nlohmann::json services = nlohmann::json::array();
    for (const auto& [name, service] : m_services) {
        services.push_back(name);
    }
    return {
        {"status", ready ? "ready" : "unavailable"}, {"checks", checks}, {"services", services}};
}

} // namespace lotok::host
