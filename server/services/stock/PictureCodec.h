#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lotok::services::stock {

enum class ImageType { Jpeg, Png, Webp };

std::string_view mediaTypeOf(ImageType type);

// What an image's first bytes say: its format and canvas size, read without decoding.
struct ImageHeader {
    ImageType type;
    std::int64_t width = 0;
    std::int64_t height = 0;
};

// A picture as Stock stores and serves it.
struct EncodedPicture {
    std::string contentType; // image/jpeg, or image/png when it has transparency
    int width = 0;
    int height = 0;
    std::string image;
    std::string thumbnail;
    std::string version; // from the image's bytes: the ETag and the URL's ?v=
};

// Checks and re-encodes uploaded pictures (libgd). An upload is never stored as sent: it is
// decoded and encoded again, which drops whatever else the file carried (EXIF with a
// camera's GPS position, ICC profiles, comments, trailing bytes) and caps its dimensions.
class PictureCodec {
public:
    // The format and size an image's header claims; nullopt when the bytes are not the start
    // of a JPEG, PNG or WebP file. Never reads past `bytes`.
    static std::optional<ImageHeader> probe(std::string_view bytes);

    // The picture to store, from an upload declared as `mediaType` (lower case, without
    // parameters). Throws ApiError: 415 unsupported_media_type when the bytes are not an
    // image of that type; 400 invalid_request (field "picture") when it is empty, damaged or
    // truncated, or its canvas is over the limits (checked before it is decoded, so a small
    // file claiming a huge canvas costs nothing). Output: scaled to fit
    // limits::kPictureStoredSide, thumbnail to fit limits::kThumbnailSide; JPEG, or PNG
    // when some pixel is not opaque (every client reads both; not every one reads WebP).
    static EncodedPicture process(std::string_view bytes, std::string_view mediaType);
};

} // namespace lotok::services::stock
