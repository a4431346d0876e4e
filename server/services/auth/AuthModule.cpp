#include "AuthModule.h"

#include "AuthApi.h"
#include "AuthRepository.h"
#include "AuthService.h"

namespace lotok::services::auth {

std::vector<db::Migration> migrations();

namespace {

// A session lives this long after sign-in.
const config::Setting kSessionTtl{"auth", "session_ttl_seconds", 14 * 24 * 3600};

class AuthModule : public host::Service {
public:
    explicit AuthModule(host::ServiceContext& context)
        : m_repository(context.pool, context.schema),
          m_service(m_repository, context.outbox, context.config.value(kSessionTtl)),
          m_api(m_service, context.config.publicHttps, context.config.allowPlainHttpSessions) {}

    std::vector<db::Migration> migrations() const override { return auth::migrations(); }
    void registerRoutes(http::Router& router) override { m_api.registerRoutes(router); }

private:
    AuthRepository m_repository;
    AuthService m_service;
    AuthApi m_api;
};

} // namespace

std::unique_ptr<host::Service> createModule(host::ServiceContext& context) {
    return std::make_unique<AuthModule>(context);
}

std::vector<config::Setting> settings() {
    return {kSessionTtl};
}

} // namespace lotok::services::auth
