// Catch2 main for the desktop tests: one QApplication for the whole run, on the offscreen
// platform unless the caller chose another (screenshots use xcb under Xvfb).
#define CATCH_CONFIG_RUNNER
#include "core/Translations.h"

#ifdef LOTOK_DESKTOP_E2E
#include "util/Crypto.h"

#include <csignal>
#endif

#include <QApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
#ifdef LOTOK_DESKTOP_E2E
    // What the server tests' main does: LotokdProcess needs libsodium, and a server that
    // closes on us must not kill the test.
    lotok::util::initCrypto();
    std::signal(SIGPIPE, SIG_IGN);
#endif
    // Must happen before QApplication exists, or catch_discover_tests (which runs this
    // binary with no display) finds nothing.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QTemporaryDir home;
    // Settings and caches of a test run never touch the user's own.
    qputenv("XDG_CONFIG_HOME", home.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_DATA_HOME", home.filePath(QStringLiteral("data")).toUtf8());
    qputenv("XDG_CACHE_HOME", home.filePath(QStringLiteral("cache")).toUtf8());
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("LotokTests"));
    QApplication::setApplicationName(QStringLiteral("lotok-tests"));
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       home.filePath(QStringLiteral("settings")));
    Translations::initResources();
    Translations::install(QStringLiteral("en"));
    return Catch::Session().run(argc, argv);
}
