#include "NotificationModule.h"

#include "MailSender.h"
#include "NotificationApi.h"
#include "NotificationRepository.h"
#include "NotificationService.h"
#include "UserClient.h"

#include <cstdlib>
#include <stdexcept>

namespace lotok::services::notification {

std::vector<db::Migration> migrations();

namespace {

// [mail]: each notification also goes out by e-mail once smtp_host is set
// (docs/operations.md, "E-mail").
const auto kSmtpHost = config::Setting::text("mail", "smtp_host");
const config::Setting kSmtpPort{"mail", "smtp_port", 25, 1};
const auto kSmtpTls = config::Setting::text("mail", "smtp_tls", "starttls");
const auto kSmtpCaFile = config::Setting::text("mail", "smtp_ca_file");
const auto kSmtpUser = config::Setting::text("mail", "smtp_user");
const auto kSmtpPassword = config::Setting::text("mail", "smtp_password");
const auto kSmtpAuth = config::Setting::text("mail", "smtp_auth", "plain");
const auto kFrom = config::Setting::text("mail", "from", "Lotok <lotok@localhost>");
const auto kHelo = config::Setting::text("mail", "helo");
const config::Setting kTimeout{"mail", "timeout_seconds", 30, 1};
const config::Setting kRetryMax{"mail", "retry_max_seconds", 600, 1};

std::optional<MailSender::Options> mailOptions(const config::Config& config) {
    MailSender::Options options;
    auto& smtp = options.smtp;
    smtp.host = config.text(kSmtpHost);
    if (smtp.host.empty()) {
        return std::nullopt;
    }
    smtp.port = config.value(kSmtpPort);
    if (smtp.port > 65535) {
        throw std::runtime_error("config: mail.smtp_port must be at most 65535");
    }
    const auto tls = config.text(kSmtpTls);
    if (tls != "starttls" && tls != "none") {
        throw std::runtime_error("config: mail.smtp_tls must be starttls or none, not '" + tls +
                                 "'");
    }
    smtp.startTls = tls == "starttls";
    smtp.caFile = config.text(kSmtpCaFile);
    smtp.user = config.text(kSmtpUser);
    smtp.password = config.text(kSmtpPassword);
    // Kept out of the file where an operator prefers (a unit's environment file).
    if (const char* password = std::getenv("LOTOK_SMTP_PASSWORD"); password && *password) {
        smtp.password = password;
    }
    smtp.authMethod = config.text(kSmtpAuth);
    if (smtp.authMethod != "plain" && smtp.authMethod != "login") {
        throw std::runtime_error("config: mail.smtp_auth must be plain or login, not '" +
                                 smtp.authMethod + "'");
    }
    if (!smtp.user.empty() && !smtp.startTls) {
        // A password in clear over the network is what STARTTLS is for.
        throw std::runtime_error("config: mail.smtp_user needs mail.smtp_tls = starttls");
    }
    smtp.from = config.text(kFrom);
    smtp.helo = config.text(kHelo);
    smtp.timeout = std::chrono::seconds(config.value(kTimeout));
    options.retryMax = std::chrono::seconds(config.value(kRetryMax));
    return options;
}

class NotificationModule : public host::Service {
public:
    explicit NotificationModule(host::ServiceContext& context)
        : m_repository(context.pool, context.schema),
          m_service(m_repository, context.outbox, context.hub), m_api(m_service),
          m_consumer(context.bus, context.pool, context.schema),
          m_users(context.directory.transport("user")) {
        context.hub.addChannel({"notifications", "/api/v1/notifications/ws", false,
                                [this](std::int64_t userId, std::int64_t afterId) {
                                    return m_service.history(userId, afterId);
                                }});
        context.hub.addChannel({"staff", "/api/v1/staff/ws", true, {}});
        if (auto options = mailOptions(context.config)) {
            m_mail = std::make_unique<MailSender>(context.pool, context.schema, m_users,
                                                  std::move(*options));
            m_service.setMailSender(m_mail.get());
        }
    }

    std::vector<db::Migration> migrations() const override { return notification::migrations(); }
    void registerRoutes(http::Router& router) override { m_api.registerRoutes(router); }
    void subscribe(events::EventBus&) override { m_service.subscribeTo(m_consumer); }
    void start() override {
        if (m_mail) {
            m_mail->start();
        }
    }
    void stop() override {
        if (m_mail) {
            m_mail->stop();
        }
    }

private:
    NotificationRepository m_repository;
    NotificationService m_service;
    NotificationApi m_api;
    events::Consumer m_consumer;
    UserClient m_users;
    std::unique_ptr<MailSender> m_mail;
};

} // namespace

std::unique_ptr<host::Service> createModule(host::ServiceContext& context) {
    return std::make_unique<NotificationModule>(context);
}

std::vector<config::Setting> settings() {
    return {kSmtpHost, kSmtpPort, kSmtpTls, kSmtpCaFile, kSmtpUser, kSmtpPassword,
            kSmtpAuth, kFrom,     kHelo,    kTimeout,    kRetryMax};
}

} // namespace lotok::services::notification
