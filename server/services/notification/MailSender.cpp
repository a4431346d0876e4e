#include "MailSender.h"

#include "MailText.h"
#include "log/Log.h"

#include <algorithm>

namespace lotok::services::notification {

struct MailSender::Job {
    std::int64_t notificationId = 0;
    std::int64_t userId = 0;
    std::int64_t orderId = 0;
    int attempts = 0;
    std::string type;
    std::string detail;
    std::string message;
};

namespace {

metrics::Counter& mailCounter(const std::string& result) {
    return metrics::Registry::global().counter(
        "lotok_mails_total", "E-mails of notifications by how their sending ended",
        {{"result", result}});
}

} // namespace

MailSender::MailSender(db::Pool& pool, std::string schema, UserClient& users, Options options)
    : m_pool(pool), m_schema(std::move(schema)), m_users(users), m_options(std::move(options)),
      m_smtp(m_options.smtp), m_sent(mailCounter("sent")), m_retried(mailCounter("retry")),
      m_failed(mailCounter("failed")), m_skipped(mailCounter("skipped")),
      m_uncertain(mailCounter("uncertain")) {}

MailSender::~MailSender() {
    stop();
}

void MailSender::enqueue(db::Transaction& tx, std::int64_t notificationId, std::int64_t userId,
                         const std::string& detail) {
    tx.exec("INSERT INTO " + m_schema +
                ".mails (notification_id, user_id, detail) VALUES ($1, $2, NULLIF($3, '')) "
                "ON CONFLICT (notification_id) DO NOTHING",
            {notificationId, userId, detail});
    tx.afterCommit([this] { wake(); });
}

void MailSender::wake() {
    {
        std::lock_guard lock(m_mutex);
        m_pending = true;
    }
    m_wakeup.notify_one();
}

void MailSender::start() {
    if (!m_thread.joinable()) {
        m_stopping = false;
        m_thread = std::thread([this] { run(); });
    }
}

void MailSender::stop() {
    m_stopping = true;
    wake();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

std::optional<MailSender::Job> MailSender::claim() {
    // Committed before the MTA is asked: from here on no other sender takes this mail.
    const auto rows = m_pool.exec(
        "UPDATE " + m_schema +
            ".mails m SET status = 'sending', claimed_at = now(), attempts = m.attempts + 1 "
            "FROM " +
            m_schema +
            ".notifications n WHERE n.id = m.notification_id AND m.notification_id = (SELECT "
            "notification_id FROM " +
            m_schema +
            ".mails WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY "
            "next_attempt_at, notification_id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING "
            "m.notification_id, m.user_id, n.order_id, m.attempts, n.type, "
            "COALESCE(m.detail, ''), n.message",
        {}, db::Plan::EachTime); // a poll over a growing table
    if (rows.empty()) {
        return std::nullopt;
    }
    return Job{
        rows.int64(0, 0),  rows.int64(0, 1),  rows.int64(0, 2), static_cast<int>(rows.int64(0, 3)),
        rows.string(0, 4), rows.string(0, 5), rows.string(0, 6)};
}

void MailSender::settle(const Job& job, const std::string& status, const std::string& error,
                        const std::string& recipient) {
    m_pool.exec("UPDATE " + m_schema +
                    ".mails SET status = $2, last_error = NULLIF($3, ''), recipient = "
                    "NULLIF($4, ''), sent_at = CASE WHEN $2 = 'sent' THEN now() END WHERE "
                    "notification_id = $1",
                {job.notificationId, status, error.substr(0, 1000), recipient});
}

void MailSender::retryLater(const Job& job, const std::string& error) {
    // 2 s, 4 s, 8 s ... up to retryMax: an MTA that is down for an hour is asked a few
    // dozen times, and a mail goes out within retryMax of its coming back.
    const auto cap = static_cast<double>(m_options.retryMax.count());
    const double delay = std::min(cap, double(1LL << std::min(job.attempts, 20)));
    log::warn("mail of notification {} not sent (attempt {}), retry in {:.0f}s: {}",
              job.notificationId, job.attempts, delay, error);
    m_pool.exec("UPDATE " + m_schema +
                    ".mails SET status = 'pending', last_error = $2, next_attempt_at = now() + "
                    "make_interval(secs => $3) WHERE notification_id = $1",
                {job.notificationId, error.substr(0, 1000), std::to_string(delay)});
    m_retried.inc();
}

int MailSender::abandonStale() {
    // A claim far older than a session can last: its sender stopped while sending. Whether
    // the MTA took the mail is not known, so it is not sent again.
    const auto stale = 3 * m_options.smtp.timeout.count() + 60;
    const auto rows =
        m_pool.exec("UPDATE " + m_schema +
                        ".mails SET status = 'uncertain', last_error = 'the sender stopped "
                        "while sending' WHERE status = 'sending' AND claimed_at < now() - "
                        "make_interval(secs => $1) RETURNING notification_id",
                    {std::to_string(stale)});
    for (int r = 0; r < rows.rows(); ++r) {
        log::warn("mail of notification {} may or may not have gone (its sender stopped); "
                  "not sent again",
                  rows.string(r, 0));
        m_uncertain.inc();
    }
    return rows.rows();
}

bool MailSender::sendOne() {
    auto job = claim();
    if (!job) {
        return false;
    }
    Contact contact;
    try {
        contact = m_users.contact(job->userId);
    } catch (const std::exception& error) {
        // User is away: nothing was sent, so it may be tried again.
        retryLater(*job, std::string("user: ") + error.what());
        return true;
    }
    if (!contact.emailNotifications) {
        settle(*job, "skipped", {}, {});
        m_skipped.inc();
        return true;
    }
    const auto mail = composeMail(job->type, job->orderId, job->detail, contact.language,
                                  contact.firstName, job->message);
    const auto messageId =
        "notification-" + std::to_string(job->notificationId) + "@" + m_options.messageIdDomain;
    const auto outcome = m_smtp.send(contact.email, mail, messageId);
    switch (outcome.kind) {
    case SendOutcome::Kind::Sent:
        settle(*job, "sent", {}, contact.email);
        m_sent.inc();
        log::debug("mail of notification {} sent", job->notificationId);
        break;
    case SendOutcome::Kind::Retry:
        retryLater(*job, outcome.error);
        break;
    case SendOutcome::Kind::Failed:
        log::warn("mail of notification {} refused for good: {}", job->notificationId,
                  outcome.error);
        settle(*job, "failed", outcome.error, contact.email);
        m_failed.inc();
        break;
    case SendOutcome::Kind::Uncertain:
        log::warn("mail of notification {} may or may not have gone; not sent again: {}",
                  job->notificationId, outcome.error);
        settle(*job, "uncertain", outcome.error, contact.email);
        m_uncertain.inc();
        break;
    }
    return true;
}

void MailSender::run() {
    auto lastSweep = std::chrono::steady_clock::time_point{};
    while (!m_stopping) {
        bool sent = false;
        try {
            if (std::chrono::steady_clock::now() - lastSweep > std::chrono::seconds(30)) {
                lastSweep = std::chrono::steady_clock::now();
                abandonStale();
            }
            sent = sendOne();
        } catch (const std::exception& error) {
            log::warn("mail sender: {}", error.what());
        } catch (...) {
            log::warn("mail sender: unknown exception");
        }
        if (sent) {
            continue;
        }
        std::unique_lock lock(m_mutex);
        // Polling covers retries that come due and mails queued by other replicas.
        m_wakeup.wait_for(lock, std::chrono::seconds(1),
                          [this] { return m_pending || m_stopping.load(); });
        m_pending = false;
    }
}

} // namespace lotok::services::notification
