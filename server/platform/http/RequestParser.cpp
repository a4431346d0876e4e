#include "http/RequestParser.h"

#include <algorithm>
#include <cctype>
#include <http_parser.h>

namespace lotok::http {
namespace {

RequestParser& self(http_parser* parser) {
    return *static_cast<RequestParser*>(parser->data);
}

// tchar of RFC 9110 5.6.2: what a method or a header name is made of.
bool isTokenChar(unsigned char c) {
    return std::isalnum(c) ||
           std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool isToken(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return isTokenChar(static_cast<unsigned char>(c));
    });
}

// A field value may hold tabs, spaces, visible ASCII and (obsolete, opaque) bytes >= 0x80;
// never NUL, CR, LF or another control character (RFC 9110 5.5).
bool isFieldValue(std::string_view value) {
    return std::all_of(value.begin(), value.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return c == '\t' || (c >= 0x20 && c != 0x7f);
    });
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

std::string lowered(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
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
    m_headersDone = false;
    m_head = Head{};
    m_expectContinue = false;
    m_upgrade = false;
    m_started = false;
}

int RequestParser::fail(int status, std::string message) {
    m_state = State::Failed;
    m_failure = Failure{status, std::move(message)};
    return -1; // stops http_parser_execute
}

std::size_t RequestParser::scanHead(std::string_view bytes) {
    auto& head = m_head;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        const bool lineEnds = c == '\n';
        if (!lineEnds && !head.bytes.empty() && head.bytes.back() == '\r') {
            fail(400, "malformed HTTP request: a CR not followed by LF");
            return i;
        }
        head.bytes += c;
        const auto lineLength = head.bytes.size() - head.lineStart;
        if (!head.requestLineSeen && lineLength > m_limits.maxTargetBytes + 32) {
            fail(414, "the request target is longer than " +
                          std::to_string(m_limits.maxTargetBytes) + " bytes");
            return i + 1;
        }
        if (head.bytes.size() > m_limits.maxHeaderBytes) {
            fail(431, "the request's headers are larger than " +
                          std::to_string(m_limits.maxHeaderBytes / 1024) + " KiB");
            return i + 1;
        }
        if (!lineEnds) {
            continue;
        }
        if (lineLength < 2 || head.bytes[head.bytes.size() - 2] != '\r') {
            fail(400, "malformed HTTP request: lines must end with CRLF");
            return i + 1;
        }
        const auto line = std::string_view(head.bytes).substr(head.lineStart, lineLength - 2);
        head.lineStart = head.bytes.size();
        if (line.empty()) {
            if (!head.requestLineSeen) {
                continue; // an empty line before a request is ignored (RFC 9112 2.2)
            }
            head.complete = checkHead();
            return i + 1;
        }
        const bool fine = head.requestLineSeen ? checkHeaderLine(line) : checkRequestLine(line);
        head.requestLineSeen = true;
        if (!fine) {
            return i + 1;
        }
    }
    return bytes.size();
}

bool RequestParser::checkRequestLine(std::string_view line) {
    // method SP request-target SP HTTP-version, single spaces (RFC 9112 3).
    const auto firstSpace = line.find(' ');
    const auto lastSpace = line.rfind(' ');
    if (firstSpace == std::string_view::npos || firstSpace == lastSpace) {
        fail(400, "malformed HTTP request: the request line must be METHOD TARGET HTTP/1.1");
        return false;
    }
    const auto method = line.substr(0, firstSpace);
    const auto target = line.substr(firstSpace + 1, lastSpace - firstSpace - 1);
    const auto version = line.substr(lastSpace + 1);
    if (!isToken(method)) {
        fail(400, "malformed HTTP request: the method is not a token");
        return false;
    }
    if (target.size() > m_limits.maxTargetBytes) {
        fail(414, "the request target is longer than " + std::to_string(m_limits.maxTargetBytes) +
                      " bytes");
        return false;
    }
    // Visible ASCII only: no spaces (a second space is a malformed line), no controls, and no
    // raw bytes above 0x7E (anything else travels percent-encoded).
    const bool visible = !target.empty() && std::all_of(target.begin(), target.end(), [](char c) {
        return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f;
    });
    if (!visible) {
        fail(400, "malformed HTTP request: the target must be visible ASCII");
        return false;
    }
    if (target.front() != '/' && !(target == "*" && method == "OPTIONS")) {
        fail(400, "malformed HTTP request: the target must be a path starting with /");
        return false;
    }
    const bool wellFormed = version.size() == 8 && version.substr(0, 5) == "HTTP/" &&
                            std::isdigit(static_cast<unsigned char>(version[5])) &&
                            version[6] == '.' &&
                            std::isdigit(static_cast<unsigned char>(version[7]));
    if (!wellFormed) {
        fail(400, "malformed HTTP request: the version must be HTTP/1.1 or HTTP/1.0");
        return false;
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        fail(505, "only HTTP/1.1 and HTTP/1.0 are spoken here");
        return false;
    }
    m_head.http10 = version == "HTTP/1.0";
    return true;
}

bool RequestParser::checkHeaderLine(std::string_view line) {
    if (line.front() == ' ' || line.front() == '\t') {
        fail(400, "malformed HTTP request: folded header lines are not accepted");
        return false;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || !isToken(line.substr(0, colon))) {
        // Also "Content-Length : 2": no whitespace between a name and its colon (RFC 9112 5.1).
        fail(400, "malformed HTTP request: a header line must be NAME: VALUE");
        return false;
    }
    const auto value = line.substr(colon + 1);
    if (!isFieldValue(value)) {
        fail(400, "malformed HTTP request: a control character in a header value");
        return false;
    }
    if (++m_head.headerCount > m_limits.maxHeaderCount) {
        fail(431, "more than " + std::to_string(m_limits.maxHeaderCount) + " headers");
        return false;
    }
    const auto name = lowered(line.substr(0, colon));
    if (name == "host") {
        ++m_head.hostCount;
    } else if (name == "content-length") {
        ++m_head.contentLengthCount;
    } else if (name == "transfer-encoding") {
        std::string_view rest = value;
        while (true) {
            const auto comma = rest.find(',');
            m_head.transferEncodings.push_back(lowered(trimmed(rest.substr(0, comma))));
            if (comma == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(comma + 1);
        }
    }
    return true;
}

bool RequestParser::checkHead() {
    const auto& head = m_head;
    if (head.hostCount > 1) {
        fail(400, "malformed HTTP request: more than one Host header");
        return false;
    }
    if (head.hostCount == 0 && !head.http10) {
        fail(400, "malformed HTTP request: HTTP/1.1 needs a Host header");
        return false;
    }
    if (head.contentLengthCount > 1) {
        fail(400, "malformed HTTP request: more than one Content-Length");
        return false;
    }
    if (head.transferEncodings.empty()) {
        return true;
    }
    if (head.http10) {
        fail(400, "malformed HTTP request: Transfer-Encoding in an HTTP/1.0 request");
        return false;
    }
    if (head.contentLengthCount > 0) {
        fail(400, "malformed HTTP request: both Content-Length and Transfer-Encoding");
        return false;
    }
    if (head.transferEncodings.size() != 1 || head.transferEncodings.front() != "chunked") {
        const bool onlyChunked =
            std::all_of(head.transferEncodings.begin(), head.transferEncodings.end(),
                        [](const std::string& coding) { return coding == "chunked"; });
        if (onlyChunked) {
            fail(400, "malformed HTTP request: chunked more than once");
        } else {
            fail(501, "only the chunked transfer coding is understood");
        }
        return false;
    }
    return true;
}

std::size_t RequestParser::execute(std::string_view bytes) {
    if (bytes.empty()) {
        return 0;
    }
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
        fail(400, std::string("malformed HTTP request: ") + http_errno_description(error));
    }
    return used;
}

std::size_t RequestParser::feed(std::string_view bytes) {
    if (m_state != State::NeedMore || bytes.empty()) {
        return 0;
    }
    m_started = true;
    std::size_t used = 0;
    if (!m_head.complete) {
        used = scanHead(bytes);
        if (m_state == State::Failed || !m_head.complete) {
            return used;
        }
        // The head is whole and sound: http-parser reads it from the copy, then the body.
        const auto head = std::move(m_head.bytes);
        m_head.bytes = std::string();
        const auto headUsed = execute(head);
        if (m_state != State::NeedMore) {
            return used;
        }
        if (headUsed != head.size()) {
            fail(400, "malformed HTTP request");
            return used;
        }
    }
    return used + execute(bytes.substr(used));
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
    me.m_target.append(at, length); // its length was checked with the head
    return 0;
}

int RequestParser::onHeaderField(http_parser* parser, const char* at, std::size_t length) {
    auto& me = self(parser);
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
    me.m_bodyLimit = me.m_limits.maxBodyBytes;
    if (me.m_bodyLimitFor) {
        me.m_bodyLimit = std::max(me.m_bodyLimit, me.m_bodyLimitFor(request.method, request.path));
    }
    const bool hasLength = (parser->flags & F_CONTENTLENGTH) != 0;
    if (hasLength && parser->content_length > me.m_bodyLimit) {
        return me.fail(413,
                       "the body is larger than " + std::to_string(me.m_bodyLimit / 1024) + " KiB");
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
    if (me.m_request.body.size() + length > me.m_bodyLimit) {
        return me.fail(413,
                       "the body is larger than " + std::to_string(me.m_bodyLimit / 1024) + " KiB");
    }
    me.m_request.body.append(at, length);
    return 0;
}

int RequestParser::onChunkHeader(http_parser* parser) {
    // The chunk's size is known before its bytes: one over the limit is refused now, not
    // after the client has sent (or failed to send) it all.
    auto& me = self(parser);
    if (parser->content_length > me.m_bodyLimit - me.m_request.body.size()) {
        return me.fail(413,
                       "the body is larger than " + std::to_string(me.m_bodyLimit / 1024) + " KiB");
    }
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
        s.on_chunk_header = &RequestParser::onChunkHeader;
        s.on_message_complete = &RequestParser::onMessageComplete;
        return s;
    }();
    return value;
}

} // namespace lotok::http
