// Issue 16: lotokd's own HTTPS. A real lotokd with a certificate from a test CA made by the
// openssl CLI, probed by OpenSSL clients configured the way an attacker or an old client
// would be: the protocol and cipher policy, strangers that do not speak TLS or stop halfway,
// pipelined and large requests through the TLS records, the certificate reloaded on SIGHUP,
// and which sign-ins get a session over plain HTTP.
#include "LotokdProcess.h"
#include "TestClient.h"
#include "TestTls.h"
#include "WsClient.h"
#include "net/Address.h"
#include "util/Crypto.h"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <fstream>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <nlohmann/json.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace lotok::test;
using namespace std::chrono_literals;
using json = nlohmann::json;

namespace {

int portOf(const std::string& url) {
    return std::stoi(url.substr(url.rfind(':') + 1));
}

int connectTo(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    timeval timeout{10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    return fd;
}

struct ClientPolicy {
    int minVersion = TLS1_VERSION;
    int maxVersion = TLS1_3_VERSION;
    std::string tls12Ciphers = "ALL:@SECLEVEL=0"; // everything, so the server's policy decides
    std::string tls13Suites = {};                 // OpenSSL's default
    std::string caFile;                           // verify against it; empty: do not verify
};

// One TLS client connection as OpenSSL's command line would make it, blocking.
class TlsClient {
public:
    TlsClient(int port, const ClientPolicy& policy) : m_fd(connectTo(port)) {
        m_context = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_min_proto_version(m_context, policy.minVersion);
        SSL_CTX_set_max_proto_version(m_context, policy.maxVersion);
        SSL_CTX_set_cipher_list(m_context, policy.tls12Ciphers.c_str());
        if (!policy.tls13Suites.empty()) {
            SSL_CTX_set_ciphersuites(m_context, policy.tls13Suites.c_str());
        }
        if (!policy.caFile.empty()) {
            SSL_CTX_load_verify_locations(m_context, policy.caFile.c_str(), nullptr);
            SSL_CTX_set_verify(m_context, SSL_VERIFY_PEER, nullptr);
        }
        m_ssl = SSL_new(m_context);
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(m_ssl), "127.0.0.1");
        SSL_set_fd(m_ssl, m_fd);
        ERR_clear_error();
        m_connected = SSL_connect(m_ssl) == 1;
        if (!m_connected) {
            char text[256] = {};
            ERR_error_string_n(ERR_get_error(), text, sizeof text);
            m_error = text;
        }
    }
    ~TlsClient() {
        SSL_free(m_ssl);
        SSL_CTX_free(m_context);
        close(m_fd);
    }

    bool connected() const { return m_connected; }
    const std::string& error() const { return m_error; }
    std::string protocol() const { return SSL_get_version(m_ssl); }
    std::string cipher() const { return SSL_get_cipher_name(m_ssl); }
    std::string peerFingerprint() const {
        X509* peer = SSL_get1_peer_certificate(m_ssl);
        REQUIRE(peer != nullptr);
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        X509_digest(peer, EVP_sha256(), digest, &length);
        X509_free(peer);
        std::string out;
        char hex[4];
        for (unsigned int i = 0; i < length; ++i) {
            std::snprintf(hex, sizeof hex, "%s%02X", i ? ":" : "", digest[i]);
            out += hex;
        }
        return out;
    }

    void send(const std::string& bytes) {
        std::size_t offset = 0;
        while (offset < bytes.size()) {
            const int n =
                SSL_write(m_ssl, bytes.data() + offset,
                          static_cast<int>(std::min<std::size_t>(bytes.size() - offset, 1 << 20)));
            REQUIRE(n > 0);
            offset += static_cast<std::size_t>(n);
        }
    }
    // Everything until the server closes (or 10 s of silence).
    std::string readAll() {
        std::string out;
        char buffer[16384];
        while (true) {
            const int n = SSL_read(m_ssl, buffer, sizeof buffer);
            if (n <= 0) {
                return out;
            }
            out.append(buffer, static_cast<std::size_t>(n));
        }
    }

private:
    int m_fd;
    SSL_CTX* m_context = nullptr;
    SSL* m_ssl = nullptr;
    bool m_connected = false;
    std::string m_error;
};

std::size_t countOf(const std::string& text, const std::string& what) {
    std::size_t count = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++count;
    }
    return count;
}

// A lotokd serving HTTPS with a certificate of `certificates`' CA.
struct TlsServer {
    TestCertificates certificates;
    std::string certificate = certificates.issue("server");
    LotokdProcess server{[this] {
        LotokdOptions options;
        options.extraArgs = {"--tls-certificate", certificate, "--tls-key",
                             certificates.keyFile("server")};
        return options;
    }()};
    int port() const { return portOf(server.publicUrl()); }
    ClientPolicy verified() const {
        ClientPolicy policy;
        policy.caFile = certificates.caFile();
        return policy;
    }
};

} // namespace

TEST_CASE("HTTPS speaks TLS 1.2 and 1.3 only, with forward-secret AEAD ciphers", "[local]") {
    TlsServer tls;
    REQUIRE(tls.server.publicUrl().rfind("https://127.0.0.1:", 0) == 0);

    SECTION("1.3 and 1.2 with a modern client") {
        TlsClient modern(tls.port(), tls.verified());
        REQUIRE(modern.connected());
        CHECK(modern.protocol() == "TLSv1.3");
        auto policy = tls.verified();
        policy.maxVersion = TLS1_2_VERSION;
        TlsClient older(tls.port(), policy);
        REQUIRE(older.connected());
        CHECK(older.protocol() == "TLSv1.2");
        CHECK(older.cipher().rfind("ECDHE-", 0) == 0);
        const auto cipher = older.cipher();
        CHECK((cipher.find("GCM") != std::string::npos ||
               cipher.find("CHACHA20") != std::string::npos));
    }
    SECTION("TLS 1.0 and 1.1 are refused") {
        for (const int version : {TLS1_VERSION, TLS1_1_VERSION}) {
            ClientPolicy policy;
            policy.maxVersion = version;
            TlsClient old(tls.port(), policy);
            CHECK_FALSE(old.connected());
        }
    }
    SECTION("1.2 without ECDHE, or with CBC, or without encryption, is refused") {
        for (const char* ciphers :
             {"AES128-GCM-SHA256:AES256-SHA:AES128-SHA256:@SECLEVEL=0",
              "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA256",
              "ECDHE-ECDSA-NULL-SHA:NULL:eNULL:@SECLEVEL=0", "DES-CBC3-SHA:@SECLEVEL=0"}) {
            ClientPolicy policy;
            policy.maxVersion = TLS1_2_VERSION;
            policy.tls12Ciphers = ciphers;
            TlsClient weak(tls.port(), policy);
            INFO(ciphers << ": " << (weak.connected() ? weak.cipher() : weak.error()));
            CHECK_FALSE(weak.connected());
        }
    }
    SECTION("the certificate is the configured one, and verifies for 127.0.0.1") {
        TlsClient client(tls.port(), tls.verified());
        REQUIRE(client.connected());
        CHECK(client.peerFingerprint() == tls.certificates.fingerprint("server"));
    }
}

TEST_CASE("every HTTPS answer carries HSTS, and the session cookie is Secure", "[local]") {
    TlsServer tls;
    TestClient client(tls.server.publicUrl(), tls.certificates.caFile());
    const auto health = client.get("/healthz");
    CHECK(health.status == 200);
    CHECK(health.header("strict-transport-security") ==
          std::optional<std::string_view>("max-age=31536000"));
    const auto missing = client.get("/api/v1/nothing-here");
    CHECK(missing.status == 404);
    CHECK(missing.header("strict-transport-security").has_value());

    const auto customer = client.registerCustomer("tls");
    const auto login =
        client.post("/api/v1/login", {{"login", customer.login}, {"password", customer.password}});
    REQUIRE(login.status == 200);
    const auto cookie = std::string(login.header("set-cookie").value_or(""));
    CHECK(cookie.find("; Secure") != std::string::npos);
    CHECK(cookie.find("HttpOnly") != std::string::npos);

    // The internal listener stays plain (a private network) and sends no HSTS.
    TestClient internal(tls.server.internalUrl());
    const auto inside = internal.get("/healthz");
    CHECK(inside.status == 200);
    CHECK_FALSE(inside.header("strict-transport-security").has_value());
}

TEST_CASE("pipelined and large requests and a WebSocket go through the TLS records", "[local]") {
    TlsServer tls;
    TestClient client(tls.server.publicUrl(), tls.certificates.caFile());
    const auto customer = client.registerCustomer("tlspipe");

    SECTION("60 pipelined requests in one write get 60 answers in order") {
        TlsClient raw(tls.port(), tls.verified());
        REQUIRE(raw.connected());
        std::string requests;
        for (int i = 0; i < 59; ++i) {
            requests += "GET /api/v1/account HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                        customer.token + "\r\nX-Request-Id: pipe-" + std::to_string(i) + "\r\n\r\n";
        }
        requests += "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        raw.send(requests);
        const auto answers = raw.readAll();
        CHECK(countOf(answers, "HTTP/1.1 200 OK") == 60);
        CHECK(answers.find("pipe-0") < answers.find("pipe-58"));
    }
    SECTION("a 60 KiB body and a 150 KiB answer, each over many records") {
        const std::string address(60 * 1024, 'a');
        const auto refused =
            client.post("/api/v1/user/profile", {{"address", address}}, customer.token);
        CHECK(refused.status == 400); // longer than an address may be, and said so in full
        CHECK(errorCode(refused) == "invalid_request");
        const auto staffLogin = uniqueName("tlsbig");
        const auto staff = client.login(staffLogin, tls.server.addStaff(staffLogin));
        const std::string description(5000, 'd');
        for (int i = 0; i < 30; ++i) {
            const auto created = client.post("/api/v1/stock/positions",
                                             {{"name", uniqueName("big")},
                                              {"price", 100},
                                              {"count", 1},
                                              {"description", description}},
                                             staff.token);
            REQUIRE(created.status == 201);
        }
        const auto list = client.get("/api/v1/stock/positions?limit=500", customer.token);
        REQUIRE(list.status == 200);
        CHECK(list.body.size() > 150 * 1000);
        CHECK(list.json()["positions"].size() >= 30);
    }
    SECTION("a push arrives over wss") {
        WsClient socket(tls.server.publicUrl(), "/api/v1/notifications/ws", customer.token,
                        tls.certificates.caFile());
        const auto staffLogin = uniqueName("tlsstaff");
        const auto staff = client.login(staffLogin, tls.server.addStaff(staffLogin));
        const auto position = client.createPosition(staff, uniqueName("tlspos"), 100, 5);
        client.topUp(customer, 1000);
        const auto order = client.post(
            "/api/v1/order", {{"items", json::array({{{"position_id", position}, {"count", 1}}})}},
            customer.token, {{"Idempotency-Key", lotok::util::randomToken(12)}});
        REQUIRE(order.status == 201);
        const auto message = socket.receive(15s);
        REQUIRE(message.has_value());
        CHECK((*message)["type"] == "notification");
    }
}

TEST_CASE("strangers that do not speak TLS, or stop halfway, cost nobody else", "[local]") {
    TlsServer tls;
    const auto served = [&] {
        TlsClient client(tls.port(), tls.verified());
        if (!client.connected()) {
            return false;
        }
        client.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        return client.readAll().find("200 OK") != std::string::npos;
    };
    // Plain HTTP on the TLS port: closed, nothing answered in clear.
    {
        const int fd = connectTo(tls.port());
        const std::string plain = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
        REQUIRE(::send(fd, plain.data(), plain.size(), MSG_NOSIGNAL) > 0);
        char buffer[512];
        const auto n = ::recv(fd, buffer, sizeof buffer, 0);
        CHECK(std::string(buffer, static_cast<std::size_t>(std::max<ssize_t>(n, 0))).find("200") ==
              std::string::npos);
        close(fd);
    }
    // Garbage and a record header that promises more than it sends; and a client that
    // connects and says nothing: all held while others are served.
    std::vector<int> stalled;
    for (int i = 0; i < 20; ++i) {
        const int fd = connectTo(tls.port());
        const std::string half =
            i % 2 ? std::string("\x16\x03\x01\x40\x00\x01\x00", 7) : std::string(300, '\xff');
        ::send(fd, half.data(), half.size(), MSG_NOSIGNAL);
        stalled.push_back(fd);
    }
    CHECK(served());
    // Many handshakes at once, from threads.
    std::atomic<int> ok{0};
    std::vector<std::thread> clients;
    for (int i = 0; i < 16; ++i) {
        clients.emplace_back([&] {
            for (int j = 0; j < 5; ++j) {
                ok += served() ? 1 : 0;
            }
        });
    }
    for (auto& thread : clients) {
        thread.join();
    }
    CHECK(ok == 80);
    for (const int fd : stalled) {
        close(fd);
    }
    CHECK(served());
}

TEST_CASE("SIGHUP reloads the certificate, and a broken one is refused with the old one kept",
          "[local]") {
    TestCertificates certificates;
    certificates.issue("first");
    certificates.issue("second");
    // lotokd reads the files at these paths; the test swaps what is in them.
    const auto certificate = (certificates.dir() / "live.crt").string();
    const auto key = (certificates.dir() / "live.key").string();
    std::filesystem::copy_file(certificates.certificateFile("first"), certificate);
    std::filesystem::copy_file(certificates.keyFile("first"), key);
    LotokdOptions options;
    options.extraArgs = {"--tls-certificate", certificate, "--tls-key", key, "--log-level", "info"};
    options.logFile = (certificates.dir() / "lotokd.log").string();
    LotokdProcess server(options);
    ClientPolicy policy;
    policy.caFile = certificates.caFile();
    const auto port = portOf(server.publicUrl());
    const auto served = [&] {
        TlsClient client(port, policy);
        REQUIRE(client.connected());
        return client.peerFingerprint();
    };
    REQUIRE(served() == certificates.fingerprint("first"));
    TlsClient before(port, policy); // open across the reload: it keeps working
    REQUIRE(before.connected());

    const auto overwrite = [](const std::string& from, const std::string& to) {
        std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
    };
    overwrite(certificates.certificateFile("second"), certificate);
    overwrite(certificates.keyFile("second"), key);
    ::kill(server.pid(), SIGHUP);
    CHECK(eventually([&] { return served() == certificates.fingerprint("second"); }, 10s));
    CHECK(eventually([&] { return server.log().find("tls: reloaded") != std::string::npos; }));

    // A certificate whose key is not its own, then a file that is no certificate at all.
    overwrite(certificates.certificateFile("first"), certificate);
    ::kill(server.pid(), SIGHUP);
    CHECK(eventually([&] { return countOf(server.log(), "tls: reload failed") == 1; }, 10s));
    CHECK(server.log().find("key values mismatch") != std::string::npos);
    CHECK(served() == certificates.fingerprint("second"));
    std::ofstream(certificate, std::ios::trunc) << "not a certificate\n";
    ::kill(server.pid(), SIGHUP);
    CHECK(eventually([&] { return countOf(server.log(), "tls: reload failed") == 2; }, 10s));
    CHECK(served() == certificates.fingerprint("second"));

    before.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(before.readAll().find("200 OK") != std::string::npos);
}

TEST_CASE("lotokd refuses to start on a TLS setting it cannot use", "[local]") {
    TestCertificates certificates;
    certificates.issue("server");
    const auto start = [](std::vector<std::string> tlsArgs) {
        std::vector<std::string> args = {
            "serve",       "--listen",       "127.0.0.1:0",       "--internal-listen",
            "127.0.0.1:0", "--database-url", createTestDatabase()};
        args.insert(args.end(), tlsArgs.begin(), tlsArgs.end());
        return runLotokdFor(args, 60s);
    };
    const auto onlyCertificate =
        start({"--tls-certificate", certificates.certificateFile("server")});
    CHECK(onlyCertificate.status != 0);
    CHECK(onlyCertificate.err.find("certificate and key go together") != std::string::npos);
    const auto missing = start({"--tls-certificate", certificates.dir().string() + "/none.crt",
                                "--tls-key", certificates.keyFile("server")});
    CHECK(missing.status != 0);
    CHECK(missing.err.find("none.crt") != std::string::npos);
    const auto swapped = start({"--tls-certificate", certificates.keyFile("server"), "--tls-key",
                                certificates.certificateFile("server")});
    CHECK(swapped.status != 0);
    CHECK(swapped.err.find("tls: cannot use") != std::string::npos);
}

TEST_CASE("no session is issued over plain HTTP to another machine unless configured", "[local]") {
    // The gateway's view: a client's request forwarded to the internal listener with the
    // service token, X-Real-IP naming the client and X-Forwarded-Proto how it came.
    const std::string token = "svc-" + lotok::util::randomToken(16);
    setenv("LOTOK_SERVICE_TOKEN", token.c_str(), 1);
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto customer = client.registerCustomer("plain");
    TestClient internal(server.internalUrl());
    const auto login = [&](const std::string& clientAddress, const std::string& proto) {
        lotok::http::HttpRequest request;
        request.method = "POST";
        request.path = "/api/v1/login";
        request.headers = {{"Content-Type", "application/json"},
                           {"X-Service-Token", token},
                           {"X-Real-IP", clientAddress}};
        if (!proto.empty()) {
            request.headers.emplace_back("X-Forwarded-Proto", proto);
        }
        request.body = json{{"login", customer.login}, {"password", customer.password}}.dump();
        return internal.raw().send(request);
    };
    const auto remotePlain = login("203.0.113.7", "http");
    CHECK(remotePlain.status == 403);
    CHECK(errorCode(remotePlain) == "forbidden");
    CHECK(remotePlain.body.find("HTTPS") != std::string::npos);
    CHECK_FALSE(remotePlain.header("set-cookie").has_value());
    CHECK(login("2001:db8::5", "").status == 403);

    const auto remoteTls = login("203.0.113.7", "https");
    REQUIRE(remoteTls.status == 200);
    CHECK(std::string(remoteTls.header("set-cookie").value_or("")).find("; Secure") !=
          std::string::npos);
    // The same machine (make run, a proxy beside lotokd): served, the cookie not Secure.
    const auto local = login("127.0.0.1", "http");
    REQUIRE(local.status == 200);
    CHECK(std::string(local.header("set-cookie").value_or("")).find("Secure") == std::string::npos);
    // X-Forwarded-Proto without the service token is nobody's word.
    const auto unsigned_ =
        client.post("/api/v1/login", {{"login", customer.login}, {"password", customer.password}},
                    {}, {{"X-Forwarded-Proto", "https"}});
    REQUIRE(unsigned_.status == 200);
    CHECK(std::string(unsigned_.header("set-cookie").value_or("")).find("Secure") ==
          std::string::npos);

    // An operator who accepts it (a private network without TLS) says so.
    ConfigFile config("[server]\nallow_plain_http_sessions = true\n");
    LotokdProcess allowing(config.options());
    unsetenv("LOTOK_SERVICE_TOKEN");
    TestClient allowingClient(allowing.publicUrl());
    const auto other = allowingClient.registerCustomer("plainok");
    TestClient allowingInternal(allowing.internalUrl());
    lotok::http::HttpRequest request;
    request.method = "POST";
    request.path = "/api/v1/login";
    request.headers = {{"Content-Type", "application/json"},
                       {"X-Service-Token", token},
                       {"X-Real-IP", "203.0.113.7"}};
    request.body = json{{"login", other.login}, {"password", other.password}}.dump();
    CHECK(allowingInternal.raw().send(request).status == 200);
}

TEST_CASE("loopback is 127.0.0.0/8 and ::1, nothing else", "[unit]") {
    using lotok::net::isLoopback;
    CHECK(isLoopback("127.0.0.1"));
    CHECK(isLoopback("127.200.3.4"));
    CHECK(isLoopback("::1"));
    CHECK(isLoopback("::ffff:127.0.0.1"));
    CHECK_FALSE(isLoopback("128.0.0.1"));
    CHECK_FALSE(isLoopback("10.0.0.1"));
    CHECK_FALSE(isLoopback("::ffff:10.0.0.1"));
    CHECK_FALSE(isLoopback("::2"));
    CHECK_FALSE(isLoopback(""));
    CHECK_FALSE(isLoopback("localhost"));
    CHECK_FALSE(isLoopback("127.0.0.1 "));
    CHECK_FALSE(isLoopback("in-process"));
}
