#include "PictureCodec.h"

#include "http/ApiError.h"
#include "log/Log.h"
#include "lotok/Limits.h"
#include "util/Crypto.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <gd.h>
#include <memory>
#include <mutex>
#include <semaphore>

namespace lotok::services::stock {

using http::ApiError;

namespace {

std::uint32_t bigEndian16(std::string_view bytes, std::size_t at) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at])) << 8) |
           static_cast<unsigned char>(bytes[at + 1]);
}

std::uint32_t bigEndian32(std::string_view bytes, std::size_t at) {
    return (bigEndian16(bytes, at) << 16) | bigEndian16(bytes, at + 2);
}

std::uint32_t littleEndian(std::string_view bytes, std::size_t at, int count) {
    std::uint32_t value = 0;
    for (int i = count - 1; i >= 0; --i) {
        value = (value << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
    }
    return value;
}

std::optional<ImageHeader> probePng(std::string_view bytes) {
    // Signature, then the IHDR chunk, which must come first (PNG spec 5.2, 11.2.2).
    constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);
    if (bytes.size() < 24 || bytes.substr(0, 8) != kSignature || bytes.substr(12, 4) != "IHDR") {
        return std::nullopt;
    }
    return ImageHeader{ImageType::Png, bigEndian32(bytes, 16), bigEndian32(bytes, 20)};
}

std::optional<ImageHeader> probeJpeg(std::string_view bytes) {
    if (bytes.size() < 4 || static_cast<unsigned char>(bytes[0]) != 0xFF ||
        static_cast<unsigned char>(bytes[1]) != 0xD8) {
        return std::nullopt;
    }
    // Walk the marker segments to the first frame header (SOFn), as libjpeg does: it is the
    // size the decoder will allocate for.
    std::size_t at = 2;
    while (at + 4 <= bytes.size()) {
        if (static_cast<unsigned char>(bytes[at]) != 0xFF) {
            return std::nullopt;
        }
        const auto marker = static_cast<unsigned char>(bytes[at + 1]);
        if (marker == 0xFF) { // fill byte
            ++at;
            continue;
        }
        if (marker == 0xD8 || marker == 0xD9 || marker == 0xDA || marker == 0x01 ||
            (marker >= 0xD0 && marker <= 0xD7)) {
            return std::nullopt; // image data, or the end, before any frame header
        }
        const auto length = bigEndian16(bytes, at + 2);
        if (length < 2) {
            return std::nullopt;
        }
        const bool frame =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (frame) {
            if (length < 8 || at + 9 > bytes.size()) {
                return std::nullopt;
            }
            return ImageHeader{ImageType::Jpeg, bigEndian16(bytes, at + 7),
                               bigEndian16(bytes, at + 5)};
        }
        at += 2 + length;
    }
    return std::nullopt;
}

std::optional<ImageHeader> probeWebp(std::string_view bytes) {
    if (bytes.size() < 30 || bytes.substr(0, 4) != "RIFF" || bytes.substr(8, 4) != "WEBP") {
        return std::nullopt;
    }
    const auto chunk = bytes.substr(12, 4);
    if (chunk == "VP8X") { // extended: the canvas, 24-bit sizes minus one
        return ImageHeader{ImageType::Webp, littleEndian(bytes, 24, 3) + 1,
                           littleEndian(bytes, 27, 3) + 1};
    }
    if (chunk == "VP8 ") { // lossy: a key frame's start code, then 14-bit sizes
        if (bytes.substr(23, 3) != std::string_view("\x9d\x01\x2a", 3)) {
            return std::nullopt;
        }
        return ImageHeader{ImageType::Webp, littleEndian(bytes, 26, 2) & 0x3FFF,
                           littleEndian(bytes, 28, 2) & 0x3FFF};
    }
    if (chunk == "VP8L") { // lossless: signature 0x2f, then 14-bit sizes minus one
        if (static_cast<unsigned char>(bytes[20]) != 0x2F) {
            return std::nullopt;
        }
        const auto bits = littleEndian(bytes, 21, 4);
        return ImageHeader{ImageType::Webp, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
    }
    return std::nullopt;
}

// What libgd reported while this thread decoded. libjpeg recovers from a file cut short or
// a corrupt segment with a warning (and grey where the data stopped), and libgd only passes
// the warning to its error callback, so counting them is how a damaged JPEG is told apart.
thread_local int t_gdReports = 0;

// libgd reports through a global callback (stderr by default): into our log, at debug, since
// a bad upload is the client's problem and is answered as one. It is called on the thread
// that decodes.
void quietGd(int, const char* format, va_list args) {
    char message[256];
    std::vsnprintf(message, sizeof message, format, args);
    ++t_gdReports;
    log::debug("libgd: {}", message);
}

struct GdImageDeleter {
    void operator()(gdImagePtr image) const { gdImageDestroy(image); }
};
using GdImage = std::unique_ptr<gdImageStruct, GdImageDeleter>;

struct GdFree {
    void operator()(void* data) const { gdFree(data); }
};

ApiError damaged() {
    return ApiError::invalid("picture", "the picture cannot be decoded: it is damaged or "
                                        "truncated");
}

GdImage decode(std::string_view bytes, ImageType type) {
    auto* data = const_cast<char*>(bytes.data()); // libgd reads only, despite its signature
    const int size = static_cast<int>(bytes.size());
    switch (type) {
    case ImageType::Jpeg: {
        // ignore_warning = 0: libgd passes libjpeg's warnings (premature end of data, a
        // corrupt segment) on; any of them makes the picture damaged. (libpng's warnings,
        // such as a known-bad sRGB profile, are harmless; its errors fail the decode.)
        t_gdReports = 0;
        GdImage image(gdImageCreateFromJpegPtrEx(size, data, 0));
        return t_gdReports == 0 ? std::move(image) : nullptr;
    }
    case ImageType::Png:
        return GdImage(gdImageCreateFromPngPtr(size, data));
    case ImageType::Webp:
        return GdImage(gdImageCreateFromWebpPtr(size, data));
    }
    return nullptr;
}

// Scaled to fit a side x side square, never enlarged; a copy in any case, truecolor.
GdImage fitted(gdImagePtr source, int side) {
    const int width = gdImageSX(source);
    const int height = gdImageSY(source);
    const double scale = std::min(1.0, static_cast<double>(side) / std::max(width, height));
    const auto newWidth = static_cast<unsigned>(std::max(1, static_cast<int>(width * scale)));
    const auto newHeight = static_cast<unsigned>(std::max(1, static_cast<int>(height * scale)));
    gdImageSetInterpolationMethod(source, GD_BILINEAR_FIXED);
    GdImage out(gdImageScale(source, newWidth, newHeight));
    if (!out) {
        throw std::runtime_error("libgd could not scale a picture");
    }
    return out;
}

bool hasTransparency(gdImagePtr image) {
    for (int y = 0; y < gdImageSY(image); ++y) {
        for (int x = 0; x < gdImageSX(image); ++x) {
            if (gdTrueColorGetAlpha(gdImageGetTrueColorPixel(image, x, y)) != gdAlphaOpaque) {
                return true;
            }
        }
    }
    return false;
}

std::string encode(gdImagePtr image, bool png) {
    int size = 0;
    std::unique_ptr<void, GdFree> data;
    if (png) {
        gdImageAlphaBlending(image, 0);
        gdImageSaveAlpha(image, 1);
        data.reset(gdImagePngPtrEx(image, &size, 6));
    } else {
        data.reset(gdImageJpegPtr(image, &size, 85));
    }
    if (!data || size <= 0) {
        throw std::runtime_error("libgd could not encode a picture");
    }
    return std::string(static_cast<const char*>(data.get()), static_cast<std::size_t>(size));
}

} // namespace

std::string_view mediaTypeOf(ImageType type) {
    switch (type) {
    case ImageType::Jpeg:
        return "image/jpeg";
    case ImageType::Png:
        return "image/png";
    case ImageType::Webp:
        return "image/webp";
    }
    return "application/octet-stream";
}

std::optional<ImageHeader> PictureCodec::probe(std::string_view bytes) {
    if (auto png = probePng(bytes)) {
        return png;
    }
    if (auto jpeg = probeJpeg(bytes)) {
        return jpeg;
    }
    return probeWebp(bytes);
}

EncodedPicture PictureCodec::process(std::string_view bytes, std::string_view mediaType) {
    static std::once_flag quiet;
    std::call_once(quiet, [] { gdSetErrorMethod(&quietGd); });

    if (bytes.empty()) {
        throw ApiError::invalid("picture", "the body is empty: send the picture's bytes");
    }
    const auto header = probe(bytes);
    if (!header) {
        throw ApiError(ErrorCode::UnsupportedMediaType,
                       "the body is not a JPEG, PNG or WebP image");
    }
    if (mediaTypeOf(header->type) != mediaType) {
        throw ApiError(ErrorCode::UnsupportedMediaType,
                       "the body is " + std::string(mediaTypeOf(header->type)) + ", not " +
                           std::string(mediaType) + " as its Content-Type says");
    }
    if (header->width <= 0 || header->height <= 0 || header->width > limits::kPictureMaxSide ||
        header->height > limits::kPictureMaxSide ||
        header->width * header->height > limits::kPictureMaxPixels) {
        throw ApiError::invalid(
            "picture", "the picture is " + std::to_string(header->width) + "x" +
                           std::to_string(header->height) + " pixels; at most " +
                           std::to_string(limits::kPictureMaxSide) + " a side and " +
                           std::to_string(limits::kPictureMaxPixels / 1'000'000) + " megapixels");
    }
    // A picture at the limits decodes to about 100 MB of pixels: two at a time at most, so
    // a burst of uploads waits its turn instead of taking the process's memory.
    static std::counting_semaphore<2> slots(2);
    slots.acquire();
    struct Release {
        ~Release() { slots.release(); }
    } release;
    auto image = decode(bytes, header->type);
    if (!image) {
        throw damaged();
    }
    // The decoder's size must be the header's, or the checks above judged another picture.
    if (gdImageSX(image.get()) != header->width || gdImageSY(image.get()) != header->height) {
        throw damaged();
    }
    if (!gdImageTrueColor(image.get()) && !gdImagePaletteToTrueColor(image.get())) {
        throw std::runtime_error("libgd could not convert a palette picture");
    }
    auto stored = fitted(image.get(), limits::kPictureStoredSide);
    image.reset();
    auto thumbnail = fitted(stored.get(), limits::kThumbnailSide);
    const bool png = hasTransparency(stored.get());

    EncodedPicture out;
    out.contentType = png ? "image/png" : "image/jpeg";
    out.width = gdImageSX(stored.get());
    out.height = gdImageSY(stored.get());
    out.image = encode(stored.get(), png);
    out.thumbnail = encode(thumbnail.get(), png);
    out.version = util::sha256Hex(out.image).substr(0, 20);
    return out;
}

} // namespace lotok::services::stock
