#include "api/ApiClient.h"
#include "api/TlsPolicy.h"
#include "core/AppSettings.h"
#include "core/Format.h"

#include <QLocale>
#include <QSslError>
#include <catch2/catch.hpp>

TEST_CASE("money is formatted exactly, in the locale", "[format]") {
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    CHECK(Format::money(100000) == QStringLiteral("1,000.00 \u20BD"));
    CHECK(Format::money(5) == QStringLiteral("0.05 \u20BD"));
    // 10^15 minor units would lose kopecks through a double.
    CHECK(Format::money(1'000'000'000'000'001LL) == QStringLiteral("10,000,000,000,000.01 \u20BD"));
    QLocale::setDefault(QLocale(QLocale::Russian, QLocale::Russia));
    CHECK(Format::money(123450) == QStringLiteral("1\u00A0234,50 \u20BD"));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

TEST_CASE("typed amounts parse like the server's decimal rule", "[format]") {
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    CHECK(Format::parseMoney(QStringLiteral("1000")) == 100000);
    CHECK(Format::parseMoney(QStringLiteral("1,000.50")) == 100050);
    CHECK(Format::parseMoney(QStringLiteral(" 12.5 ")) == 1250);
    CHECK_FALSE(Format::parseMoney(QStringLiteral("12.345")).has_value());
    CHECK_FALSE(Format::parseMoney(QStringLiteral("abc")).has_value());
    QLocale::setDefault(QLocale(QLocale::Russian, QLocale::Russia));
    CHECK(Format::parseMoney(QStringLiteral("1 234,50")) == 123450);
    CHECK(Format::parseMoney(Format::moneyInput(98765)) == 98765);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

TEST_CASE("either decimal mark is a decimal mark in every locale, ambiguous grouping is refused",
          "[format]") {
    using Problem = Format::MoneyProblem;
    for (const auto& locale : {QLocale(QLocale::English, QLocale::UnitedStates),
                               QLocale(QLocale::Russian, QLocale::Russia)}) {
        QLocale::setDefault(locale);
        INFO(locale.name().toStdString());
        // The two: a top-up of "10,5" and a staff price of "199,90".
        CHECK(Format::parseMoney(QStringLiteral("10,5")) == 1050);
        CHECK(Format::parseMoney(QStringLiteral("199,90")) == 19990);
        CHECK(Format::parseMoney(QStringLiteral("10.5")) == 1050);
        CHECK(Format::parseMoney(QStringLiteral("1 234,50")) == 123450);
        CHECK(Format::parseMoney(QStringLiteral("1\u00A0234.50 \u20BD")) == 123450);
        CHECK(Format::parseMoney(QStringLiteral("1,234.50")) == 123450);
        CHECK(Format::parseMoney(QStringLiteral("1.234,50")) == 123450);
        CHECK(Format::parseMoney(QStringLiteral("1,234,567")) == 123456700);
        CHECK(Format::parseMoney(QStringLiteral("1.234.567,8")) == 123456780);
        Problem problem = Problem::None;
        CHECK_FALSE(Format::parseMoney(QStringLiteral("1,000"), &problem));
        CHECK(problem == Problem::Ambiguous);
        CHECK_FALSE(Format::parseMoney(QStringLiteral("1.000"), &problem));
        CHECK(problem == Problem::Ambiguous);
        CHECK_FALSE(Format::parseMoney(QStringLiteral("12,34,56"), &problem));
        CHECK(problem == Problem::BadGrouping);
        CHECK_FALSE(Format::parseMoney(QStringLiteral("1,23.45"), &problem));
        CHECK(problem == Problem::BadGrouping);
        CHECK_FALSE(Format::parseMoney(QStringLiteral("1.5,5"), &problem));
        CHECK_FALSE(Format::parseMoney(QStringLiteral("10,"), &problem));
        CHECK_FALSE(Format::parseMoney(QStringLiteral("1,2.3,4"), &problem));
        CHECK_FALSE(Format::parseMoney(QStringLiteral("10,5555"), &problem));
        CHECK(problem == Problem::TooManyDecimals);
        CHECK(Format::parseMoney(Format::moneyInput(98765)) == 98765);
    }
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    CHECK(Format::validationProblem(*Format::moneyRule(QStringLiteral("1,000"))) ==
          QStringLiteral("Is that a thousand or one? Write 1000.00 or 1000."));
}

TEST_CASE("validation problems become sentences", "[format]") {
    CHECK(Format::validationProblem("must be at least 3 characters") ==
          QStringLiteral("Must be at least 3 characters."));
    CHECK(Format::validationProblem("must not be empty") == QStringLiteral("Required."));
    CHECK(Format::validationProblem("must be at most 1000000000000") ==
          QStringLiteral("Must be at most 1,000,000,000,000."));
}

TEST_CASE("the server URL comes from the flag, then the environment, then settings", "[settings]") {
    CHECK(AppSettings::resolveServerUrl({}, {}, {}) == AppSettings::defaultServerUrl());
    CHECK(AppSettings::resolveServerUrl(QStringLiteral("http://a:1/"), QStringLiteral("http://b:2"),
                                        QStringLiteral("http://c:3")) ==
          QStringLiteral("http://a:1"));
    // No scheme means https://, except on this computer, where `make run` serves plain http.
    CHECK(AppSettings::resolveServerUrl({}, QStringLiteral("b:2"), QStringLiteral("http://c:3")) ==
          QStringLiteral("https://b:2"));
    CHECK(AppSettings::normalizeServerUrl(QStringLiteral("shop.example")) ==
          QStringLiteral("https://shop.example"));
    CHECK(AppSettings::normalizeServerUrl(QStringLiteral("127.0.0.1:8080")) ==
          QStringLiteral("http://127.0.0.1:8080"));
    CHECK(AppSettings::normalizeServerUrl(QStringLiteral("localhost:8080")) ==
          QStringLiteral("http://localhost:8080"));
    CHECK(AppSettings::normalizeServerUrl(QStringLiteral("[::1]:8080")) ==
          QStringLiteral("http://[::1]:8080"));
    CHECK(AppSettings::normalizeServerUrl(QStringLiteral("http://shop.example")) ==
          QStringLiteral("http://shop.example"));
    CHECK(AppSettings::isInsecureRemote(QStringLiteral("http://shop.example")));
    CHECK(AppSettings::isInsecureRemote(QStringLiteral("http://192.0.2.1:8080")));
    CHECK_FALSE(AppSettings::isInsecureRemote(QStringLiteral("https://shop.example")));
    CHECK_FALSE(AppSettings::isInsecureRemote(QStringLiteral("http://127.0.0.1:8080")));
    CHECK_FALSE(AppSettings::isInsecureRemote(QStringLiteral("http://[::1]:8080")));
    CHECK_FALSE(AppSettings::isInsecureRemote(QStringLiteral("http://localhost:8080")));
    CHECK(AppSettings::resolveServerUrl(QStringLiteral("ftp://x"), {},
                                        QStringLiteral("http://c:3")) ==
          QStringLiteral("http://c:3"));
}

TEST_CASE("certificates are pinned per host and port, and only an unknown issuer may be",
          "[settings][tls]") {
    CHECK(TlsPolicy::hostPort(QUrl(QStringLiteral("https://Shop.Example"))) ==
          QStringLiteral("shop.example:443"));
    CHECK(TlsPolicy::hostPort(QUrl(QStringLiteral("wss://shop.example/api/v1/staff/ws"))) ==
          QStringLiteral("shop.example:443"));
    CHECK(TlsPolicy::hostPort(QUrl(QStringLiteral("https://127.0.0.1:8443/x"))) ==
          QStringLiteral("127.0.0.1:8443"));
    CHECK(TlsPolicy::hostPort(QUrl(QStringLiteral("https://[::1]:8443"))) ==
          QStringLiteral("[::1]:8443"));
    // The REST URL and its WebSocket URL name the same server, so one pin serves both.
    ApiClient api;
    api.setBaseUrl(QUrl(QStringLiteral("https://shop.example:8443")));
    const auto ws = api.webSocketUrl(QStringLiteral("/api/v1/notifications/ws"));
    CHECK(ws.scheme() == QStringLiteral("wss"));
    CHECK(TlsPolicy::hostPort(ws) == QStringLiteral("shop.example:8443"));

    CHECK(TlsPolicy::onlyUnknownIssuer({QSslError(QSslError::SelfSignedCertificate)}));
    CHECK(TlsPolicy::onlyUnknownIssuer({QSslError(QSslError::UnableToGetLocalIssuerCertificate),
                                        QSslError(QSslError::UnableToVerifyFirstCertificate)}));
    CHECK_FALSE(TlsPolicy::onlyUnknownIssuer({}));
    CHECK_FALSE(TlsPolicy::onlyUnknownIssuer(
        {QSslError(QSslError::SelfSignedCertificate), QSslError(QSslError::CertificateExpired)}));
    CHECK_FALSE(TlsPolicy::onlyUnknownIssuer({QSslError(QSslError::HostNameMismatch)}));
}
