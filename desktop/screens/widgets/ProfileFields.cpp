#include "screens/widgets/ProfileFields.h"

#include "lotok/Limits.h"
#include "lotok/Validation.h"

#include <QLineEdit>

namespace ProfileFields {

namespace {

template <typename Check> FormField::Rule shared(Check check) {
    return [check](const QString& value) { return check(value.toStdString()); };
}

} // namespace

FormField::Rule rule(const QString& key) {
    using namespace lotok;
    if (key == QLatin1String("login")) {
        return shared(&validation::login);
    }
    if (key == QLatin1String("password")) {
        return shared(&validation::password);
    }
    if (key == QLatin1String("email")) {
        return shared(&validation::email);
    }
    if (key == QLatin1String("first_name") || key == QLatin1String("last_name")) {
        return shared(&validation::personName);
    }
    if (key == QLatin1String("phone")) {
        return shared(&validation::phone);
    }
    if (key == QLatin1String("address")) {
        return shared(&validation::address);
    }
    return {};
}

int maxLength(const QString& key) {
    using namespace lotok::limits;
    if (key == QLatin1String("login")) {
        return int(kLoginMax);
    }
    if (key == QLatin1String("password")) {
        return int(kPasswordMax);
    }
    if (key == QLatin1String("email")) {
        return int(kEmailMax);
    }
    if (key == QLatin1String("first_name") || key == QLatin1String("last_name")) {
        return int(kNameMax);
    }
    if (key == QLatin1String("phone")) {
        return int(kPhoneMax);
    }
    if (key == QLatin1String("address")) {
        return int(kAddressMax);
    }
    return 32767; // QLineEdit's own default
}

FormField* create(const QString& key, const QString& objectName, QWidget* parent) {
    auto* edit = new QLineEdit(parent);
    edit->setMaxLength(maxLength(key));
    if (key == QLatin1String("password")) {
        edit->setEchoMode(QLineEdit::Password);
    }
    return new FormField(objectName, edit, rule(key), parent);
}

} // namespace ProfileFields
