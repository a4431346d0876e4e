#include "core/Format.h"

#include "lotok/Money.h"

#include <QLocale>
#include <QRegularExpression>

QString Format::money(qint64 minor, const QString& currency) {
    const QLocale locale;
    const bool negative = minor < 0;
    const quint64 magnitude = negative ? quint64(0) - quint64(minor) : quint64(minor);
    // Integer arithmetic only: a double would round large balances.
    QString number = locale.toString(static_cast<qulonglong>(magnitude / 100)) +
                     locale.decimalPoint() +
                     QStringLiteral("%1").arg(magnitude % 100, 2, 10, QLatin1Char('0'));
    if (negative) {
        number.prepend(locale.negativeSign());
    }
    const QString symbol = currency == QLatin1String("RUB") ? QStringLiteral("\u20BD") : currency;
    //: Money: %1 is the amount, %2 the currency sign, e.g. "1,250.00 ₽"
    return tr("%1 %2").arg(number, symbol);
}

std::optional<qint64> Format::parseMoney(const QString& text, MoneyProblem* problem) {
    const auto fail = [problem](MoneyProblem why) -> std::optional<qint64> {
        if (problem) {
            *problem = why;
        }
        return std::nullopt;
    };
    if (problem) {
        *problem = MoneyProblem::None;
    }
    // Spaces (also no-break and thin ones) only ever group digits; the rouble sign is noise.
    QString cleaned = text.trimmed();
    cleaned.remove(QRegularExpression(QStringLiteral("[\\s\u00A0\u202F\u20BD]")));
    // "," and "." are both decimal marks, in every language: people type what their keyboard
    // has, whatever the interface speaks. One mark with one or two digits after it is the
    // decimal mark; with both marks, the last is the decimal mark and the other groups
    // thousands. A lone mark before exactly three digits ("1,000", "1.000") could be either,
    // so it is refused rather than guessed.
    const int lastComma = int(cleaned.lastIndexOf(QLatin1Char(',')));
    const int lastDot = int(cleaned.lastIndexOf(QLatin1Char('.')));
    const int commas = int(cleaned.count(QLatin1Char(',')));
    const int dots = int(cleaned.count(QLatin1Char('.')));
    QChar decimal;
    QChar group;
    if (commas > 0 && dots > 0) {
        decimal = lastComma > lastDot ? QLatin1Char(',') : QLatin1Char('.');
        group = decimal == QLatin1Char(',') ? QLatin1Char('.') : QLatin1Char(',');
        if (cleaned.count(decimal) != 1) {
            return fail(MoneyProblem::NotMoney);
        }
    } else if (commas + dots == 1) {
        const QChar mark = commas ? QLatin1Char(',') : QLatin1Char('.');
        const int digitsAfter = int(cleaned.size()) - 1 - int(cleaned.indexOf(mark));
        if (digitsAfter == 3) {
            return fail(MoneyProblem::Ambiguous);
        }
        decimal = mark;
    } else if (commas + dots > 1) {
        group = commas ? QLatin1Char(',') : QLatin1Char('.');
    }
    QString whole = cleaned;
    QString fraction;
    if (!decimal.isNull()) {
        const int at = int(cleaned.lastIndexOf(decimal));
        whole = cleaned.left(at);
        fraction = cleaned.mid(at + 1);
        if (fraction.isEmpty() || fraction.size() > 2) {
            return fail(fraction.size() > 2 ? MoneyProblem::TooManyDecimals
                                            : MoneyProblem::NotMoney);
        }
    }
    if (!group.isNull()) {
        // Grouping must be real grouping: 1–3 digits, then groups of exactly three.
        const auto groups = whole.split(group);
        for (int i = 0; i < groups.size(); ++i) {
            const auto size = groups.at(i).size();
            if ((i == 0 && (size < 1 || size > 3)) || (i > 0 && size != 3)) {
                return fail(MoneyProblem::BadGrouping);
            }
        }
        whole.remove(group);
    }
    const QString normalized = fraction.isEmpty() ? whole : whole + QLatin1Char('.') + fraction;
    const auto parsed = lotok::money::parseDecimal(normalized.toStdString());
    if (!parsed) {
        return fail(MoneyProblem::NotMoney);
    }
    return *parsed;
}

std::optional<std::string> Format::moneyRule(const QString& text) {
    MoneyProblem problem = MoneyProblem::None;
    if (Format::parseMoney(text, &problem)) {
        return std::nullopt;
    }
    switch (problem) {
    case MoneyProblem::Ambiguous:
        return std::string("is ambiguous: a mark before three digits");
    case MoneyProblem::BadGrouping:
        return std::string("has digits grouped wrongly");
    case MoneyProblem::TooManyDecimals:
        return std::string("has more than two digits after the decimal mark");
    default:
        return std::string("must be an amount such as 1000.00");
    }
}

QString Format::moneyInput(qint64 minor) {
    const QLocale locale;
    return QStringLiteral("%1%2%3")
        .arg(minor / 100)
        .arg(locale.decimalPoint())
        .arg(minor % 100, 2, 10, QLatin1Char('0'));
}

QString Format::dateTime(const QDateTime& value) {
    if (!value.isValid()) {
        return {};
    }
    return QLocale().toString(value.toLocalTime(), QLocale::ShortFormat);
}

QString Format::orderStatus(const QString& status) {
    if (status == QLatin1String("pending")) {
        return tr("Processing");
    }
    if (status == QLatin1String("confirmed")) {
        return tr("Confirmed");
    }
    if (status == QLatin1String("rejected")) {
        return tr("Rejected");
    }
    if (status == QLatin1String("cancelled")) {
        return tr("Cancelled");
    }
    return status;
}

QString Format::rejectionReason(const QString& reason) {
    if (reason == QLatin1String("insufficient_stock")) {
        return tr("not enough goods in stock");
    }
    if (reason == QLatin1String("insufficient_funds")) {
        return tr("not enough money on the balance");
    }
    return reason;
}

QString Format::deliveryStatus(const QString& status) {
    if (status == QLatin1String("awaiting_shipment")) {
        return tr("Awaiting shipment");
    }
    if (status == QLatin1String("sent")) {
        return tr("Sent");
    }
    if (status == QLatin1String("received")) {
        return tr("Received");
    }
    if (status == QLatin1String("cancelled")) {
        // Apart from the order's "Cancelled": in Russian a delivery is feminine.
        return tr("Cancelled", "delivery status");
    }
    return status;
}

QString Format::cancelRefusal(const QString& reason, const QString& fallback) {
    if (reason == QLatin1String("already_sent")) {
        return tr("The order has already been sent, so it can no longer be cancelled.");
    }
    if (reason == QLatin1String("already_cancelled")) {
        return tr("The order is already cancelled.");
    }
    if (reason == QLatin1String("not_cancellable")) {
        return tr("Only a confirmed order that has not been sent can be cancelled.");
    }
    return fallback.isEmpty() ? tr("The order cannot be cancelled.") : fallback;
}

QString Format::notificationType(const QString& type) {
    if (type == QLatin1String("order_ready_for_delivery")) {
        return tr("Order confirmed");
    }
    if (type == QLatin1String("order_rejected")) {
        return tr("Order rejected");
    }
    if (type == QLatin1String("order_sent")) {
        return tr("Order sent");
    }
    if (type == QLatin1String("order_delivered")) {
        return tr("Order delivered");
    }
    if (type == QLatin1String("order_cancelled")) {
        return tr("Order cancelled");
    }
    return type;
}

QString Format::notificationText(const QString& type, qint64 orderId) {
    if (type == QLatin1String("order_ready_for_delivery")) {
        return tr("Order #%1 is paid and is being prepared for delivery.").arg(orderId);
    }
    if (type == QLatin1String("order_rejected")) {
        return tr("Order #%1 was rejected.").arg(orderId);
    }
    if (type == QLatin1String("order_sent")) {
        return tr("Order #%1 is on its way.").arg(orderId);
    }
    if (type == QLatin1String("order_delivered")) {
        return tr("Order #%1 has been delivered.").arg(orderId);
    }
    if (type == QLatin1String("order_cancelled")) {
        return tr("Order #%1 was cancelled; its payment goes back to your balance.").arg(orderId);
    }
    return tr("Order #%1 was updated.").arg(orderId);
}

QString Format::errorMessage(const QString& code, const QString& fallback) {
    if (code == QLatin1String("insufficient_stock")) {
        return tr("There are not enough goods in stock. Lower the count and try again.");
    }
    if (code == QLatin1String("insufficient_funds")) {
        return tr("There is not enough money on your balance. Top up your balance or remove "
                  "something from the cart.");
    }
    if (code == QLatin1String("invalid_credentials")) {
        return tr("The login or the password is wrong.");
    }
    if (code == QLatin1String("login_taken")) {
        return tr("This login is already taken. Choose another one.");
    }
    if (code == QLatin1String("too_many_requests")) {
        return tr("Too many attempts. Wait a minute and try again.");
    }
    if (code == QLatin1String("unauthorized")) {
        return tr("Your session has ended. Sign in again.");
    }
    if (code == QLatin1String("forbidden")) {
        return tr("You are not allowed to do this.");
    }
    if (code == QLatin1String("not_found")) {
        return tr("Not found.");
    }
    if (code == QLatin1String("invalid_transition")) {
        return tr("This delivery has already moved on. The list has been refreshed.");
    }
    if (code == QLatin1String("unavailable")) {
        return tr("The shop is temporarily unavailable. Try again in a moment.");
    }
    if (code == QLatin1String("tls")) {
        return tr("The server's certificate was refused, so nothing was sent.");
    }
    if (code == QLatin1String("network")) {
        return tr("Cannot reach the server. Check the connection; the app keeps retrying.");
    }
    if (!fallback.isEmpty()) {
        return fallback;
    }
    return tr("Something went wrong (%1).").arg(code);
}

QString Format::validationProblem(const std::string& problem) {
    // lotok::validation speaks English with numbers; map its few shapes to translations.
    const QString text = QString::fromStdString(problem);
    static const QRegularExpression atLeastChars(
        QStringLiteral("^must be at least (\\d+) characters$"));
    static const QRegularExpression atMostChars(
        QStringLiteral("^must be at most (\\d+) characters$"));
    static const QRegularExpression atLeast(QStringLiteral("^must be at least (-?\\d+)$"));
    static const QRegularExpression atMost(QStringLiteral("^must be at most (-?\\d+)$"));
    if (auto m = atLeastChars.match(text); m.hasMatch()) {
        return tr("Must be at least %n character(s).", nullptr, m.captured(1).toInt());
    }
    if (auto m = atMostChars.match(text); m.hasMatch()) {
        return tr("Must be at most %n character(s).", nullptr, m.captured(1).toInt());
    }
    if (auto m = atLeast.match(text); m.hasMatch()) {
        return tr("Must be at least %1.").arg(QLocale().toString(m.captured(1).toLongLong()));
    }
    if (auto m = atMost.match(text); m.hasMatch()) {
        return tr("Must be at most %1.").arg(QLocale().toString(m.captured(1).toLongLong()));
    }
    if (text == QLatin1String("must not be empty")) {
        return tr("Required.");
    }
    if (text == QLatin1String("must not be blank")) {
        return tr("Must not be blank.");
    }
    if (text == QLatin1String("must be valid UTF-8")) {
        return tr("Contains invalid characters.");
    }
    if (text == QLatin1String("must not contain control characters")) {
        return tr("Must not contain control characters.");
    }
    if (text.startsWith(QLatin1String("may contain only Latin letters"))) {
        return tr("Use only Latin letters, digits, '.', '_' and '-'.");
    }
    if (text.startsWith(QLatin1String("must be an email address"))) {
        return tr("Enter an email address such as name@example.com.");
    }
    if (text.startsWith(QLatin1String("may contain only digits"))) {
        return tr("Use only digits, spaces and + - ( ).");
    }
    if (text == QLatin1String("must have at least 5 digits")) {
        return tr("Must have at least 5 digits.");
    }
    if (text.startsWith(QLatin1String("must be an amount"))) {
        return tr("Enter an amount such as %1.").arg(moneyInput(100000));
    }
    if (text == QLatin1String("is ambiguous: a mark before three digits")) {
        return tr("Is that a thousand or one? Write %1 or %2.")
            .arg(moneyInput(100000), QStringLiteral("1000"));
    }
    if (text == QLatin1String("has digits grouped wrongly")) {
        return tr("Group digits by three (1 234 567,50) or do not group them.");
    }
    if (text == QLatin1String("has more than two digits after the decimal mark")) {
        return tr("At most two digits after the decimal mark (kopecks).");
    }
    if (text == QLatin1String("must not be zero")) {
        return tr("Must not be zero.");
    }
    return text;
}
