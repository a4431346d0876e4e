#include "core/Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

// Q_INIT_RESOURCE must be called outside any namespace; a static library's resources are not
// registered unless someone references them.
static void initLotokResources() {
    Q_INIT_RESOURCE(lotok);
}

namespace Translations {

void initResources() {
    initLotokResources();
}

QStringList available() {
    return {QStringLiteral("en"), QStringLiteral("ru")};
}

QString current() {
    const QString language = QLocale().name().section(QLatin1Char('_'), 0, 0);
    return available().contains(language) ? language : QStringLiteral("en");
}

QString install(const QString& language) {
    static QTranslator* appTranslator = nullptr;
    static QTranslator* qtTranslator = nullptr;
    auto* app = QCoreApplication::instance();
    for (auto** translator : {&appTranslator, &qtTranslator}) {
        if (*translator) {
            app->removeTranslator(*translator);
            delete *translator;
            *translator = nullptr;
        }
    }

    QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QString effective = locale.name().section(QLatin1Char('_'), 0, 0);
    if (!available().contains(effective)) {
        effective = QStringLiteral("en");
        locale = QLocale(QLocale::English, QLocale::UnitedStates);
    }
    QLocale::setDefault(locale);

    appTranslator = new QTranslator(app);
    if (appTranslator->load(QStringLiteral(":/i18n/lotok_%1.qm").arg(effective))) {
        app->installTranslator(appTranslator);
    }
    qtTranslator = new QTranslator(app);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        app->installTranslator(qtTranslator);
    }
    return effective;
}

} // namespace Translations
