#pragma once

#include "SmtpSender.h"
#include "UserClient.h"
#include "db/Pool.h"
#include "metrics/Metrics.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace lotok::services::notification {

// Sends the mails of Notification's mail outbox (the `mails` table), one at a time, on a
// thread of its own: the event consumer only writes the row. A mail is claimed (status
// 'sending', committed) before the MTA hears of it, so two replicas never send one mail,
// and a mail whose sending was cut short after the message was handed over is never sent
// again: at most once per notification. What was refused before that is retried with
// back-off, for as long as the MTA is away.
class MailSender {
public:
    struct Options {
        SmtpSettings smtp;
        std::chrono::seconds retryMax{600}; // back-off cap
        std::string messageIdDomain = "lotok.invalid";
    };
    MailSender(db::Pool& pool, std::string schema, UserClient& users, Options options);
    ~MailSender();

    // Queues the mail of a notification in the caller's transaction (its own, so one
    // notification has one mail at most).
    void enqueue(db::Transaction& tx, std::int64_t notificationId, std::int64_t userId,
                 const std::string& detail);
    void start();
    void stop();
    // Sends one due mail, on the caller's thread; false when none was due.
    bool sendOne();

private:
    struct Job;
    void run();
    void wake();
    std::optional<Job> claim();
    void settle(const Job& job, const std::string& status, const std::string& error,
                const std::string& recipient);
    void retryLater(const Job& job, const std::string& error);
    int abandonStale();

    db::Pool& m_pool;
    std::string m_schema;
    UserClient& m_users;
    Options m_options;
    SmtpSender m_smtp;
    metrics::Counter& m_sent;
    metrics::Counter& m_retried;
    metrics::Counter& m_failed;
    metrics::Counter& m_skipped;
    metrics::Counter& m_uncertain;
    std::mutex m_mutex;
    std::condition_variable m_wakeup;
    bool m_pending = false;
    std::atomic<bool> m_stopping{false};
    std::thread m_thread;
};

} // namespace lotok::services::notification
