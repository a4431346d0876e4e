#include "MailText.h"

#include <fmt/format.h>

namespace lotok::services::notification {

namespace {

struct Words {
    std::string subject; // {0}: the order's number
    std::string line;    // what happened, {0}: the order's number
};

Words english(const std::string& type, const std::string& detail) {
    if (type == "order_ready_for_delivery") {
        return {"Order #{0} is confirmed", "Your order #{0} is confirmed and ready for delivery."};
    }
    if (type == "order_rejected") {
        return {"Order #{0} was rejected",
                detail == "insufficient_funds"
                    ? "Your order #{0} was rejected: the balance was too low. Nothing was charged."
                    : "Your order #{0} was rejected: not enough goods in stock. Nothing was "
                      "charged."};
    }
    if (type == "order_sent") {
        return {"Order #{0} has been sent", "Your order #{0} has been sent."};
    }
    if (type == "order_delivered") {
        return {"Order #{0} has been delivered", "Your order #{0} has been delivered."};
    }
    if (type == "order_cancelled") {
        return {"Order #{0} is cancelled",
                "Your order #{0} is cancelled; its payment goes back to your balance."};
    }
    return {};
}

Words russian(const std::string& type, const std::string& detail) {
    if (type == "order_ready_for_delivery") {
        return {"Заказ №{0} подтверждён", "Ваш заказ №{0} подтверждён и готов к доставке."};
    }
    if (type == "order_rejected") {
        return {"Заказ №{0} отклонён",
                detail == "insufficient_funds"
                    ? "Ваш заказ №{0} отклонён: на балансе не хватило средств. Деньги не списаны."
                    : "Ваш заказ №{0} отклонён: товара не хватило на складе. Деньги не списаны."};
    }
    if (type == "order_sent") {
        return {"Заказ №{0} отправлен", "Ваш заказ №{0} отправлен."};
    }
    if (type == "order_delivered") {
        return {"Заказ №{0} доставлен", "Ваш заказ №{0} доставлен."};
    }
    if (type == "order_cancelled") {
        return {"Заказ №{0} отменён", "Ваш заказ №{0} отменён, оплата возвращается на баланс."};
    }
    return {};
}

} // namespace

std::string escapeHtml(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

MailText composeMail(const std::string& type, std::int64_t orderId, const std::string& detail,
                     const std::string& language, const std::string& firstName,
                     const std::string& fallback) {
    const bool ru = language == "ru";
    auto words = ru ? russian(type, detail) : english(type, detail);
    if (words.subject.empty()) {
        words = {fallback, fallback};
    }
    const auto number = std::to_string(orderId);
    // The templates are ours; the number is digits; only the name comes from the customer,
    // and it goes in as an argument, never as a format string.
    const auto subject = fmt::format(fmt::runtime(words.subject), number);
    const auto line = fmt::format(fmt::runtime(words.line), number);
    const auto greeting =
        ru ? fmt::format("Здравствуйте, {}!", firstName) : fmt::format("Hello {},", firstName);
    const std::string footer =
        ru ? "Это письмо отправлено магазином Lotok. Отключить письма можно в профиле."
           : "This message was sent by the Lotok shop. You can turn these e-mails off in your "
             "profile.";
    MailText mail;
    mail.subject = subject;
    mail.text = greeting + "\n\n" + line + "\n\n-- \n" + footer + "\n";
    mail.html = "<!DOCTYPE html>\n<html lang=\"" + std::string(ru ? "ru" : "en") +
                "\"><head><meta charset=\"utf-8\"><title>" + escapeHtml(subject) +
                "</title></head>\n<body>\n<p>" + escapeHtml(greeting) + "</p>\n<p>" +
                escapeHtml(line) + "</p>\n<hr>\n<p><small>" + escapeHtml(footer) +
                "</small></p>\n</body></html>\n";
    return mail;
}

} // namespace lotok::services::notification
