#include "MailServer.h"

#include "LotokdProcess.h"
#include "NatsServer.h"

#include <arpa/inet.h>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace lotok::test {

namespace {

std::string readAll(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void run(const std::string& command) {
    if (std::system(command.c_str()) != 0) {
        throw std::runtime_error("failed: " + command);
    }
}

// Whether an SMTP server on the port says 220 within a second.
bool greets(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    timeval timeout{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    char banner[4] = {};
    const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                    recv(fd, banner, 3, MSG_WAITALL) == 3 && std::string(banner) == "220";
    close(fd);
    return ok;
}

} // namespace

MailServer::MailServer(bool tls)
    : m_dir(std::filesystem::temp_directory_path() / uniqueName("lotok-mta-")),
      m_port(freeLoopbackPort()) {
    if (geteuid() != 0) {
        throw std::runtime_error("the test MTA (postfix) needs root");
    }
    if (!getpwnam("postfix")) {
        throw std::runtime_error(
            "the test MTA needs the postfix package (scripts/install-deps.sh)");
    }
    std::filesystem::create_directories(m_dir / "conf");
    std::filesystem::create_directories(m_dir / "queue");
    std::filesystem::create_directories(m_dir / "data");
    std::filesystem::create_directories(m_dir / "mail");
    if (tls) {
        // A CA of this test, and a certificate for 127.0.0.1 signed by it.
        const auto d = m_dir.string();
        run("cd '" + d +
            "' && openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=Lotok test CA' "
            "-keyout ca.key -out ca.pem >/dev/null 2>&1 && openssl req -newkey rsa:2048 -nodes "
            "-subj '/CN=127.0.0.1' -keyout mta.key -out mta.csr >/dev/null 2>&1 && printf "
            "'subjectAltName=IP:127.0.0.1\\n' > san.ext && openssl x509 -req -in mta.csr -CA "
            "ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile san.ext -out mta.pem "
            ">/dev/null 2>&1 && chmod 600 mta.key");
    }
    writeConfig(tls);
    const auto* postfix = getpwnam("postfix");
    // The virtual delivery agent writes as the postfix user; the rest stays root's.
    run("chown " + std::to_string(postfix->pw_uid) + " '" + (m_dir / "data").string() + "' '" +
        (m_dir / "mail").string() + "'");
    start();
}

MailServer::~MailServer() {
    try {
        stop();
    } catch (...) {
    }
    std::error_code ignored;
    std::filesystem::remove_all(m_dir, ignored);
}

void MailServer::writeConfig(bool tls) {
    const auto* postfix = getpwnam("postfix");
    const auto d = m_dir.string();
    std::ofstream main(m_dir / "conf" / "main.cf");
    main << "compatibility_level = 3.6\n"
         << "queue_directory = " << d << "/queue\n"
         << "data_directory = " << d << "/data\n"
         << "mail_owner = postfix\n"
         << "inet_interfaces = 127.0.0.1\n"
         << "inet_protocols = ipv4\n"
         << "myhostname = mta.lotok.test\n"
         << "mydestination =\n"
         << "mynetworks = 127.0.0.0/8\n"
         << "alias_maps =\nalias_database =\n"
         << "virtual_mailbox_domains = lotok.test\n"
         << "virtual_mailbox_base = " << d << "/mail\n"
         << "virtual_mailbox_maps = static:inbox/\n"
         << "virtual_uid_maps = static:" << postfix->pw_uid << "\n"
         << "virtual_gid_maps = static:" << postfix->pw_gid << "\n"
         << "maillog_file_prefixes = " << d << "\n"
         << "maillog_file = " << d << "/maillog\n"
         << "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n"
         << "smtputf8_enable = no\n";
    if (tls) {
        main << "smtpd_tls_cert_file = " << d << "/mta.pem\n"
             << "smtpd_tls_key_file = " << d << "/mta.key\n"
             << "smtpd_tls_security_level = encrypt\n"
             << "smtpd_tls_protocols = >=TLSv1.2\n";
    }
    std::ofstream master(m_dir / "conf" / "master.cf");
    master << "127.0.0.1:" << m_port << " inet n - n - - smtpd\n";
    for (const auto* line :
         {"pickup unix n - n 60 1 pickup",   "cleanup unix n - n - 0 cleanup",
          "qmgr unix n - n 300 1 qmgr",      "rewrite unix - - n - - trivial-rewrite",
          "bounce unix - - n - 0 bounce",    "defer unix - - n - 0 bounce",
          "trace unix - - n - 0 bounce",     "verify unix - - n - 1 verify",
          "flush unix n - n 1000? 0 flush",  "proxymap unix - - n - - proxymap",
          "smtp unix - - n - - smtp",        "relay unix - - n - - smtp",
          "showq unix n - n - - showq",      "error unix - - n - - error",
          "retry unix - - n - - error",      "discard unix - - n - - discard",
          "local unix - n n - - local",      "virtual unix - n n - - virtual",
          "lmtp unix - - n - - lmtp",        "anvil unix - - n - 1 anvil",
          "scache unix - - n - 1 scache",    "postlog unix-dgram n - n - 1 postlogd",
          "tlsmgr unix - - n 1000? 1 tlsmgr"}) {
        master << line << "\n";
    }
}

void MailServer::start() {
    run("postfix -c '" + (m_dir / "conf").string() + "' start >/dev/null 2>&1");
    m_running = true;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    // Listening is not enough: the answer comes once smtpd is spawned; wait for the banner.
    while (!greets(m_port)) {
        if (std::chrono::steady_clock::now() > deadline) {
            throw std::runtime_error("postfix did not answer on port " + std::to_string(m_port) +
                                     ": " + log());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

void MailServer::stop() {
    if (!m_running) {
        return;
    }
    m_running = false;
    run("postfix -c '" + (m_dir / "conf").string() + "' stop >/dev/null 2>&1");
    // `stop` returns at once; the port is free once master has gone (its pid file stays).
    std::ifstream pidFile(m_dir / "queue" / "pid" / "master.pid");
    pid_t pid = 0;
    pidFile >> pid;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (pid > 0 && ::kill(pid, 0) == 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

std::vector<std::string> MailServer::messages() const {
    std::vector<std::string> out;
    for (const auto* sub : {"new", "cur"}) {
        const auto dir = m_dir / "mail" / "inbox" / sub;
        std::error_code error;
        for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
            out.push_back(readAll(entry.path()));
        }
    }
    return out;
}

std::string MailServer::log() const {
    return readAll(m_dir / "maillog");
}

} // namespace lotok::test
