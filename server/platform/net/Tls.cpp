#include "net/Tls.h"

#include "log/Log.h"

#include <ctime>
#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdexcept>

namespace lotok::net {
namespace {

// OpenSSL's reasons, oldest first, and the queue left empty for the next call.
std::string opensslErrors() {
    std::string out;
    while (const auto code = ERR_get_error()) {
        char text[256];
        ERR_error_string_n(code, text, sizeof text);
        out += (out.empty() ? "" : "; ") + std::string(text);
    }
    return out.empty() ? "unknown OpenSSL error" : out;
}

// A record header is 5 bytes, its length in the last two.
constexpr std::size_t kRecordHeader = 5;
constexpr std::size_t kReadChunk = 16 * 1024 + 512;

// One TLS connection over memory BIOs: ciphertext from the socket goes into `m_in`, OpenSSL
// writes what it sends into `m_out`, and this class moves `m_out` to the socket as far as it
// takes it (the rest waits in `m_pending`). OpenSSL therefore never meets a socket that would
// block, and what the loops see is the plain stream's contract.
class TlsStream final : public Stream {
public:
    TlsStream(int fd, SSL* ssl, BIO* in, BIO* out) : Stream(fd), m_ssl(ssl), m_in(in), m_out(out) {}

    ~TlsStream() override {
        TlsStream::close();
        SSL_free(m_ssl); // and both BIOs with it
    }

    IoResult read(char* data, std::size_t size) override {
        std::lock_guard lock(m_mutex);
        if (m_broken || m_fd < 0) {
            return {IoStatus::Failed, 0};
        }
        while (true) {
            ERR_clear_error();
            const int count =
                SSL_read(m_ssl, data, static_cast<int>(std::min<std::size_t>(size, 1 << 30)));
            if (count > 0) {
                moveOutput();
                return {IoStatus::Ok, static_cast<std::size_t>(count)};
            }
            const int error = SSL_get_error(m_ssl, count);
            if (error == SSL_ERROR_WANT_READ) {
                // The handshake's answers (or a TLS 1.3 ticket) go out before we wait.
                if (!sendPending()) {
                    return {IoStatus::Failed, 0};
                }
                const auto fed = feed();
                if (fed == IoStatus::Ok) {
                    continue;
                }
                return {fed, 0};
            }
            if (error == SSL_ERROR_ZERO_RETURN) {
                return {IoStatus::Closed, 0}; // close_notify
            }
            fail("read", error);
            return {IoStatus::Failed, 0};
        }
    }

    IoResult write(const char* data, std::size_t size) override {
        std::lock_guard lock(m_mutex);
        if (m_broken || m_fd < 0 || !sendPending()) {
            return {IoStatus::Failed, 0};
        }
        if (!m_pending.empty()) {
            return {IoStatus::WouldBlock, 0}; // the socket has not taken the last record yet
        }
        ERR_clear_error();
        // A record at most: the socket takes it (or not) before more is encrypted.
        const int count =
            SSL_write(m_ssl, data, static_cast<int>(std::min<std::size_t>(size, 16384)));
        if (count <= 0) {
            const int error = SSL_get_error(m_ssl, count);
            if (error == SSL_ERROR_WANT_READ) {
                // Only before the handshake is done: nothing is written then.
                return {sendPending() ? IoStatus::WouldBlock : IoStatus::Failed, 0};
            }
            fail("write", error);
            return {IoStatus::Failed, 0};
        }
        if (!sendPending()) {
            return {IoStatus::Failed, 0};
        }
        return {IoStatus::Ok, static_cast<std::size_t>(count)};
    }

    bool hasPendingOutput() const override {
        std::lock_guard lock(m_mutex);
        return !m_pending.empty() || BIO_ctrl_pending(m_out) > 0;
    }

    bool flushPending() override {
        std::lock_guard lock(m_mutex);
        return !m_broken && m_fd >= 0 && sendPending();
    }

    bool hasBufferedInput() const override {
        std::lock_guard lock(m_mutex);
        if (m_broken || m_fd < 0) {
            return false;
        }
        if (SSL_pending(m_ssl) > 0) {
            return true;
        }
        // A whole record taken from the socket but not yet decrypted (a partial one needs
        // the socket, which will say so).
        char* bytes = nullptr;
        const long held = BIO_get_mem_data(m_in, &bytes);
        if (held < static_cast<long>(kRecordHeader)) {
            return false;
        }
        const auto length = (static_cast<std::size_t>(static_cast<unsigned char>(bytes[3])) << 8) |
                            static_cast<unsigned char>(bytes[4]);
        return static_cast<std::size_t>(held) >= kRecordHeader + length;
    }

    void shutdownWrite() override {
        std::lock_guard lock(m_mutex);
        notifyClose();
        Stream::shutdownWrite();
    }

    void close() override {
        std::lock_guard lock(m_mutex);
        notifyClose();
        Stream::close();
    }

    bool secure() const override { return true; }

private:
    // Expects m_mutex held.
    void notifyClose() {
        if (m_fd >= 0 && !m_broken && !m_closeSent && SSL_is_init_finished(m_ssl)) {
            m_closeSent = true;
            ERR_clear_error();
            SSL_shutdown(m_ssl); // close_notify into m_out; the peer's answer is not awaited
            sendPending();
        }
    }

    void fail(const char* what, int error) {
        m_broken = true;
        // A client that does not speak our protocols, or someone probing: not our error.
        log::debug("tls: {} failed (SSL error {}): {}", what, error,
                   error == SSL_ERROR_SYSCALL ? "connection reset" : opensslErrors());
        ERR_clear_error();
        sendPending(); // the alert, if OpenSSL wrote one
    }

    // Takes ciphertext from the socket into m_in.
    IoStatus feed() {
        char buffer[kReadChunk];
        // The plain stream's read: the socket's bytes, or why there are none. An end without
        // close_notify counts as an ordinary end: HTTP frames its messages itself, so a
        // truncation cannot pass for a shorter request.
        const auto result = Stream::read(buffer, sizeof buffer);
        if (result.status == IoStatus::Ok) {
            BIO_write(m_in, buffer, static_cast<int>(result.bytes));
        }
        return result.status;
    }

    void moveOutput() {
        char buffer[16 * 1024];
        while (BIO_ctrl_pending(m_out) > 0) {
            const int count = BIO_read(m_out, buffer, sizeof buffer);
            if (count <= 0) {
                break;
            }
            m_pending.append(buffer, static_cast<std::size_t>(count));
        }
    }

    // Moves what OpenSSL wrote to the socket as far as it takes it; false when broken.
    bool sendPending() {
        moveOutput();
        std::size_t sent = 0;
        while (sent < m_pending.size()) {
            const auto result = Stream::write(m_pending.data() + sent, m_pending.size() - sent);
            if (result.status == IoStatus::WouldBlock) {
                break;
            }
            if (result.status != IoStatus::Ok) {
                m_broken = true;
                m_pending.clear();
                return false;
            }
            sent += result.bytes;
        }
        m_pending.erase(0, sent);
        return true;
    }

    SSL* m_ssl;
    BIO* m_in;
    BIO* m_out;
    std::string m_pending;
    bool m_broken = false;
    bool m_closeSent = false;
    mutable std::mutex m_mutex;
};

std::string fingerprintOf(X509* certificate) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    X509_digest(certificate, EVP_sha256(), digest, &length);
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += fmt::format("{}{:02X}", i ? ":" : "", digest[i]);
    }
    return out;
}

std::string describeCertificate(X509* certificate) {
    char subject[256] = {};
    X509_NAME_oneline(X509_get_subject_name(certificate), subject, sizeof subject);
    std::tm until{};
    std::string validUntil = "?";
    if (ASN1_TIME_to_tm(X509_get0_notAfter(certificate), &until) == 1) {
        char text[32];
        std::strftime(text, sizeof text, "%Y-%m-%d", &until);
        validUntil = text;
    }
    return fmt::format("{}, SHA-256 {}, valid until {}", subject, fingerprintOf(certificate),
                       validUntil);
}

struct Loaded {
    std::shared_ptr<SSL_CTX> context;
    std::string description;
};

Loaded load(const TlsFiles& files) {
    ERR_clear_error();
    std::shared_ptr<SSL_CTX> context(SSL_CTX_new(TLS_server_method()), SSL_CTX_free);
    if (!context) {
        throw std::runtime_error("tls: cannot create a context: " + opensslErrors());
    }
    auto* ctx = context.get();
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    // Partial writes and a buffer that may move between retries: the output string grows as
    // answers are appended. Idle connections give their record buffers back.
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                              SSL_MODE_RELEASE_BUFFERS);
    if (SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1 ||
        SSL_CTX_set1_groups_list(ctx, "X25519:P-256:P-384") != 1) {
        throw std::runtime_error("tls: the cipher policy was refused: " + opensslErrors());
    }
    static const unsigned char kSessionContext[] = "lotokd";
    SSL_CTX_set_session_id_context(ctx, kSessionContext, sizeof kSessionContext - 1);
    const auto certificate = files.certificate.string();
    const auto key = files.key.string();
    if (SSL_CTX_use_certificate_chain_file(ctx, certificate.c_str()) != 1) {
        throw std::runtime_error("tls: cannot use the certificate " + certificate + ": " +
                                 opensslErrors());
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, key.c_str(), SSL_FILETYPE_PEM) != 1) {
        throw std::runtime_error("tls: cannot use the key " + key + ": " + opensslErrors());
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
        throw std::runtime_error("tls: the key " + key + " does not belong to the certificate " +
                                 certificate + ": " + opensslErrors());
    }
    X509* leaf = SSL_CTX_get0_certificate(ctx);
    if (X509_cmp_current_time(X509_get0_notAfter(leaf)) < 0) {
        // Served anyway (a shop that forgot to renew is better reachable with a warning
        // every client shows than not at all), but said loudly.
        log::warn("tls: the certificate {} has expired", certificate);
    }
    return {context, describeCertificate(leaf)};
}

} // namespace

TlsServer::TlsServer(TlsFiles files) : m_files(std::move(files)) {
    auto loaded = load(m_files);
    m_context = std::move(loaded.context);
    m_description = std::move(loaded.description);
}

TlsServer::~TlsServer() = default;

std::optional<std::string> TlsServer::reload() {
    try {
        auto loaded = load(m_files);
        std::lock_guard lock(m_mutex);
        m_context = std::move(loaded.context);
        m_description = std::move(loaded.description);
        return std::nullopt;
    } catch (const std::exception& error) {
        return std::string(error.what());
    }
}

std::unique_ptr<Stream> TlsServer::accept(int fd) const {
    std::shared_ptr<SSL_CTX> context;
    {
        std::lock_guard lock(m_mutex);
        context = m_context;
    }
    SSL* ssl = SSL_new(context.get()); // holds its own reference to the context
    BIO* in = BIO_new(BIO_s_mem());
    BIO* out = BIO_new(BIO_s_mem());
    if (!ssl || !in || !out) {
        SSL_free(ssl);
        BIO_free(in);
        BIO_free(out);
        ERR_clear_error();
        return nullptr;
    }
    // An empty memory BIO says "retry" rather than end of file.
    BIO_set_mem_eof_return(in, -1);
    BIO_set_mem_eof_return(out, -1);
    SSL_set_bio(ssl, in, out);
    SSL_set_accept_state(ssl);
    return std::make_unique<TlsStream>(fd, ssl, in, out);
}

std::string TlsServer::describe() const {
    std::lock_guard lock(m_mutex);
    return m_description;
}

} // namespace lotok::net
