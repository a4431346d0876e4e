#pragma once

#include <cstdint>
#include <string>

namespace lotok::services::notification {

// One notification as an e-mail: a subject, plain text, and the same as HTML.
struct MailText {
    std::string subject;
    std::string text;
    std::string html;
};

// What a notification of `type` about `orderId` says to `firstName`, in `language` (en or
// ru; anything else is English). `detail` is the rejection's reason where there is one;
// `fallback` (the stored English message) is used for a type this build has no words for.
MailText composeMail(const std::string& type, std::int64_t orderId, const std::string& detail,
                     const std::string& language, const std::string& firstName,
                     const std::string& fallback);

// Text made safe to put between HTML tags or in an attribute.
std::string escapeHtml(const std::string& text);

} // namespace lotok::services::notification
