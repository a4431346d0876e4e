#pragma once

#include "config/Config.h"
#include "db/Migration.h"
#include "db/Pool.h"
#include "events/EventBus.h"
#include "events/Outbox.h"
#include "http/Router.h"
#include "http/ServiceTransport.h"

#include <memory>
#include <string>
#include <vector>

namespace lotok::ws {
class Hub;
}

namespace lotok::host {

// Where a service finds the others: a transport per service name, local or remote.
class ServiceDirectory {
public:
    virtual ~ServiceDirectory() = default;
    virtual http::ServiceTransport& transport(const std::string& service) = 0;
};

// What the host hands each service: its own connection pool (its own database when the
// services run apart), its outbox, the bus, the directory and the configuration.
struct ServiceContext {
    db::Pool& pool;
    events::EventBus& bus;
    events::Outbox& outbox;
    ServiceDirectory& directory;
    ws::Hub& hub;
    const config::Config& config;
    std::string schema;
};

// The shape every service has, so a reader who knows one knows them all.
class Service {
public:
    virtual ~Service() = default;
    virtual std::vector<db::Migration> migrations() const = 0;
    virtual void registerRoutes(http::Router& router) = 0;
    virtual void subscribe(events::EventBus& bus) {}
    // Background work (sweepers, saga recovery); called after migrations, before listening.
    virtual void start() {}
    virtual void stop() {}
};

struct ServiceSpec {
    std::string name;
    std::string schema;
    std::unique_ptr<Service> (*create)(ServiceContext& context);
    // The keys of its own config section it reads (checked at start, whoever hosts it).
    std::vector<config::Setting> settings = {};
};

} // namespace lotok::host
