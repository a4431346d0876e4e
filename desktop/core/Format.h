#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <optional>

// Display text for money, times and the contract's enumerations, in the current locale
// and language. Kept in one place so that every screen says the same thing the same way.
class Format {
    Q_DECLARE_TR_FUNCTIONS(Format)

public:
    static QString money(qint64 minor, const QString& currency = QStringLiteral("RUB"));
    // The amount the user typed ("1 234,50", "1234.5"); nullopt when it is not money.
    static std::optional<qint64> parseMoney(const QString& text);
    // The amount as the user would type it back ("1234.50" or "1234,50"), no grouping.
    static QString moneyInput(qint64 minor);
    static QString dateTime(const QDateTime& value);
    static QString orderStatus(const QString& status);
    static QString rejectionReason(const QString& reason);
    static QString deliveryStatus(const QString& status);
    static QString notificationType(const QString& type);
    // A notification's text in the user's language, built from its type and order.
    static QString notificationText(const QString& type, qint64 orderId);
    // One sentence for a server error code, in the user's language.
    static QString errorMessage(const QString& code, const QString& fallback);
    // The English reason from lotok::validation, in the user's language.
    static QString validationProblem(const std::string& problem);
};
