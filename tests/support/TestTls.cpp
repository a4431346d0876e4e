#include "TestTls.h"

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace lotok::test {
namespace {

// The paths are a mkdtemp directory's and names the tests choose: nothing to quote.
std::string run(const std::string& command) {
    const auto output = std::filesystem::temp_directory_path() /
                        ("lotok-openssl-" + std::to_string(getpid()) + ".txt");
    const auto full = command + " >" + output.string() + " 2>&1";
    const int status = std::system(full.c_str());
    std::ifstream in(output);
    std::stringstream text;
    text << in.rdbuf();
    std::filesystem::remove(output);
    if (status != 0) {
        throw std::runtime_error("failed: " + command + "\n" + text.str());
    }
    return text.str();
}

constexpr const char* kNewKey = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";

} // namespace

TestCertificates::TestCertificates() {
    std::string pattern = (std::filesystem::temp_directory_path() / "lotok-tls-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
        throw std::runtime_error("mkdtemp failed");
    }
    m_dir = pattern;
    const auto d = m_dir.string();
    run("openssl req -x509 " + std::string(kNewKey) + " -days 30 -keyout " + d + "/ca.key -out " +
        d + "/ca.crt -subj '/CN=Lotok test CA' -addext basicConstraints=critical,CA:TRUE " +
        "-addext keyUsage=critical,keyCertSign,cRLSign");
    // `openssl ca` (not `x509 -req`): only it can date a certificate in the past (an expired
    // one for the tests) with OpenSSL 3.0.
    std::ofstream(m_dir / "index.txt");
    std::ofstream(m_dir / "ca.cnf")
        << "[ca]\ndefault_ca = test\n[test]\ndir = " << d << "\ndatabase = " << d
        << "/index.txt\nnew_certs_dir = " << d << "\ncertificate = " << d
        << "/ca.crt\nprivate_key = " << d << "/ca.key\nserial = " << d
        << "/serial\ndefault_md = sha256\npolicy = any\nunique_subject = no\n"
           "copy_extensions = copy\n[any]\ncommonName = supplied\n";
}

TestCertificates::~TestCertificates() {
    std::error_code ignored;
    std::filesystem::remove_all(m_dir, ignored);
}

std::string TestCertificates::certificateFile(const std::string& name) const {
    return (m_dir / (name + ".crt")).string();
}

std::string TestCertificates::keyFile(const std::string& name) const {
    return (m_dir / (name + ".key")).string();
}

std::string TestCertificates::issue(const std::string& name, const std::string& altNames,
                                    int startDays, int endDays) const {
    const auto d = m_dir.string();
    run("openssl req " + std::string(kNewKey) + " -keyout " + keyFile(name) + " -out " + d + "/" +
        name + ".csr -subj /CN=" + name + " -addext subjectAltName=" + altNames +
        " -addext extendedKeyUsage=serverAuth -addext basicConstraints=CA:FALSE");
    const auto date = [](int days) {
        const auto when = std::time(nullptr) + static_cast<std::time_t>(days) * 86400;
        std::tm parts{};
        gmtime_r(&when, &parts);
        char text[32];
        std::strftime(text, sizeof text, "%Y%m%d%H%M%SZ", &parts);
        return std::string(text);
    };
    // A serial of its own for each (openssl insists on an even number of hex digits).
    static int serial = 0x1000;
    std::ofstream(m_dir / "serial") << std::hex << ++serial << "\n";
    run("openssl ca -batch -config " + d + "/ca.cnf -notext -in " + d + "/" + name + ".csr -out " +
        certificateFile(name) + " -startdate " + date(startDays) + " -enddate " + date(endDays));
    return certificateFile(name);
}

std::string TestCertificates::selfSigned(const std::string& name) const {
    run("openssl req -x509 " + std::string(kNewKey) + " -days 30 -keyout " + keyFile(name) +
        " -out " + certificateFile(name) + " -subj /CN=" + name +
        " -addext subjectAltName=IP:127.0.0.1,DNS:localhost");
    return certificateFile(name);
}

std::string TestCertificates::fingerprint(const std::string& name) const {
    auto text = run("openssl x509 -noout -fingerprint -sha256 -in " + certificateFile(name));
    const auto eq = text.find('=');
    text = text.substr(eq + 1);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
    }
    return text;
}

bool testsOverTls() {
    const char* value = std::getenv("LOTOK_TEST_TLS");
    const char* cluster = std::getenv("LOTOK_TEST_CLUSTER_TLS");
    return (value && std::string(value) == "1") || (cluster && *cluster);
}

const TestCertificates& processCertificates() {
    static const auto certificates = [] {
        auto made = std::make_unique<TestCertificates>();
        made->issue("server");
        return made;
    }();
    return *certificates;
}

std::string caFileFor(const std::string& url) {
    if (url.rfind("https://", 0) != 0) {
        return {};
    }
    // On the split deployment the gateway's certificate is from the CA scripts/cluster.sh made.
    const char* cluster = std::getenv("LOTOK_TEST_CLUSTER_TLS");
    if (cluster && *cluster) {
        return (std::filesystem::path(cluster) / "tls" / "ca.crt").string();
    }
    return processCertificates().caFile();
}

} // namespace lotok::test
