#include "AuthModule.h"

#include "AuthApi.h"
#include "AuthRepository.h"
#include "AuthService.h"

namespace lotok::services::auth {

std::vector<db::Migration> migrations();

namespace {

class AuthModule : public host::Service {
public:
    explicit AuthModule(host::ServiceContext& context)
        : m_repository(context.pool, context.schema),
          m_service(m_repository, context.outbox, context.config.sessionTtlSeconds),
          m_api(m_service, context.config.publicHttps) {}

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

} // namespace lotok::services::auth
