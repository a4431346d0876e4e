#include "http/HttpMessage.h"

#include "util/Hex.h"

#include <cctype>

namespace lotok::http {
namespace {

std::optional<std::string_view> findHeader(const Headers& headers, std::string_view name) {
    for (const auto& [key, value] : headers) {
        if (key.size() == name.size()) {
            bool same = true;
            for (std::size_t i = 0; i < key.size() && same; ++i) {
                same = std::tolower(static_cast<unsigned char>(key[i])) == name[i];
            }
            if (same) {
                return std::string_view(value);
            }
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string_view> HttpRequest::header(std::string_view name) const {
    return findHeader(headers, name);
}

void HttpRequest::setHeader(std::string name, std::string value) {
    for (auto& [key, existing] : headers) {
        if (key == name) {
            existing = std::move(value);
            return;
        }
    }
    headers.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string> HttpRequest::queryParam(std::string_view name) const {
    std::string_view rest = query;
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const auto pair = rest.substr(0, amp);
        const auto eq = pair.find('=');
        if (urlDecode(pair.substr(0, eq)) == name) {
            return eq == std::string_view::npos ? std::string() : urlDecode(pair.substr(eq + 1));
        }
        if (amp == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

std::optional<std::string_view> HttpResponse::header(std::string_view name) const {
    return findHeader(headers, name);
}

nlohmann::json HttpResponse::json() const {
    return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

HttpResponse HttpResponse::json(int status, const nlohmann::json& body) {
    HttpResponse response;
    response.status = status;
    // A message may quote what a client sent (a path, a value); bytes that are not UTF-8
    // become U+FFFD instead of an exception and a 500.
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    response.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
    return response;
}

HttpResponse HttpResponse::noContent() {
    HttpResponse response;
    response.status = 204;
    return response;
}

std::string urlDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && util::hexDigitValue(text[i + 1]) >= 0 &&
                   util::hexDigitValue(text[i + 2]) >= 0) {
            out += static_cast<char>(util::hexDigitValue(text[i + 1]) * 16 +
                                     util::hexDigitValue(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string urlEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

} // namespace lotok::http
