#include "net/TlsClient.h"

#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <mutex>

namespace lotok::net {
namespace {

// Poco asks an "invalid certificate handler" what to do with a certificate that does not
// verify; left unset, it would look for an application's configuration or ask a console.
void initialize() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Net::initializeSSL();
        Poco::SharedPtr<Poco::Net::InvalidCertificateHandler> reject =
            new Poco::Net::RejectCertificateHandler(false);
        Poco::Net::SSLManager::instance().initializeClient(nullptr, reject, nullptr);
    });
}

} // namespace

Poco::Net::Context::Ptr tlsClientContext(const std::string& caFile) {
    initialize();
    Poco::Net::Context::Params params;
    params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
    params.caLocation = caFile;
    params.loadDefaultCAs = caFile.empty();
    params.cipherList = "HIGH:!aNULL:!MD5:!RC4";
    auto context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    return context;
}

} // namespace lotok::net
