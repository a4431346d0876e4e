#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace lotok::test {

// A private Postfix on a free loopback port that takes mail for any address @lotok.test and
// delivers it to a Maildir of its own (removed at the end): a real MTA, no mock. With TLS it
// offers STARTTLS with a certificate for 127.0.0.1 from a CA the test made (caFile()).
// Needs root (Postfix's master drops to the postfix user itself) and the postfix package.
class MailServer {
public:
    explicit MailServer(bool tls = false);
    ~MailServer();
    MailServer(const MailServer&) = delete;
    MailServer& operator=(const MailServer&) = delete;

    int port() const { return m_port; }
    // The test CA's certificate (PEM), for [mail] smtp_ca_file.
    std::string caFile() const { return (m_dir / "ca.pem").string(); }
    void stop();
    void start();
    // Every message delivered so far, as received (headers and body).
    std::vector<std::string> messages() const;
    // What Postfix logged, for a failure's message.
    std::string log() const;

private:
    void writeConfig(bool tls);

    std::filesystem::path m_dir;
    int m_port = 0;
    bool m_running = false;
};

} // namespace lotok::test
