// net::TlsServer's streams: the public listener's TLS, between a client's bytes and the HTTP
// loops and WebSocket hub. OpenSSL parses the records; what is ours is the stream around it
// (memory BIOs, the bytes it holds back, what it tells the loops), and that is what this
// checks. The server side is a real stream over one end of a socket pair.
//
// Input with an even first byte: raw bytes as a stranger sends them, in random pieces, at
// the server's handshake. Odd: a real TLS client (OpenSSL over memory BIOs) completes the
// handshake, then sends the rest of the input as application data, in records of sizes
// drawn from the input, its ciphertext reaching the socket in random pieces; the server then
// writes back what it read.
//
// Checked: no crash or sanitizer report; a read is Ok with at least one byte, WouldBlock,
// Closed or Failed, and once Failed stays so; whenever the stream says it holds input
// (hasBufferedInput — the loops then arm to be woken at once), reading makes progress: it
// never says so twice in a row with nothing read in between, which would spin a loop; with
// the real client, the server reads exactly the bytes sent, in order, and the client gets
// back exactly what the server wrote.
#include "FuzzSupport.h"
#include "net/Tls.h"

#include <cerrno>
#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace {

using lotok::fuzz::bytesOf;
using lotok::fuzz::pieces;
using lotok::net::IoStatus;
using lotok::net::Stream;

// A self-signed P-256 certificate written once to a directory of its own.
std::unique_ptr<lotok::net::TlsServer> makeServer() {
    std::string dir = (std::filesystem::temp_directory_path() / "lotok-fuzz-tls-XXXXXX").string();
    FUZZ_CHECK(mkdtemp(dir.data()) != nullptr);
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* certificate = X509_new();
    ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1);
    X509_gmtime_adj(X509_getm_notBefore(certificate), 0);
    X509_gmtime_adj(X509_getm_notAfter(certificate), 86400);
    X509_set_pubkey(certificate, key);
    X509_NAME* name = X509_get_subject_name(certificate);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("fuzz"), -1, -1, 0);
    X509_set_issuer_name(certificate, name);
    FUZZ_CHECK(X509_sign(certificate, key, EVP_sha256()) > 0);
    const auto certificateFile = dir + "/cert.pem";
    const auto keyFile = dir + "/key.pem";
    FILE* out = std::fopen(certificateFile.c_str(), "w");
    PEM_write_X509(out, certificate);
    std::fclose(out);
    out = std::fopen(keyFile.c_str(), "w");
    PEM_write_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(out);
    X509_free(certificate);
    EVP_PKEY_free(key);
    auto server =
        std::make_unique<lotok::net::TlsServer>(lotok::net::TlsFiles{certificateFile, keyFile});
    std::filesystem::remove_all(dir);
    return server;
}

const lotok::net::TlsServer& server() {
    static const auto instance = makeServer();
    return *instance;
}

// The server's stream over one end of a socket pair; the test holds the other end.
struct Connection {
    std::unique_ptr<Stream> stream;
    int client = -1;
    std::string received; // what the server read
    bool failed = false;
    bool closed = false;
    bool heldAndIdle = false; // the last read said "held input" and yielded nothing

    Connection() {
        int fds[2];
        FUZZ_CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0);
        fcntl(fds[0], F_SETFL, O_NONBLOCK);
        fcntl(fds[1], F_SETFL, O_NONBLOCK);
        stream = server().accept(fds[0]);
        FUZZ_CHECK(stream != nullptr);
        client = fds[1];
    }
    ~Connection() { close(client); }

    void send(std::string_view bytes) {
        while (!bytes.empty()) {
            const auto n = ::send(client, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0) {
                return; // the server closed, or its buffer is full: the rest is lost, as on a net
            }
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
    }

    // What the server sent, taken off the socket.
    std::string take() {
        std::string out;
        char buffer[16384];
        while (true) {
            const auto n = ::recv(client, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n <= 0) {
                return out;
            }
            out.append(buffer, static_cast<std::size_t>(n));
        }
    }

    // Reads as the HTTP loop does, until the stream says to wait.
    void drain() {
        for (int round = 0; round < 10000 && !failed && !closed; ++round) {
            const bool held = stream->hasBufferedInput();
            char buffer[4096];
            const auto result = stream->read(buffer, sizeof buffer);
            switch (result.status) {
            case IoStatus::Ok:
                FUZZ_CHECK(result.bytes > 0 && result.bytes <= sizeof buffer);
                received.append(buffer, result.bytes);
                heldAndIdle = false;
                break;
            case IoStatus::WouldBlock:
                FUZZ_CHECK(result.bytes == 0);
                // Once may be a record that was no data (an alert, a key update); twice in a
                // row means the loop would spin on it.
                FUZZ_CHECK(!(held && heldAndIdle));
                heldAndIdle = held;
                if (!stream->hasBufferedInput()) {
                    heldAndIdle = false;
                    return;
                }
                break;
            case IoStatus::Closed:
                closed = true;
                return;
            case IoStatus::Failed:
                failed = true;
                FUZZ_CHECK(stream->read(buffer, sizeof buffer).status == IoStatus::Failed);
                return;
            }
            if (stream->hasPendingOutput()) {
                stream->flushPending();
            }
        }
    }
};

void stranger(std::string_view bytes) {
    Connection connection;
    std::size_t offset = 0;
    for (const auto size : pieces(bytes)) {
        connection.send(bytes.substr(offset, size));
        offset += size;
        connection.drain();
        connection.take();
    }
    connection.drain();
}

// A TLS client over memory BIOs, pumped by hand through the socket pair.
struct Client {
    SSL_CTX* context = SSL_CTX_new(TLS_client_method());
    SSL* ssl = nullptr;
    BIO* in = BIO_new(BIO_s_mem());
    BIO* out = BIO_new(BIO_s_mem());

    Client() {
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nullptr);
        ssl = SSL_new(context);
        BIO_set_mem_eof_return(in, -1);
        BIO_set_mem_eof_return(out, -1);
        SSL_set_bio(ssl, in, out);
        SSL_set_connect_state(ssl);
    }
    ~Client() {
        SSL_free(ssl);
        SSL_CTX_free(context);
    }
    std::string written() {
        std::string bytes;
        char buffer[16384];
        int n = 0;
        while ((n = BIO_read(out, buffer, sizeof buffer)) > 0) {
            bytes.append(buffer, static_cast<std::size_t>(n));
        }
        return bytes;
    }
    void give(const std::string& bytes) {
        if (!bytes.empty()) {
            BIO_write(in, bytes.data(), static_cast<int>(bytes.size()));
        }
    }
};

void realClient(std::string_view plaintext) {
    Connection connection;
    Client client;
    bool done = false;
    for (int round = 0; round < 50 && !done; ++round) {
        done = SSL_do_handshake(client.ssl) == 1;
        connection.send(client.written());
        connection.drain();
        client.give(connection.take());
    }
    FUZZ_CHECK(done);
    FUZZ_CHECK(!connection.failed);
    // Records of the sizes the input draws, then their ciphertext in pieces of its own.
    std::size_t offset = 0;
    for (const auto size : pieces(plaintext)) {
        FUZZ_CHECK(SSL_write(client.ssl, plaintext.data() + offset, static_cast<int>(size)) ==
                   static_cast<int>(size));
        offset += size;
    }
    const auto ciphertext = client.written();
    offset = 0;
    for (const auto size : pieces(ciphertext)) {
        connection.send(std::string_view(ciphertext).substr(offset, size));
        offset += size;
        connection.drain();
        client.give(connection.take());
    }
    connection.drain();
    FUZZ_CHECK(!connection.failed);
    FUZZ_CHECK(connection.received == plaintext);

    // Back: the server writes what it read, as an answer goes out.
    std::size_t sent = 0;
    for (int round = 0; round < 10000 && sent < connection.received.size(); ++round) {
        const auto result = connection.stream->write(connection.received.data() + sent,
                                                     connection.received.size() - sent);
        FUZZ_CHECK(result.status == IoStatus::Ok || result.status == IoStatus::WouldBlock);
        sent += result.bytes;
        client.give(connection.take());
    }
    FUZZ_CHECK(sent == connection.received.size());
    while (connection.stream->hasPendingOutput()) {
        FUZZ_CHECK(connection.stream->flushPending());
        client.give(connection.take());
    }
    client.give(connection.take());
    std::string echoed;
    char buffer[16384];
    int n = 0;
    while ((n = SSL_read(client.ssl, buffer, sizeof buffer)) > 0) {
        echoed.append(buffer, static_cast<std::size_t>(n));
    }
    FUZZ_CHECK(echoed == plaintext);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const auto bytes = bytesOf(data + 1, size - 1);
    if (data[0] % 2 == 0) {
        stranger(bytes);
    } else {
        realClient(bytes);
    }
    ERR_clear_error();
    return 0;
}
