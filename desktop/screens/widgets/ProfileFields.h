#pragma once

#include "screens/widgets/FormField.h"

#include <QString>

class QWidget;

// The fields of an account as the server checks them (lotok::validation), in one place: the
// registration form and the profile and password dialogs make their fields here, so every
// form refuses exactly what the server would refuse, with the same limits.
namespace ProfileFields {

// key: login, password, email, first_name, last_name, phone, address (the API's field names).
FormField::Rule rule(const QString& key);
int maxLength(const QString& key);
// A line edit with the key's rule and length limit (a password's echo hidden), named
// `objectName` (its edit `objectName` + "Edit", its error line + "Error").
FormField* create(const QString& key, const QString& objectName, QWidget* parent);

} // namespace ProfileFields
