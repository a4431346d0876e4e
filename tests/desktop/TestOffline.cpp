// Widget tests that need no server: inline validation and starting from the cache while the
// server is unreachable.
#include "DesktopTestUtil.h"
#include "api/ApiClient.h"
#include "cache/LocalCache.h"
#include "core/AppContext.h"
#include "screens/MainWindow.h"
#include "screens/SettingsDialog.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>

using lotok::test::child;
using lotok::test::waitFor;

namespace {

// Nothing listens on the discard port, so every request fails fast with "connection refused".
const QString kDeadServer = QStringLiteral("http://127.0.0.1:9");

AppContext::Options offlineOptions(const QTemporaryDir& dir) {
    AppContext::Options options;
    options.serverUrl = kDeadServer;
    options.cachePath = dir.filePath(QStringLiteral("cache.sqlite"));
    options.keychainService = QStringLiteral("lotok-test-offline");
    return options;
}

} // namespace

TEST_CASE("registration fields are checked as typed, with the server's rules", "[offline][login]") {
    QTemporaryDir dir;
    AppContext context(offlineOptions(dir));
    MainWindow window(&context);
    window.show();
    auto* tabs = child<QTabWidget>(&window, QStringLiteral("loginTabs"));
    tabs->setCurrentIndex(1);

    auto* login = child<QLineEdit>(&window, QStringLiteral("registerLoginEdit"));
    auto* loginError = child<QLabel>(&window, QStringLiteral("registerLoginError"));
    QTest::keyClicks(login, QStringLiteral("ab"));
    QTest::mouseClick(child<QPushButton>(&window, QStringLiteral("registerButton")),
                      Qt::LeftButton);
    CHECK(loginError->isVisible());
    CHECK(loginError->text() == QStringLiteral("Must be at least 3 characters."));
    // Fixing the value clears the message as the user types.
    QTest::keyClicks(login, QStringLiteral("c"));
    CHECK_FALSE(loginError->isVisible());
    QTest::keyClicks(login, QStringLiteral(" d"));
    CHECK(loginError->text().startsWith(QStringLiteral("Use only Latin letters")));

    auto* email = child<QLineEdit>(&window, QStringLiteral("registerEmailEdit"));
    QTest::keyClicks(email, QStringLiteral("not-an-email"));
    QTest::mouseClick(child<QPushButton>(&window, QStringLiteral("registerButton")),
                      Qt::LeftButton);
    CHECK(child<QLabel>(&window, QStringLiteral("registerEmailError"))->isVisible());
    // The phone is optional: empty is fine.
    CHECK_FALSE(child<QLabel>(&window, QStringLiteral("registerPhoneError"))->isVisible());
    CHECK(child<QLabel>(&window, QStringLiteral("registerAddressError"))->text() ==
          QStringLiteral("Required."));
}

TEST_CASE("the app starts from the cache, read-only, while the server is away",
          "[offline][cache]") {
    QTemporaryDir dir;
    const auto options = offlineOptions(dir);
    {
        LocalCache cache(options.cachePath);
        Position tea;
        tea.id = 1;
        tea.name = QStringLiteral("Tea");
        tea.price = 25000;
        tea.count = 8;
        cache.storePositions(kDeadServer, {tea});
        Order order;
        order.id = 4;
        order.status = QStringLiteral("confirmed");
        order.total = 50000;
        order.items.append({1, QStringLiteral("Tea"), 2, 25000});
        cache.storeOrders(LocalCache::userScope(kDeadServer, 7), {order});
        cache.storeBalance(LocalCache::userScope(kDeadServer, 7), 50000);
    }
    AppContext context(options);
    MainWindow window(&context);
    window.show();
    Session session;
    session.token = QStringLiteral("cached-token");
    session.userId = 7;
    session.role = QStringLiteral("customer");
    session.login = QStringLiteral("alice");
    context.beginSession(session, false);

    // Everything is there before any reply.
    auto* positions = child<QTableView>(&window, QStringLiteral("positionsTable"));
    CHECK(positions->model()->rowCount() == 1);
    window.showPage(QStringLiteral("ordersPage"));
    CHECK(child<QTableView>(&window, QStringLiteral("ordersTable"))->model()->rowCount() == 1);
    CHECK(child<QLabel>(&window, QStringLiteral("headerBalance"))
              ->text()
              .contains(QStringLiteral("500.00")));
    CHECK_FALSE(child<QPushButton>(&window, QStringLiteral("topUpButton"))->isEnabled());

    // The failed sync shows the banner; what the user typed stays where it was.
    auto* amount = child<QLineEdit>(&window, QStringLiteral("topUpAmountEdit"));
    amount->setText(QStringLiteral("100"));
    auto* banner = child<QWidget>(&window, QStringLiteral("connectionBanner"));
    REQUIRE(waitFor([&] {
        return !context.api()->isOnline() && banner->isVisible() &&
               child<QLabel>(banner, QStringLiteral("bannerText"))
                   ->text()
                   .contains(QStringLiteral("lost"));
    }));
    CHECK(amount->text() == QStringLiteral("100"));
    CHECK(context.isReadOnly());
    CHECK_FALSE(child<QPushButton>(&window, QStringLiteral("placeOrderButton"))->isEnabled());
}

TEST_CASE("an http:// server on another computer is warned about, loopback is not",
          "[offline][tls]") {
    QTemporaryDir dir;
    {
        auto options = offlineOptions(dir);
        // TEST-NET-1: never routed, and nothing is sent anyway (no start(), no sign-in).
        options.serverUrl = QStringLiteral("http://192.0.2.1:8080");
        AppContext context(options);
        MainWindow window(&context);
        window.show();
        auto* banner = child<QWidget>(&window, QStringLiteral("insecureServerBanner"));
        CHECK(banner->isVisible());
        CHECK(child<QLabel>(banner, QStringLiteral("bannerText"))
                  ->text()
                  .contains(QStringLiteral("unencrypted")));
    }
    {
        AppContext context(offlineOptions(dir)); // http://127.0.0.1: `make run`'s own server
        MainWindow window(&context);
        window.show();
        CHECK_FALSE(child<QWidget>(&window, QStringLiteral("insecureServerBanner"))->isVisible());

        // Settings warn as the address is typed.
        SettingsDialog settings(context.settings(), context.serverUrl());
        settings.show();
        auto* warning = child<QWidget>(&settings, QStringLiteral("insecureServerWarning"));
        auto* edit = child<QLineEdit>(&settings, QStringLiteral("serverUrlEdit"));
        CHECK_FALSE(warning->isVisible());
        edit->setText(QStringLiteral("http://shop.example:8080"));
        CHECK(warning->isVisible());
        edit->setText(QStringLiteral("shop.example:8443")); // no scheme: https
        CHECK_FALSE(warning->isVisible());
        CHECK(settings.serverUrl() == QStringLiteral("https://shop.example:8443"));
        edit->setText(QStringLiteral("http://[::1]:8080"));
        CHECK_FALSE(warning->isVisible());
        // Nothing trusted for this server: no certificate to forget.
        CHECK_FALSE(
            child<QWidget>(&settings, QStringLiteral("forgetCertificateButton"))->isVisible());
    }
}
