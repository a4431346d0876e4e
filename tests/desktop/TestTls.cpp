// HTTPS end to end: a real nginx terminating TLS in front of a real lotokd, with certificates
// made here by the openssl CLI, and the real app window deciding about them. Nothing is mocked:
// what the app refuses never reaches nginx's access log.
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
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
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

// nginx as the TLS terminator in front of lotokd's public URL (REST and the WebSockets), on a
// free loopback port of its own, with everything it writes in its own directory.
struct Nginx {
    QTemporaryDir dir;
    QString upstream;
    quint16 port = 0;
    QProcess process;

    explicit Nginx(const QString& upstreamUrl) : upstream(upstreamUrl) {
        REQUIRE(dir.isValid());
        QTcpServer probe;
        REQUIRE(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }

    ~Nginx() { stop(); }

    QString url() const { return QStringLiteral("https://127.0.0.1:%1").arg(port); }
    QString hostPort() const { return QStringLiteral("127.0.0.1:%1").arg(port); }

    void start(const QString& certificate, const QString& key) {
        const QString d = dir.path();
        QDir(d).mkpath(QStringLiteral("temp"));
        const QString config =
            QStringLiteral(
                "%1"
                "daemon off;\nworker_processes 1;\npid %2/nginx.pid;\nerror_log %2/error.log "
                "info;\n"
                "events { worker_connections 64; }\n"
                "http {\n"
                "  access_log %2/access.log;\n"
                "  client_body_temp_path %2/temp/body; proxy_temp_path %2/temp/proxy;\n"
                "  fastcgi_temp_path %2/temp/fastcgi; uwsgi_temp_path %2/temp/uwsgi;\n"
                "  scgi_temp_path %2/temp/scgi;\n"
                "  map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n"
                "  server {\n"
                "    listen 127.0.0.1:%3 ssl;\n"
                "    ssl_certificate %4;\n    ssl_certificate_key %5;\n"
                "    ssl_protocols TLSv1.2 TLSv1.3;\n"
                "    location / {\n"
                "      proxy_pass %6;\n"
                "      proxy_http_version 1.1;\n"
                "      proxy_set_header Upgrade $http_upgrade;\n"
                "      proxy_set_header Connection $connection_upgrade;\n"
                "      proxy_set_header Host $host;\n"
                "      proxy_read_timeout 3600s;\n"
                "    }\n"
                "  }\n"
                "}\n")
                // As root nginx would hand its workers to "nobody", who cannot enter this
                // private directory.
                .arg(geteuid() == 0 ? QStringLiteral("user root;\n") : QString(), d)
                .arg(port)
                .arg(certificate, key, upstream);
        write(QDir(d).filePath(QStringLiteral("nginx.conf")), config.toUtf8());
        // Debian keeps it in sbin, which an ordinary user's PATH may lack.
        QString nginx = QStandardPaths::findExecutable(QStringLiteral("nginx"));
        if (nginx.isEmpty()) {
            nginx = QStandardPaths::findExecutable(QStringLiteral("nginx"),
                                                   {QStringLiteral("/usr/sbin")});
        }
        REQUIRE(!nginx.isEmpty());
        process.setProcessChannelMode(QProcess::MergedChannels);
        // -e: the log of the start itself, before the configuration is read, also stays here.
        process.start(nginx, {QStringLiteral("-p"), d, QStringLiteral("-e"),
                              QDir(d).filePath(QStringLiteral("error.log")), QStringLiteral("-c"),
                              QDir(d).filePath(QStringLiteral("nginx.conf"))});
        REQUIRE(process.waitForStarted(10000));
        const bool listening = lotok::test::waitFor(
            [&] {
                if (process.state() != QProcess::Running) {
                    return true;
                }
                QTcpSocket socket;
                socket.connectToHost(QHostAddress::LocalHost, port);
                return socket.waitForConnected(200);
            },
            30000);
        INFO("nginx: " << process.readAll().toStdString() << errorLog().toStdString());
        REQUIRE(listening);
        REQUIRE(process.state() == QProcess::Running);
    }

    void stop() {
        if (process.state() == QProcess::NotRunning) {
            return;
        }
        process.terminate(); // SIGTERM to our own nginx's master only: a fast shutdown
        if (!process.waitForFinished(30000)) {
            process.kill();
            process.waitForFinished(10000);
        }
    }

    QString accessLog() const {
        QFile file(dir.filePath(QStringLiteral("access.log")));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }
    QString errorLog() const {
        QFile file(dir.filePath(QStringLiteral("error.log")));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
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
    lotok::test::LotokdProcess server;
    TestCertificates certificates;
    Nginx nginx(q(server.publicUrl()));
    TrustedTestCa ca(certificates.crt(QStringLiteral("ca")));

    // (1) Signed by a CA the app trusts: REST and the WebSocket, and no question asked.
    nginx.start(certificates.crt(QStringLiteral("good")), certificates.key(QStringLiteral("good")));
    const QString login = lotok::test::uniqueName("tls");
    {
        AppWindow app(nginx.url());
        app.registerCustomer(login, QStringLiteral("correct-horse-1"));
        REQUIRE(waitFor([&] { return app.context->notificationStream()->isConnected(); }));
        CHECK(certificateDialog(app) == nullptr);
        CHECK(app.context->settings()->pinnedCertificates().value(nginx.hostPort()).isEmpty());
        CHECK(nginx.accessLog().contains(QStringLiteral("POST /api/v1/register")));
    }
    // nginx logs a WebSocket when it closes, as the window just did.
    CHECK(waitFor([&] {
        return nginx.accessLog().contains(QStringLiteral("GET /api/v1/notifications/ws"));
    }));

    // (4) Issued by that same trusted CA, but for another host, or expired: refused with Qt's
    // own words for it, never offered for trust (a pin vouches for the issuer, not for a
    // wrong name or date), and the password never leaves the app.
    const QList<std::pair<QString, QSslError::SslError>> refused = {
        {QStringLiteral("wrongHost"), QSslError::HostNameMismatch},
        {QStringLiteral("expired"), QSslError::CertificateExpired}};
    for (const auto& [name, error] : refused) {
        INFO(name.toStdString());
        nginx.stop();
        nginx.start(certificates.crt(name), certificates.key(name));
        const auto logins = nginx.accessLog().count(QStringLiteral("/api/v1/login"));
        AppWindow app(nginx.url());
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
        CHECK(app.context->settings()->pinnedCertificates().value(nginx.hostPort()).isEmpty());
        CHECK(nginx.accessLog().count(QStringLiteral("/api/v1/login")) == logins);
    }
}

TEST_CASE("https: a self-signed certificate is trusted once, and a changed one is refused",
          "[e2e][tls]") {
    lotok::test::LotokdProcess server;
    TestCertificates certificates;
    Nginx nginx(q(server.publicUrl()));
    nginx.start(certificates.crt(QStringLiteral("self")), certificates.key(QStringLiteral("self")));
    const QString login = lotok::test::uniqueName("pin");
    const QString fingerprint = certificates.opensslFingerprint(QStringLiteral("self"));

    // (2) Unknown to the system: refused, shown, trusted once, and then everything works.
    {
        AppWindow app(nginx.url());
        app.context->settings()->forgetPinnedCertificate(nginx.hostPort());
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
        CHECK_FALSE(nginx.accessLog().contains(QStringLiteral("/api/v1/register")));
        auto* trust = child<QPushButton>(dialog, QStringLiteral("trustCertificateButton"));
        CHECK(trust->text().contains(nginx.hostPort()));
        QTest::mouseClick(trust, Qt::LeftButton);
        REQUIRE(waitFor([&] { return certificateDialog(app) == nullptr; }));
        CHECK(app.context->settings()->pinnedCertificates().value(nginx.hostPort()) == fingerprint);
        // Trusting sends the form again: no second press needed.
        app.waitSynced();
        CHECK(app.context->api()->isOnline());
        CHECK(nginx.accessLog().count(QStringLiteral("POST /api/v1/register")) == 1);
        REQUIRE(waitFor([&] { return app.context->notificationStream()->isConnected(); }));
        // Money moves through the pinned connection too.
        app.topUp(QStringLiteral("10"));
        REQUIRE(waitFor([&] { return app.context->balance() == 1000; }));
        CHECK(certificateDialog(app) == nullptr);
    }

    // (3) The same server now presents another self-signed certificate: a possible attack. The
    // app refuses it with the warning, offers no trust, and sends nothing.
    CHECK(waitFor([&] {
        return nginx.accessLog().contains(QStringLiteral("GET /api/v1/notifications/ws"));
    }));
    nginx.stop();
    nginx.start(certificates.crt(QStringLiteral("other")),
                certificates.key(QStringLiteral("other")));
    const QString logBefore = nginx.accessLog();
    {
        AppWindow app(nginx.url());
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
        CHECK(nginx.accessLog() == logBefore); // not a byte through the changed certificate
        CHECK(app.context->settings()->pinnedCertificates().value(nginx.hostPort()) == fingerprint);

        // Only Settings forget the trusted certificate; then the new one is asked about.
        SettingsDialog settings(app.context->settings(), app.context->serverUrl());
        CHECK(child<QLabel>(&settings, QStringLiteral("pinnedCertificateLabel"))
                  ->text()
                  .contains(fingerprint));
        QTest::mouseClick(child<QPushButton>(&settings, QStringLiteral("forgetCertificateButton")),
                          Qt::LeftButton);
        CHECK(app.context->settings()->pinnedCertificates().value(nginx.hostPort()).isEmpty());
        app.context->reloadPinnedCertificates();

        // Now the new certificate is only unknown, and trusting it sends the sign-in again.
        pressSignIn(app, login, QStringLiteral("correct-horse-1"));
        REQUIRE(waitFor([&] { return (dialog = certificateDialog(app)) != nullptr; }));
        CHECK(label(dialog, QStringLiteral("certificateHeading")) ==
              QStringLiteral("The server's certificate is not trusted"));
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("trustCertificateButton")),
                          Qt::LeftButton);
        app.waitSynced();
        CHECK(app.context->settings()->pinnedCertificates().value(nginx.hostPort()) ==
              certificates.opensslFingerprint(QStringLiteral("other")));
        REQUIRE(waitFor([&] { return app.context->notificationStream()->isConnected(); }));
        CHECK(nginx.accessLog().count(QStringLiteral("POST /api/v1/login")) == 2);
    }
}
