#pragma once

#include "net/Stream.h"

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

using SSL_CTX = struct ssl_ctx_st;

namespace lotok::net {

// Where the public listener's certificate and key are (PEM; the certificate file may hold
// the chain after the leaf, as Let's Encrypt's fullchain.pem does; the key unencrypted).
struct TlsFiles {
    std::filesystem::path certificate;
    std::filesystem::path key;
};

// The policy every TLS listener of lotokd speaks (docs/deployment.md, "TLS"): TLS 1.2 and 1.3
// only; for 1.2 only ECDHE key exchange with AEAD ciphers (AES-GCM, ChaCha20-Poly1305), so
// every session has forward secrecy; OpenSSL's 1.3 suites (all AEAD); no compression, no
// renegotiation. The gateway's nginx template states the same list.
inline constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// The public listener's TLS: OpenSSL over memory BIOs, so the handshake and every record run
// inside the existing non-blocking event loops (the socket is read and written by the stream
// itself, never by OpenSSL). Loaded once at start; reload() swaps in a new certificate for
// the connections that come after it (SIGHUP, `systemctl reload lotokd`) — connections
// already open keep the one they began with.
class TlsServer {
public:
    // Throws std::runtime_error naming the file and OpenSSL's reason.
    explicit TlsServer(TlsFiles files);
    ~TlsServer();
    TlsServer(const TlsServer&) = delete;
    TlsServer& operator=(const TlsServer&) = delete;

    // Reads the files again. On failure the current certificate stays and the reason comes
    // back.
    std::optional<std::string> reload();
    // A TLS stream over an accepted socket (the handshake happens on its first reads);
    // nullptr when OpenSSL cannot make one (out of memory): close the socket.
    std::unique_ptr<Stream> accept(int fd) const;
    // "CN=shop.example, SHA-256 AB:CD:..., valid until 2027-12-01": for the log at start
    // and after a reload.
    std::string describe() const;

private:
    TlsFiles m_files;
    mutable std::mutex m_mutex;
    std::shared_ptr<SSL_CTX> m_context;
    std::string m_description;
};

} // namespace lotok::net
