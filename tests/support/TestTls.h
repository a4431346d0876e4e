#pragma once

#include <filesystem>
#include <string>

namespace lotok::test {

// Certificates made for one test process by the openssl CLI, in a directory of their own
// that goes when the process ends: a test CA, and certificates it signs. Nothing is checked
// in; every run makes its own keys.
class TestCertificates {
public:
    TestCertificates();
    ~TestCertificates();
    TestCertificates(const TestCertificates&) = delete;
    TestCertificates& operator=(const TestCertificates&) = delete;

    std::string caFile() const { return (m_dir / "ca.crt").string(); }
    // A server certificate signed by the CA, for `altNames` (openssl's subjectAltName
    // syntax) and valid from `startDays` to `endDays` from now (a negative end: expired).
    // Returns the name's .crt; the key is keyFile(name).
    std::string issue(const std::string& name,
                      const std::string& altNames = "IP:127.0.0.1,DNS:localhost",
                      int startDays = -1, int endDays = 30) const;
    std::string certificateFile(const std::string& name) const;
    std::string keyFile(const std::string& name) const;
    // A certificate signed by itself, no CA's.
    std::string selfSigned(const std::string& name) const;
    // `openssl x509 -fingerprint -sha256` of a certificate, "AB:CD:...".
    std::string fingerprint(const std::string& name) const;
    const std::filesystem::path& dir() const { return m_dir; }

private:
    std::filesystem::path m_dir;
};

// The suites that run over TLS (LOTOK_TEST_TLS=1, tests/e2e/CMakeLists.txt): every lotokd a
// LotokdProcess starts serves HTTPS with a certificate for 127.0.0.1 from this process's
// test CA, and the test clients trust that CA only. With LOTOK_TEST_CLUSTER_TLS=DIR the
// suite runs on the cluster in DIR through its gateway's HTTPS, trusting DIR/tls/ca.crt.
bool testsOverTls();
const TestCertificates& processCertificates();
// The CA the test clients trust for an https:// URL ("" for http://: nothing to verify).
std::string caFileFor(const std::string& url);

} // namespace lotok::test
