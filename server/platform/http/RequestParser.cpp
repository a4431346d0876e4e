#include "http/RequestParser.h"

#include <algorithm>
#include <cctype>
#include <http_parser.h>

namespace lotok::http {
namespace {

RequestParser& self(http_parser* parser) {
    return *static_cast<RequestParser*>(parser->data);
}

bool equalsIgnoringCase(std::string_view text, std::string_view lowerCase) {
    return text.size() == lowerCase.size() &&
           std::equal(text.begin(), text.end(), lowerCase.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
           });
}

} // namespace

RequestParser::RequestParser(Limits limits)
    : m_limits(limits), m_parser(std::make_unique<http_parser>()) {
    http_parser_init(m_parser.get(), HTTP_REQUEST);
    m_parser->data = this;
}

RequestParser::~RequestParser() = default;

void RequestParser::reset() {
    m_state = State::NeedMore;
    m_request = HttpRequest{};
    m_target.clear();
    m_inValue = false;
    m_headerBytes = 0;
    m_headersDone = false;
    m_expectContinue = false;
    m_upgrade = false;
    m_started = false;
}

int RequestParser::fail(int status, std::string message) {
    m_state = State::Failed;
    m_failure = Failure{status, std::move(message)};
    return -1; // stops http_parser_execute
}

bool RequestParser::countHeaderBytes(std::size_t length) {
    m_headerBytes += length;
    return m_headerBytes <= m_limits.maxHeaderBytes;
}

std::size_t RequestParser::feed(std::string_view bytes) {
    if (m_state != State::NeedMore || bytes.empty()) {
        return 0;
    }
    m_started = true;
    const auto used = http_parser_execute(m_parser.get(), &settings(), bytes.data(), bytes.size());
    const auto error = HTTP_PARSER_ERRNO(m_parser.get());
    if (m_state == State::Failed) {
        return used;
    }
    if (error == HPE_PAUSED) {
        // Paused at the end of a request so the next one waits for its turn.
        http_parser_pause(m_parser.get(), 0);
        return used;
    }
    if (m_state == State::Complete) {
        return used; // an upgrade: http-parser stops there without pausing
    }
    if (error != HPE_OK) {
        if (error == HPE_HEADER_OVERFLOW) {
            fail(431, "the request's headers are too large");
        } else {
            fail(400, std::string("malformed HTTP request: ") + http_errno_description(error));
        }
    }
    return used;
}

HttpRequest RequestParser::take() {
    HttpRequest request = std::move(m_request);
    reset();
    return request;
}

int RequestParser::onMessageBegin(http_parser* parser) {
    auto& me = self(parser);
    me.m_started = true;
    return 0;
}

int RequestParser::onUrl(http_parser* parser, const char* at, std::size_t length) {
    auto& me = self(parser);
    if (me.m_target.size() + length > me.m_limits.maxTargetBytes) {
        return me.fail(414, "the request target is longer than " +
                                std::to_string(me.m_limits.maxTargetBytes) + " bytes");
    }
    if (!me.countHeaderBytes(length)) {
        return me.fail(431, "the request's headers are too large");
    }
    me.m_target.append(at, length);
    return 0;
}

int RequestParser::onHeaderField(http_parser* parser, const char* at, std::size_t length) {
    auto& me = self(parser);
    if (!me.countHeaderBytes(length)) {
        return me.fail(431, "the request's headers are too large");
    }
    if (me.m_inValue || me.m_request.headers.empty()) {
        me.m_request.headers.emplace_back();
        me.m_inValue = false;
    }
    auto& name = me.m_request.headers.back().first;
    for (std::size_t i = 0; i < length; ++i) {
        name += static_cast<char>(std::tolower(static_cast<unsigned char>(at[i])));
    }
    return 0;
}

int RequestParser::onHeaderValue(http_parser* parser, const char* at, std::size_t length) {
    auto& me = self(parser);
    if (!me.countHeaderBytes(length)) {
        return me.fail(431, "the request's headers are too large");
    }
    me.m_inValue = true;
    me.m_request.headers.back().second.append(at, length);
    return 0;
}

int RequestParser::onHeadersComplete(http_parser* parser) {
    auto& me = self(parser);
    me.m_headersDone = true;
    auto& request = me.m_request;
    request.method = http_method_str(static_cast<http_method>(parser->method));
    const auto question = me.m_target.find('?');
    request.path = me.m_target.substr(0, question);
    if (question != std::string::npos) {
        request.query = me.m_target.substr(question + 1);
    }
    const bool hasLength = (parser->flags & F_CONTENTLENGTH) != 0;
    if (hasLength && parser->content_length > me.m_limits.maxBodyBytes) {
        return me.fail(413, "the body is larger than " +
                                std::to_string(me.m_limits.maxBodyBytes / 1024) + " KiB");
    }
    if (hasLength) {
        request.body.reserve(parser->content_length);
    }
    if (const auto expect = request.header("expect")) {
        if (!equalsIgnoringCase(*expect, "100-continue")) {
            return me.fail(417, "only 'Expect: 100-continue' is understood");
        }
        me.m_expectContinue = parser->http_major == 1 && parser->http_minor >= 1;
    }
    return 0;
}

int RequestParser::onBody(http_parser* parser, const char* at, std::size_t length) {
    auto& me = self(parser);
    if (me.m_request.body.size() + length > me.m_limits.maxBodyBytes) {
        return me.fail(413, "the body is larger than " +
                                std::to_string(me.m_limits.maxBodyBytes / 1024) + " KiB");
    }
    me.m_request.body.append(at, length);
    return 0;
}

int RequestParser::onMessageComplete(http_parser* parser) {
    auto& me = self(parser);
    me.m_state = State::Complete;
    me.m_keepAlive = http_should_keep_alive(parser) != 0;
    me.m_upgrade = parser->upgrade != 0;
    me.m_expectContinue = false;
    http_parser_pause(parser, 1);
    return 0;
}

const http_parser_settings& RequestParser::settings() {
    static const http_parser_settings value = [] {
        http_parser_settings s{};
        s.on_message_begin = &RequestParser::onMessageBegin;
        s.on_url = &RequestParser::onUrl;
        s.on_header_field = &RequestParser::onHeaderField;
        s.on_header_value = &RequestParser::onHeaderValue;
        s.on_headers_complete = &RequestParser::onHeadersComplete;
        s.on_body = &RequestParser::onBody;
        s.on_message_complete = &RequestParser::onMessageComplete;
        return s;
    }();
    return value;
}

} // namespace lotok::http
