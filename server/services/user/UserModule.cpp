#include "UserModule.h"

#include "AuthClient.h"
#include "UserApi.h"
#include "UserRepository.h"
#include "UserService.h"

namespace lotok::services::user {

std::vector<db::Migration> migrations();

namespace {

class UserModule : public host::Service {
public:
    explicit UserModule(host::ServiceContext& context)
        : m_repository(context.pool, context.schema), m_auth(context.directory.transport("auth")),
          m_service(m_repository, m_auth, context.outbox), m_api(m_service) {}

    std::vector<db::Migration> migrations() const override { return user::migrations(); }
    void registerRoutes(http::Router& router) override { m_api.registerRoutes(router); }

private:
    UserRepository m_repository;
    AuthClient m_auth;
    UserService m_service;
    UserApi m_api;
};

} // namespace

std::unique_ptr<host::Service> createModule(host::ServiceContext& context) {
    return std::make_unique<UserModule>(context);
}

} // namespace lotok::services::user
