#include "screens/CertificateDialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

// "Lotok Shop (Lotok LLC)": the names people recognise, not the whole distinguished name.
QString names(const QSslCertificate& certificate, bool issuer) {
    const auto field = [&](QSslCertificate::SubjectInfo info) {
        const auto values = issuer ? certificate.issuerInfo(info) : certificate.subjectInfo(info);
        return values.join(QStringLiteral(", "));
    };
    const QString name = field(QSslCertificate::CommonName);
    const QString organization = field(QSslCertificate::Organization);
    if (name.isEmpty() && organization.isEmpty()) {
        // Neither name given: the whole distinguished name, rather than nothing at all.
        return issuer ? certificate.issuerDisplayName() : certificate.subjectDisplayName();
    }
    if (organization.isEmpty()) {
        return name;
    }
    return name.isEmpty() ? organization : QStringLiteral("%1 (%2)").arg(name, organization);
}

QLabel* valueLabel(const QString& text, const QString& name, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

CertificateDialog::CertificateDialog(const TlsPolicy::Problem& problem, QWidget* parent)
    : QDialog(parent), m_problem(problem) {
    setObjectName(QStringLiteral("certificateDialog"));
    using Kind = TlsPolicy::Problem::Kind;

    QString heading;
    QString explanation;
    switch (problem.kind) {
    case Kind::Untrusted:
        heading = tr("The server's certificate is not trusted");
        explanation = tr("Nothing was sent. The system does not know who issued the certificate "
                         "%1 presented. Trust it only if the shop gave you this fingerprint: "
                         "Lotok will then accept this one certificate for this server, and "
                         "refuse any other.")
                          .arg(problem.hostPort);
        break;
    case Kind::Changed:
        heading = tr("The certificate changed since you trusted it");
        explanation =
            tr("Nothing was sent. %1 presents another certificate than the one you trusted: this "
               "is a possible attack. If the shop says it really changed its certificate, use "
               "\"Forget the trusted certificate\" in Settings and connect again.")
                .arg(problem.hostPort);
        break;
    case Kind::Invalid:
        heading = tr("The server's certificate is not valid");
        explanation = tr("Nothing was sent. The certificate %1 presented cannot be used, and "
                         "Lotok does not offer to trust it: ask the shop to fix it.")
                          .arg(problem.hostPort);
        break;
    }
    setWindowTitle(heading);

    auto* headingLabel = new QLabel(heading, this);
    headingLabel->setObjectName(QStringLiteral("certificateHeading"));
    QFont bold = headingLabel->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    headingLabel->setFont(bold);
    auto* explanationLabel =
        valueLabel(explanation, QStringLiteral("certificateExplanation"), this);

    const auto& certificate = problem.certificate;
    const QLocale locale;
    QStringList errors;
    for (const auto& error : problem.errors) {
        errors.append(error.errorString());
    }
    errors.removeDuplicates();

    auto* form = new QFormLayout;
    form->addRow(tr("Issued to:"),
                 valueLabel(names(certificate, false), QStringLiteral("certificateSubject"), this));
    form->addRow(tr("Issued by:"),
                 valueLabel(names(certificate, true), QStringLiteral("certificateIssuer"), this));
    form->addRow(tr("Valid:"),
                 valueLabel(tr("%1 to %2")
                                .arg(locale.toString(certificate.effectiveDate().toLocalTime(),
                                                     QLocale::ShortFormat),
                                     locale.toString(certificate.expiryDate().toLocalTime(),
                                                     QLocale::ShortFormat)),
                            QStringLiteral("certificateValidity"), this));
    auto* fingerprint = valueLabel(TlsPolicy::fingerprint(certificate),
                                   QStringLiteral("certificateFingerprint"), this);
    fingerprint->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    form->addRow(tr("SHA-256 fingerprint:"), fingerprint);
    if (problem.kind == Kind::Changed) {
        auto* pinned =
            valueLabel(problem.pinned, QStringLiteral("certificatePinnedFingerprint"), this);
        pinned->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        form->addRow(tr("Trusted fingerprint:"), pinned);
    }
    form->addRow(tr("Problems:"), valueLabel(errors.join(QLatin1Char('\n')),
                                             QStringLiteral("certificateErrors"), this));

    auto* buttons = new QDialogButtonBox(this);
    if (problem.kind == Kind::Untrusted) {
        auto* trust = buttons->addButton(tr("&Trust this certificate for %1").arg(problem.hostPort),
                                         QDialogButtonBox::AcceptRole);
        trust->setObjectName(QStringLiteral("trustCertificateButton"));
        auto* cancel = buttons->addButton(QDialogButtonBox::Cancel);
        cancel->setObjectName(QStringLiteral("certificateCancelButton"));
        // Trusting is a decision, not what Enter should do by accident.
        cancel->setDefault(true);
    } else {
        auto* close = buttons->addButton(QDialogButtonBox::Close);
        close->setObjectName(QStringLiteral("certificateCancelButton"));
        close->setDefault(true);
    }
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(headingLabel);
    layout->addWidget(explanationLabel);
    layout->addLayout(form);
    layout->addWidget(buttons);
    setMinimumWidth(520);
}
