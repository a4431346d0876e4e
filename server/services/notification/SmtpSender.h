#pragma once

#include "MailText.h"

#include <chrono>
#include <string>

namespace lotok::services::notification {

// Where and how mails leave: the [mail] section (docs/operations.md, "E-mail").
struct SmtpSettings {
    std::string host; // empty: no e-mail
    int port = 25;
    bool startTls = true;   // STARTTLS before anything else, the certificate verified
    std::string caFile;     // the CAs that certificate is checked against; empty: the system's
    std::string user;       // empty: no AUTH
    std::string password;   // [mail] smtp_password or LOTOK_SMTP_PASSWORD
    std::string authMethod; // plain or login
    std::string from;       // "Lotok <shop@example.org>"
    std::string helo;       // the name in EHLO; empty: this host's name
    std::chrono::seconds timeout{30};
};

// How one attempt ended, for what happens to the mail next.
struct SendOutcome {
    enum class Kind {
        Sent,      // 250 after the message: the MTA has it
        Retry,     // nothing was handed over (no connection, 4xx before the message)
        Failed,    // refused for good (5xx): sending again would be refused again
        Uncertain, // the connection broke after the message was handed over
    };
    Kind kind = Kind::Sent;
    std::string error;
};

// One SMTP session per mail, through Poco's SMTPClientSession.
class SmtpSender {
public:
    explicit SmtpSender(SmtpSettings settings);
    const SmtpSettings& settings() const { return m_settings; }
    // `to` is a bare address; `messageId` goes into Message-ID, so a reader (or a test) can
    // tell which notification a message is.
    SendOutcome send(const std::string& to, const MailText& mail, const std::string& messageId);

private:
    SmtpSettings m_settings;
};

} // namespace lotok::services::notification
