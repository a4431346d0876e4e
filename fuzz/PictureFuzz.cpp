// Stock's picture checks (issue 15): PictureCodec::probe, which reads a stranger's image
// header to refuse decompression bombs before decoding, and PictureCodec::process, which
// decodes (libgd), scales and re-encodes an upload. The input is one uploaded file, declared
// as the type its header claims (so mutations reach the decoders) and then as another one.
// Checked: probe never reads past the bytes (ASan) and agrees with process; the only
// exception is ApiError, 415 for a non-image or a lying type, 400 naming `picture`
// otherwise; a header over the limits is refused before decoding; what is accepted is a JPEG
// or PNG of the stored size, whose own header says what it is, with a thumbnail that fits
// and a 20-hex-digit version.
#include "FuzzSupport.h"
#include "PictureCodec.h"
#include "http/ApiError.h"
#include "http/HttpMessage.h"
#include "lotok/Limits.h"

#include <string>

namespace {

using lotok::services::stock::ImageType;
using lotok::services::stock::PictureCodec;

void checkStored(const std::string& bytes, const std::string& contentType, int side) {
    const auto header = PictureCodec::probe(bytes);
    FUZZ_CHECK(header.has_value());
    FUZZ_CHECK(contentType == (header->type == ImageType::Png ? "image/png" : "image/jpeg"));
    FUZZ_CHECK(header->type != ImageType::Webp);
    FUZZ_CHECK(header->width >= 1 && header->width <= side);
    FUZZ_CHECK(header->height >= 1 && header->height <= side);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto bytes = lotok::fuzz::bytesOf(data, size);
    const auto header = PictureCodec::probe(bytes);
    const std::string declared =
        header ? std::string(lotok::services::stock::mediaTypeOf(header->type)) : "image/png";
    try {
        const auto picture = PictureCodec::process(bytes, declared);
        FUZZ_CHECK(header.has_value());
        FUZZ_CHECK(header->width <= lotok::limits::kPictureMaxSide &&
                   header->height <= lotok::limits::kPictureMaxSide &&
                   header->width * header->height <= lotok::limits::kPictureMaxPixels);
        checkStored(picture.image, picture.contentType, lotok::limits::kPictureStoredSide);
        checkStored(picture.thumbnail, picture.contentType, lotok::limits::kThumbnailSide);
        const auto stored = PictureCodec::probe(picture.image);
        FUZZ_CHECK(stored->width == picture.width && stored->height == picture.height);
        FUZZ_CHECK(picture.version.size() == 20);
        FUZZ_CHECK(picture.version.find_first_not_of("0123456789abcdef") == std::string::npos);
    } catch (const lotok::http::ApiError& error) {
        const auto response = error.toResponse();
        FUZZ_CHECK(response.status == 400 || response.status == 415);
        if (!header) {
            FUZZ_CHECK(bytes.empty() ? response.status == 400 : response.status == 415);
        } else {
            FUZZ_CHECK(response.status == 400);
            FUZZ_CHECK(response.json()["error"]["field"] == "picture");
        }
    }
    // Declared as another type than the bytes are: refused as such, whatever else is wrong.
    if (header && !bytes.empty()) {
        const std::string other = header->type == ImageType::Jpeg ? "image/png" : "image/jpeg";
        try {
            PictureCodec::process(bytes, other);
            FUZZ_CHECK(false);
        } catch (const lotok::http::ApiError& error) {
            FUZZ_CHECK(error.toResponse().status == 415);
        }
    }
    return 0;
}
