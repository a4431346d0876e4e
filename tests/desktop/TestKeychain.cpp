// The keychain paths. "[keychain]" runs inside dbus-run-session with an unlocked
// gnome-keyring-daemon (with-keyring.sh); "[no-keychain]" runs with no session bus at all.
#include "DesktopTestUtil.h"
#include "api/SessionStore.h"
#include "core/AppContext.h"
#include "screens/MainWindow.h"

#include <QCheckBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolButton>
#include <QUuid>

using lotok::test::child;
using lotok::test::waitFor;

namespace {

Session sampleSession() {
    Session session;
    session.token = QStringLiteral("tok-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    session.userId = 42;
    session.role = QStringLiteral("customer");
    session.login = QStringLiteral("alice");
    session.expiresAt = QDateTime::currentDateTimeUtc().addDays(1);
    return session;
}

} // namespace

TEST_CASE("a kept session goes to the keychain and comes back", "[keychain]") {
    const QString service =
        QStringLiteral("lotok-test-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString server = QStringLiteral("http://127.0.0.1:8080");
    SessionStore store(service);
    const auto session = sampleSession();

    QSignalSpy saved(&store, &SessionStore::saved);
    store.save(server, session);
    REQUIRE((saved.count() > 0 || saved.wait(10000)));
    INFO("keychain error: " << saved.first().at(2).toString().toStdString());
    REQUIRE(saved.first().at(1).toBool());
    CHECK(store.availability() == SessionStore::Availability::Available);

    QSignalSpy loaded(&store, &SessionStore::loaded);
    store.load(server);
    REQUIRE((loaded.count() > 0 || loaded.wait(10000)));
    REQUIRE(loaded.first().at(1).toBool());
    const auto back = loaded.first().at(2).value<Session>();
    CHECK(back.token == session.token);
    CHECK(back.userId == 42);
    CHECK(back.login == QStringLiteral("alice"));

    QSignalSpy removed(&store, &SessionStore::removed);
    store.remove(server);
    REQUIRE((removed.count() > 0 || removed.wait(10000)));
    loaded.clear();
    store.load(server);
    REQUIRE((loaded.count() > 0 || loaded.wait(10000)));
    CHECK_FALSE(loaded.first().at(1).toBool());
}

TEST_CASE("without a keychain the session stays in memory and the app says so", "[no-keychain]") {
    SessionStore store(QStringLiteral("lotok-test-none"));
    QSignalSpy saved(&store, &SessionStore::saved);
    store.save(QStringLiteral("http://127.0.0.1:8080"), sampleSession());
    REQUIRE((saved.count() > 0 || saved.wait(20000)));
    CHECK_FALSE(saved.first().at(1).toBool());
    CHECK(store.availability() == SessionStore::Availability::Unavailable);

    QTemporaryDir dir;
    AppContext::Options options;
    options.serverUrl = QStringLiteral("http://127.0.0.1:9");
    options.cachePath = dir.filePath(QStringLiteral("cache.sqlite"));
    options.keychainService = QStringLiteral("lotok-test-none");
    AppContext context(options);
    MainWindow window(&context);
    window.show();
    window.start();
    auto* note = child<QLabel>(&window, QStringLiteral("keychainNote"));
    REQUIRE(waitFor([&] { return note->isVisible(); }, 20000));
    CHECK(note->text().contains(QStringLiteral("only until you quit")));
    CHECK_FALSE(child<QCheckBox>(&window, QStringLiteral("keepSignedInCheck"))->isEnabled());
}

TEST_CASE("a kept session signs the user in at the next start", "[keychain]") {
    const QString service =
        QStringLiteral("lotok-test-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QTemporaryDir dir;
    AppContext::Options options;
    options.serverUrl = QStringLiteral("http://127.0.0.1:9");
    options.cachePath = dir.filePath(QStringLiteral("cache.sqlite"));
    options.keychainService = service;
    {
        // The previous run: signs in with "keep me signed in" and quits.
        SessionStore store(service);
        QSignalSpy saved(&store, &SessionStore::saved);
        store.save(options.serverUrl, sampleSession());
        REQUIRE((saved.count() > 0 || saved.wait(10000)));
        REQUIRE(saved.first().at(1).toBool());
    }
    AppContext context(options);
    MainWindow window(&context);
    window.show();
    window.start();
    REQUIRE(waitFor([&] { return context.isSignedIn(); }, 10000));
    CHECK(context.session().login == QStringLiteral("alice"));
    CHECK(window.pageNames().contains(QStringLiteral("cataloguePage")));
    // Signing out forgets it.
    QTest::mouseClick(child<QToolButton>(&window, QStringLiteral("signOutButton")), Qt::LeftButton);
    SessionStore store(service);
    QSignalSpy loaded(&store, &SessionStore::loaded);
    REQUIRE(waitFor(
        [&] {
            loaded.clear();
            store.load(options.serverUrl);
            return (loaded.count() > 0 || loaded.wait(5000)) && !loaded.first().at(1).toBool();
        },
        20000));
}
