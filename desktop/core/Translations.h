#pragma once

#include <QString>
#include <QStringList>

// Loads the app's translation and Qt's own for a language ("" follows the system locale),
// and makes that locale the default so that money and dates follow the language too.
// Returns the language actually in effect ("en" when nothing else matched).
namespace Translations {

QString install(const QString& language);
QStringList available();
// The language the app speaks now ("en" or "ru"): what install() chose, or the default
// locale's when nothing was installed (tests).
QString current();
void initResources();

} // namespace Translations
