#include "core/AppContext.h"
#include "core/AppSettings.h"
#include "core/Translations.h"
#include "screens/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Lotok"));
    QApplication::setOrganizationDomain(QStringLiteral("lotok.example"));
    QApplication::setApplicationName(QStringLiteral("lotok"));
    QApplication::setApplicationDisplayName(QStringLiteral("Lotok"));
    QApplication::setApplicationVersion(QStringLiteral(LOTOK_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("lotok"));
    Translations::initResources();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/lotok.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Lotok shop desktop client"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption serverOption(
        QStringLiteral("server"),
        QStringLiteral("Server URL (default %1).").arg(AppSettings::defaultServerUrl()),
        QStringLiteral("URL"));
    QCommandLineOption languageOption(QStringLiteral("language"),
                                      QStringLiteral("Interface language: en or ru."),
                                      QStringLiteral("code"));
    parser.addOption(serverOption);
    parser.addOption(languageOption);
    parser.process(app);

    AppSettings settings;
    const QString language =
        parser.isSet(languageOption) ? parser.value(languageOption) : settings.language();
    Translations::install(language);

    AppContext::Options options;
    options.serverUrl = AppSettings::resolveServerUrl(
        parser.value(serverOption), qEnvironmentVariable("LOTOK_SERVER_URL"), settings.serverUrl());
    AppContext context(options);
    MainWindow window(&context);
    // The window may only hide on close (to the tray); the app ends when asked to.
    QApplication::setQuitOnLastWindowClosed(false);
    QObject::connect(&window, &MainWindow::quitRequested, &app, &QApplication::quit);
    window.show();
    window.start();
    return app.exec();
}
