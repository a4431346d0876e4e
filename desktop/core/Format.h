#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <optional>
#include <string>

// Display text for money, times and the contract's enumerations, in the current locale
// and language. Kept in one place so that every screen says the same thing the same way.
class Format {
    Q_DECLARE_TR_FUNCTIONS(Format)

public:
    enum class MoneyProblem { None, NotMoney, Ambiguous, BadGrouping, TooManyDecimals };

    static QString money(qint64 minor, const QString& currency = QStringLiteral("RUB"));
    // The amount the user typed, in minor units: "10,5" and "10.5" are both 10.50 in every
    // locale, "1 234,50", "1,234.50" and "1.234,50" are 1234.50; nullopt (and why) for text
    // that is not money or whose grouping is ambiguous ("1,000").
    static std::optional<qint64> parseMoney(const QString& text, MoneyProblem* problem = nullptr);
    // parseMoney() as a FormField rule: the problem in lotok::validation's English shape.
    static std::optional<std::string> moneyRule(const QString& text);
    // The amount as the user would type it back ("1234.50" or "1234,50"), no grouping.
    static QString moneyInput(qint64 minor);
    static QString dateTime(const QDateTime& value);
    static QString orderStatus(const QString& status);
    static QString rejectionReason(const QString& reason);
    static QString deliveryStatus(const QString& status);
    // Why the server refused to cancel an order (`error.reason` of its 409).
    static QString cancelRefusal(const QString& reason, const QString& fallback);
    static QString notificationType(const QString& type);
    // A notification's text in the user's language, built from its type and order.
    static QString notificationText(const QString& type, qint64 orderId);
    // One sentence for a server error code, in the user's language.
    static QString errorMessage(const QString& code, const QString& fallback);
    // The English reason from lotok::validation, in the user's language.
    static QString validationProblem(const std::string& problem);
};
