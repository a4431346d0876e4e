// HTTPS end to end: a real lotokd terminating TLS itself, with certificates made here by the
// openssl CLI (swapped under it by SIGHUP), and the real app window deciding about them.
// Nothing is mocked: what the app refuses never reaches lotokd's request log.
#include "EndToEndSupport.h"
#include "api/EventStream.h"
#include "api/TlsPolicy.h"
#include "core/AppSettings.h"
#include "screens/SettingsDialog.h"

#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QSslConfiguration>
#include <QSslError>
#include <QTcpSocket>
#include <csignal>
#include <memory>
#include <unistd.h>

using namespace lotok::test::e2e;

namespace {

// Runs a program to the end; its output, or a failed test with what it said.
QString run(const QString& program, const QStringList& arguments, const QString& directory) {
    QProcess process;
    process.setWorkingDirectory(directory);
    process.start(program, arguments);
    REQUIRE(process.waitForFinished(60000));
    INFO(program.toStdString() << " " << arguments.join(QLatin1Char(' ')).toStdString() << ": "
                               << process.readAllStandardError().toStdString());
    REQUIRE(process.exitStatus() == QProcess::NormalExit);
    REQUIRE(process.exitCode() == 0);
    return QString::fromUtf8(process.readAllStandardOutput());
}

void write(const QString& path, const QByteArray& text) {
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
}

// A test CA and the server certificates the cases need, all for 127.0.0.1 unless named
// otherwise: `good` (signed by the CA), `self` and `other` (two self-signed ones, the second
// standing for a changed certificate), `expired` (the CA's, valid in 2020 only) and
// `wrongHost` (the CA's, for shop.example).
struct TestCertificates {
    QTemporaryDir dir;

    QString path(const QString& name) const { return dir.filePath(name); }
    QString crt(const QString& name) const { return path(name + QStringLiteral(".crt")); }
    QString key(const QString& name) const { return path(name + QStringLiteral(".key")); }

    TestCertificates() {
        REQUIRE(dir.isValid());
        const QString d = dir.path();
        const auto openssl = [&](const QStringList& arguments) {
            return run(QStringLiteral("openssl"), arguments, d);
        };
        openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-keyout",
                 key("ca"), "-out", crt("ca"), "-subj", "/CN=Lotok Test CA/O=Lotok Tests",
                 "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
                 "keyUsage=critical,keyCertSign,cRLSign"});
        for (const auto& name : {QStringLiteral("self"), QStringLiteral("other")}) {
            openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-keyout",
                     key(name), "-out", crt(name), "-subj",
                     QStringLiteral("/CN=127.0.0.1/O=Lotok %1").arg(name), "-addext",
                     "subjectAltName=IP:127.0.0.1"});
        }
        signByCa(QStringLiteral("good"), QStringLiteral("/CN=127.0.0.1/O=Lotok Shop"),
                 QStringLiteral("IP:127.0.0.1"), {});
        signByCa(QStringLiteral("wrongHost"), QStringLiteral("/CN=shop.example/O=Lotok Shop"),
                 QStringLiteral("DNS:shop.example"), {});
        signByCa(QStringLiteral("expired"), QStringLiteral("/CN=127.0.0.1/O=Lotok Shop"),
                 QStringLiteral("IP:127.0.0.1"),
                 {QStringLiteral("20200101000000Z"), QStringLiteral("20200201000000Z")});
    }

    // `openssl ca` rather than `x509 -req`: OpenSSL 3.0's x509 cannot date a certificate in
    // the past, and an expired one is one of the cases.
    void signByCa(const QString& name, const QString& subject, const QString& san,
                  const QStringList& dates) {
        const QString d = dir.path();
        run(QStringLiteral("openssl"),
            {"req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key(name), "-out",
             path(name + ".csr"), "-subj", subject},
            d);
        write(path(name + ".ext"), QStringLiteral("subjectAltName=%1\nbasicConstraints=CA:FALSE\n"
                                                  "extendedKeyUsage=serverAuth\n")
                                       .arg(san)
                                       .toUtf8());
        write(path("index.txt"), {});
        // Hex of an even length (openssl insists), different for every certificate.
        static int issued = 0;
        write(path("serial"),
              QStringLiteral("%1%2\n")
                  .arg(QDateTime::currentMSecsSinceEpoch(), 16, 16, QLatin1Char('0'))
                  .arg(++issued, 4, 16, QLatin1Char('0'))
                  .toUtf8());
        write(path("ca.cnf"), QStringLiteral("[ca]\ndefault_ca = test\n[test]\ndatabase = %1\n"
                                             "new_certs_dir = %2\nserial = %3\ndefault_md = "
                                             "sha256\ndefault_days = 30\npolicy = any\n"
                                             "unique_subject = no\n[any]\ncommonName = supplied\n"
                                             "organizationName = optional\n")
                                  .arg(path("index.txt"), d, path("serial"))
                                  .toUtf8());
        QStringList arguments{"ca",       "-batch",
                              "-config",  path("ca.cnf"),
                              "-cert",    crt("ca"),
                              "-keyfile", key("ca"),
                              "-in",      path(name + ".csr"),
                              "-out",     crt(name),
                              "-extfile", path(name + ".ext"),
                              "-notext"};
        if (!dates.isEmpty()) {
            arguments << "-startdate" << dates.at(0) << "-enddate" << dates.at(1);
        }
        run(QStringLiteral("openssl"), arguments, d);
    }

    // What `openssl x509 -fingerprint -sha256` says, the text the dialog must show.
    QString opensslFingerprint(const QString& name) const {
        const QString out =
            run(QStringLiteral("openssl"),
                {"x509", "-noout", "-fingerprint", "-sha256", "-in", crt(name)}, dir.path());
        return out.trimmed().section(QLatin1Char('='), 1);
    }
};

// lotokd itself terminating TLS (issue 16) with the certificate a case gives it. A later
// start() with another certificate swaps the files lotokd reads and sends it SIGHUP, as
// `systemctl reload lotokd` does: the address stays, and with it any pin the app holds for it.
struct TlsLotokd {
    QTemporaryDir dir;
    std::unique_ptr<lotok::test::LotokdProcess> server;

    TlsLotokd() { REQUIRE(dir.isValid()); }

    QString live(const QString& suffix) const {
        return dir.filePath(QStringLiteral("live.") + suffix);
    }

    void start(const QString& certificate, const QString& key) {
        for (const auto& [from, to] : {std::pair{certificate, live(QStringLiteral("crt"))},
                                       std::pair{key, live(QStringLiteral("key"))}}) {
            QFile::remove(to);
            REQUIRE(QFile::copy(from, to));
        }
        if (!server) {
            lotok::test::LotokdOptions options;
            options.extraArgs = {"--tls-certificate", live(QStringLiteral("crt")).toStdString(),
                                 "--tls-key",         live(QStringLiteral("key")).toStdString(),
                                 "--log-level",       "debug"};
            options.logFile = dir.filePath(QStringLiteral("lotokd.log")).toStdString();
            server = std::make_unique<lotok::test::LotokdProcess>(options);
            return;
        }
        const auto reloads = [&] {
            return QString::fromStdString(server->log()).count(QStringLiteral("tls: reloaded"));
        };
        const auto before = reloads();
        ::kill(server->pid(), SIGHUP);
        REQUIRE(waitFor([&] { return reloads() > before; }));
    }

    QString url() const { return q(server->publicUrl()); }
    QString hostPort() const { return url().mid(QStringLiteral("https://").size()); }
    // What reached lotokd: its line per request and per WebSocket opened (a refused TLS
    // handshake is logged too, but carries nothing of the client's).
    QString accessLog() const {
        QStringList lines;
        for (const auto& line : QString::fromStdString(server->log()).split(QLatin1Char('\n'))) {
            if (line.contains(QStringLiteral(" /api/")) ||
                line.contains(QStringLiteral("websocket opened"))) {
                lines << line;
            }
        }
        return lines.join(QLatin1Char('\n'));
    }
};

// The test CA in the app's trusted CAs for one scope, as a shop's own CA deployed to its PCs
// would be (the system store is Qt's default configuration).
struct TrustedTestCa {
    QSslConfiguration saved = QSslConfiguration::defaultConfiguration();

    explicit TrustedTestCa(const QString& caFile) {
        auto config = saved;
        REQUIRE(config.addCaCertificates(caFile));
        QSslConfiguration::setDefaultConfiguration(config);
    }
    ~TrustedTestCa() { QSslConfiguration::setDefaultConfiguration(saved); }
};

QDialog* certificateDialog(AppWindow& app) {
    for (auto* dialog : app.window->findChildren<QDialog*>(QStringLiteral("certificateDialog"))) {
        if (dialog->isVisible()) {
            return dialog;
        }
    }
    return nullptr;
}

QString label(QWidget* root, const QString& name) {
    return child<QLabel>(root, name)->text();
}

void fillRegistration(AppWindow& app, const QString& login) {
    app.find<QTabWidget>(QStringLiteral("loginTabs"))->setCurrentIndex(1);
    const QList<QPair<QString, QString>> fields = {
        {QStringLiteral("registerLoginEdit"), login},
        {QStringLiteral("registerPasswordEdit"), QStringLiteral("correct-horse-1")},
        {QStringLiteral("registerEmailEdit"), login + QStringLiteral("@example.com")},
        {QStringLiteral("registerFirstNameEdit"), QStringLiteral("Anna")},
        {QStringLiteral("registerLastNameEdit"), QStringLiteral("Petrova")},
        {QStringLiteral("registerAddressEdit"), QStringLiteral("12 Garden Street, Tver")}};
    for (const auto& [name, value] : fields) {
        auto* edit = app.find<QLineEdit>(name);
        edit->clear();
        QTest::keyClicks(edit, value);
    }
}

void pressSignIn(AppWindow& app, const QString& login, const QString& password) {
    app.find<QTabWidget>(QStringLiteral("loginTabs"))->setCurrentIndex(0);
    auto* loginEdit = app.find<QLineEdit>(QStringLiteral("signInLoginEdit"));
    loginEdit->clear();
    QTest::keyClicks(loginEdit, login);
    auto* passwordEdit = app.find<QLineEdit>(QStringLiteral("signInPasswordEdit"));
    passwordEdit->clear();
    QTest::keyClicks(passwordEdit, password);
    QTest::mouseClick(app.find<QPushButton>(QStringLiteral("signInButton")), Qt::LeftButton);
}

QString qtError(QSslError::SslError error) {
    return QSslError(error).errorString();
}

} // namespace

TEST_CASE("https: a certificate the system trusts is accepted, an expired or misnamed one refused",
          "[e2e][tls]") {
    TestCertificates certificates;
    TlsLotokd lotokd;
    TrustedTestCa ca(certificates.crt(QStringLiteral("ca")));

    // (1) Signed by a CA the app trusts: REST and the WebSocket, and no question asked.
    lotokd.start(certificates.crt(QStringLiteral("good")),
                 certificates.key(QStringLiteral("good")));
    const QString login = lotok::test::uniqueName("tls");
    {
        AppWindow app(lotokd.url());
        app.registerCustomer(login, QStringLiteral("correct-horse-1"));
        REQUIRE(waitFor([&] { return app.context->notificationStream()->isConnected(); }));
        CHECK(certificateDialog(app) == nullptr);
        CHECK(app.context->settings()->pinnedCertificates().value(lotokd.hostPort()).isEmpty());
        CHECK(lotokd.accessLog().contains(QStringLiteral("POST /api/v1/register")));
    }
    // The window opened its WebSocket through the same certificate.
    CHECK(waitFor([&] { return lotokd.accessLog().contains(QStringLiteral("websocket opened")); }));

    // (4) Issued by that same trusted CA, but for another host, or expired: refused with Qt's
    // own words for it, never offered for trust (a pin vouches for the issuer, not for a
    // wrong name or date), and the password never leaves the app.
    const QList<std::pair<QString, QSslError::SslError>> refused = {
        {QStringLiteral("wrongHost"), QSslError::HostNameMismatch},
        {QStringLiteral("expired"), QSslError::CertificateExpired}};
    for (const auto& [name, error] : refused) {
        INFO(name.toStdString());
        lotokd.start(certificates.crt(name), certificates.key(name));
        const auto logins = lotokd.accessLog().count(QStringLiteral("/api/v1/login"));
        AppWindow app(lotokd.url());
        pressSignIn(app, login, QStringLiteral("correct-horse-1"));
        QDialog* dialog = nullptr;
        REQUIRE(waitFor([&] { return (dialog = certificateDialog(app)) != nullptr; }));
        CHECK(label(dialog, QStringLiteral("certificateHeading")) ==
              QStringLiteral("The server's certificate is not valid"));
        CHECK(label(dialog, QStringLiteral("certificateErrors")).contains(qtError(error)));
        CHECK(label(dialog, QStringLiteral("certificateFingerprint")) ==
              certificates.opensslFingerprint(name));
        CHECK(label(dialog, QStringLiteral("certificateIssuer")) ==
              QStringLiteral("Lotok Test CA (Lotok Tests)"));
        CHECK(dialog->findChild<QPushButton*>(QStringLiteral("trustCertificateButton")) == nullptr);
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("certificateCancelButton")),
                          Qt::LeftButton);
        REQUIRE(waitFor([&] { return certificateDialog(app) == nullptr; }));
        REQUIRE(waitFor(
            [&] { return app.find<QPushButton>(QStringLiteral("signInButton"))->isEnabled(); }));
        CHECK(app.bannerText(QStringLiteral("loginBanner")) ==
              QStringLiteral("The server's certificate was refused, so nothing was sent."));
        CHECK_FALSE(app.context->isSignedIn());
        CHECK(app.context->settings()->pinnedCertificates().value(lotokd.hostPort()).isEmpty());
        CHECK(lotokd.accessLog().count(QStringLiteral("/api/v1/login")) == logins);
    }
}

TEST_CASE("https: a self-signed certificate is trusted once, and a changed one is refused",
          "[e2e][tls]") {
    TestCertificates certificates;
    TlsLotokd lotokd;
    lotokd.start(certificates.crt(QStringLiteral("self")),
                 certificates.key(QStringLiteral("self")));
    const QString login = lotok::test::uniqueName("pin");
    const QString fingerprint = certificates.opensslFingerprint(QStringLiteral("self"));

    // (2) Unknown to the system: refused, shown, trusted once, and then everything works.
    {
        AppWindow app(lotokd.url());
        app.context->settings()->forgetPinnedCertificate(lotokd.hostPort());
        app.context->reloadPinnedCertificates();
        fillRegistration(app, login);
        auto* registerButton = app.find<QPushButton>(QStringLiteral("registerButton"));
        QTest::mouseClick(registerButton, Qt::LeftButton);
        QDialog* dialog = nullptr;
        REQUIRE(waitFor([&] { return (dialog = certificateDialog(app)) != nullptr; }));
        CHECK(label(dialog, QStringLiteral("certificateHeading")) ==
              QStringLiteral("The server's certificate is not trusted"));
        CHECK(label(dialog, QStringLiteral("certificateFingerprint")) == fingerprint);
        CHECK(label(dialog, QStringLiteral("certificateSubject")) ==
              QStringLiteral("127.0.0.1 (Lotok self)"));
        CHECK(label(dialog, QStringLiteral("certificateIssuer")) ==
              QStringLiteral("127.0.0.1 (Lotok self)"));
        CHECK(label(dialog, QStringLiteral("certificateErrors"))
                  .contains(qtError(QSslError::SelfSignedCertificate)));
        CHECK_FALSE(lotokd.accessLog().contains(QStringLiteral("/api/v1/register")));
        auto* trust = child<QPushButton>(dialog, QStringLiteral("trustCertificateButton"));
        CHECK(trust->text().contains(lotokd.hostPort()));
        QTest::mouseClick(trust, Qt::LeftButton);
        REQUIRE(waitFor([&] { return certificateDialog(app) == nullptr; }));
        CHECK(app.context->settings()->pinnedCertificates().value(lotokd.hostPort()) ==
              fingerprint);
        // Trusting sends the form again: no second press needed.
        app.waitSynced();
        CHECK(app.context->api()->isOnline());
        CHECK(lotokd.accessLog().count(QStringLiteral("POST /api/v1/register")) == 1);
        REQUIRE(waitFor([&] { return app.context->notificationStream()->isConnected(); }));
        // Money moves through the pinned connection too.
        app.topUp(QStringLiteral("10"));
        REQUIRE(waitFor([&] { return app.context->balance() == 1000; }));
        CHECK(certificateDialog(app) == nullptr);
    }

    // (3) The same server now presents another self-signed certificate: a possible attack. The
    // app refuses it with the warning, offers no trust, and sends nothing.
    CHECK(waitFor([&] { return lotokd.accessLog().contains(QStringLiteral("websocket opened")); }));
    lotokd.start(certificates.crt(QStringLiteral("other")),
                 certificates.key(QStringLiteral("other")));
    const QString logBefore = lotokd.accessLog();
    {
        AppWindow app(lotokd.url());
        pressSignIn(app, login, QStringLiteral("correct-horse-1"));
        QDialog* dialog = nullptr;
        REQUIRE(waitFor([&] { return (dialog = certificateDialog(app)) != nullptr; }));
        CHECK(label(dialog, QStringLiteral("certificateHeading")) ==
              QStringLiteral("The certificate changed since you trusted it"));
        CHECK(label(dialog, QStringLiteral("certificateExplanation"))
                  .contains(QStringLiteral("possible attack")));
        CHECK(label(dialog, QStringLiteral("certificateFingerprint")) ==
              certificates.opensslFingerprint(QStringLiteral("other")));
        CHECK(label(dialog, QStringLiteral("certificatePinnedFingerprint")) == fingerprint);
        CHECK(dialog->findChild<QPushButton*>(QStringLiteral("trustCertificateButton")) == nullptr);
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("certificateCancelButton")),
                          Qt::LeftButton);
        REQUIRE(waitFor(
            [&] { return app.find<QPushButton>(QStringLiteral("signInButton"))->isEnabled(); }));
        CHECK_FALSE(app.context->isSignedIn());
        // The one sign-in is registration's own, through the trusted certificate.
        CHECK(logBefore.count(QStringLiteral("POST /api/v1/login")) == 1);
        CHECK(lotokd.accessLog() == logBefore); // not a byte through the changed certificate
        CHECK(app.context->settings()->pinnedCertificates().value(lotokd.hostPort()) ==
              fingerprint);

        // Only Settings forget the trusted certificate; then the new one is asked about.
        SettingsDialog settings(app.context->settings(), app.context->serverUrl());
        CHECK(child<QLabel>(&settings, QStringLiteral("pinnedCertificateLabel"))
                  ->text()
                  .contains(fingerprint));
        QTest::mouseClick(child<QPushButton>(&settings, QStringLiteral("forgetCertificateButton")),
                          Qt::LeftButton);
        CHECK(app.context->settings()->pinnedCertificates().value(lotokd.hostPort()).isEmpty());
        app.context->reloadPinnedCertificates();

        // Now the new certificate is only unknown, and trusting it sends the sign-in again.
        pressSignIn(app, login, QStringLiteral("correct-horse-1"));
        REQUIRE(waitFor([&] { return (dialog = certificateDialog(app)) != nullptr; }));
        CHECK(label(dialog, QStringLiteral("certificateHeading")) ==
              QStringLiteral("The server's certificate is not trusted"));
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("trustCertificateButton")),
                          Qt::LeftButton);
        app.waitSynced();
        CHECK(app.context->settings()->pinnedCertificates().value(lotokd.hostPort()) ==
              certificates.opensslFingerprint(QStringLiteral("other")));
        REQUIRE(waitFor([&] { return app.context->notificationStream()->isConnected(); }));
        CHECK(lotokd.accessLog().count(QStringLiteral("POST /api/v1/login")) == 2);
    }
}
