#include "SmtpSender.h"

#include "net/TlsClient.h"

#include <Poco/Base64Encoder.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/StringPartSource.h>
#include <Poco/Timestamp.h>
#include <algorithm>
#include <mutex>
#include <sstream>

namespace lotok::services::notification {

namespace {

// The bare address of "Name <addr>", for MAIL FROM.
std::string addressOf(const std::string& from) {
    const auto open = from.find('<');
    const auto close = from.find('>', open == std::string::npos ? 0 : open);
    if (open != std::string::npos && close != std::string::npos) {
        return from.substr(open + 1, close - open - 1);
    }
    return from;
}

// RFC 2047 for a header of UTF-8 text: base64 encoded words, each of whole characters and
// at most 75 characters long. (Poco's encodeWord splits a word inside a character, which a
// reader shows as two broken ones: a Russian subject came out so.)
std::string encodeHeader(const std::string& text) {
    const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f;
    });
    if (plain) {
        return text;
    }
    constexpr std::size_t kChunk = 45; // bytes: 60 in base64, 72 with the =?UTF-8?B?...?=
    std::string out;
    std::size_t at = 0;
    while (at < text.size()) {
        auto end = std::min(text.size(), at + kChunk);
        // Back to the start of a character: continuation bytes are 10xxxxxx.
        while (end < text.size() && end > at &&
               (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
            --end;
        }
        std::ostringstream encoded;
        Poco::Base64Encoder encoder(encoded);
        encoder.rdbuf()->setLineLength(0);
        encoder << text.substr(at, end - at);
        encoder.close();
        out += (out.empty() ? "" : " ") + std::string("=?UTF-8?B?") + encoded.str() + "?=";
        at = end;
    }
    return out;
}

SendOutcome refused(int status, const std::string& what) {
    // 4xx: try later; 5xx (and anything else the server should not have said): give up.
    if (status / 100 == 4) {
        return {SendOutcome::Kind::Retry, what};
    }
    return {SendOutcome::Kind::Failed, what};
}

} // namespace

SmtpSender::SmtpSender(SmtpSettings settings) : m_settings(std::move(settings)) {
    if (m_settings.startTls) {
    }
}

SendOutcome SmtpSender::send(const std::string& to, const MailText& mail,
                             const std::string& messageId) {
    using Poco::Net::MailMessage;
    MailMessage message;
    message.setSender(m_settings.from);
    message.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, to));
    message.setSubject(encodeHeader(mail.subject));
    message.setDate(Poco::Timestamp());
    message.set("Message-ID", "<" + messageId + ">");
    message.set("Auto-Submitted", "auto-generated"); // RFC 3834: no vacation replies to it
    message.setContentType("multipart/alternative");
    message.addPart("", new Poco::Net::StringPartSource(mail.text, "text/plain; charset=UTF-8"),
                    MailMessage::CONTENT_INLINE, MailMessage::ENCODING_QUOTED_PRINTABLE);
    message.addPart("", new Poco::Net::StringPartSource(mail.html, "text/html; charset=UTF-8"),
                    MailMessage::CONTENT_INLINE, MailMessage::ENCODING_QUOTED_PRINTABLE);
    std::ostringstream content;
    message.write(content);

    const auto timeout = Poco::Timespan(static_cast<long>(m_settings.timeout.count()), 0);
    bool handedOver = false;
    try {
        Poco::Net::SecureSMTPClientSession session(m_settings.host,
                                                   static_cast<Poco::UInt16>(m_settings.port));
        session.setTimeout(timeout);
        const auto helo = m_settings.helo;
        const auto hello = [&] { helo.empty() ? session.login() : session.login(helo); };
        hello();
        if (m_settings.startTls) {
            if (!session.startTLS(net::tlsClientContext(m_settings.caFile))) {
                // A server that does not offer STARTTLS is not sent a password or a mail in
                // clear: configured for TLS, this is an error to fix, not to work around.
                return {SendOutcome::Kind::Failed, "the server does not offer STARTTLS"};
            }
            hello();
        }
        if (!m_settings.user.empty()) {
            const auto method = m_settings.authMethod == "login"
                                    ? Poco::Net::SMTPClientSession::AUTH_LOGIN
                                    : Poco::Net::SMTPClientSession::AUTH_PLAIN;
            if (helo.empty()) {
                session.login(method, m_settings.user, m_settings.password);
            } else {
                session.login(helo, method, m_settings.user, m_settings.password);
            }
        }
        Poco::Net::SMTPClientSession::Recipients recipients{to};
        session.sendAddresses(addressOf(m_settings.from), recipients);
        session.sendData(); // 354: from here on the message may reach the server
        handedOver = true;
        std::istringstream in(content.str());
        session.sendMessage(in);
        try {
            session.close();
        } catch (const std::exception&) {
            // QUIT's answer does not matter once the message is accepted.
        }
        return {SendOutcome::Kind::Sent, {}};
    } catch (const Poco::Net::SMTPException& error) {
        // An answer from the server: it has not taken the message.
        return refused(error.code(), error.displayText());
    } catch (const Poco::Exception& error) {
        return {handedOver ? SendOutcome::Kind::Uncertain : SendOutcome::Kind::Retry,
                error.displayText()};
    } catch (const std::exception& error) {
        return {handedOver ? SendOutcome::Kind::Uncertain : SendOutcome::Kind::Retry, error.what()};
    }
}

} // namespace lotok::services::notification
