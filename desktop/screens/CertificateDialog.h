#pragma once

#include "api/TlsPolicy.h"

#include <QDialog>

// What the server presented when TlsPolicy refused it: subject, issuer, validity, SHA-256
// fingerprint and Qt's own words for each error. Only a certificate the system merely does
// not know the issuer of can be trusted here ("Trust this certificate for host:port"); a
// changed or otherwise invalid one is only explained.
class CertificateDialog : public QDialog {
    Q_OBJECT

public:
    explicit CertificateDialog(const TlsPolicy::Problem& problem, QWidget* parent = nullptr);

    const TlsPolicy::Problem& problem() const { return m_problem; }

private:
    TlsPolicy::Problem m_problem;
};
