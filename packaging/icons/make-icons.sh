#!/usr/bin/env bash
# Regenerates the committed raster icons from resources/icons/lotok.svg:
#   resources/icons/hicolor/<N>x<N>/lotok.png (Linux), packaging/windows/lotok.ico,
#   packaging/macos/lotok.icns.
# Needs Qt 6 (Gui, Svg) development files and python3. Run it after changing the SVG.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
svg=$here/../../resources/icons/lotok.svg
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck disable=SC2046
g++ -std=c++17 -fPIC -o "$work/render-svg" "$here/render-svg.cpp" \
    $(pkg-config --cflags --libs Qt6Gui Qt6Svg)
for size in 16 24 32 48 64 128 256 512 1024; do
    QT_QPA_PLATFORM=offscreen "$work/render-svg" "$svg" "$size" "$work/$size.png"
done
for size in 16 32 48 64 128 256; do
    mkdir -p "$here/../../resources/icons/hicolor/${size}x${size}"
    cp "$work/$size.png" "$here/../../resources/icons/hicolor/${size}x${size}/lotok.png"
done

python3 - "$work" "$here/../windows/lotok.ico" "$here/../macos/lotok.icns" <<'PY'
import struct, sys
work, ico_path, icns_path = sys.argv[1:4]
png = lambda n: open(f"{work}/{n}.png", "rb").read()

# ICO with PNG-compressed entries (Windows Vista and later).
sizes = [16, 24, 32, 48, 64, 128, 256]
header = struct.pack("<HHH", 0, 1, len(sizes))
offset = 6 + 16 * len(sizes)
entries, blobs = b"", b""
for n in sizes:
    data = png(n)
    dim = 0 if n >= 256 else n
    entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset + len(blobs))
    blobs += data
open(ico_path, "wb").write(header + entries + blobs)

# ICNS with PNG entries (macOS 10.7 and later).
types = [(b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
         (b"ic09", 512), (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256),
         (b"ic14", 512)]
body = b"".join(t + struct.pack(">I", 8 + len(png(n))) + png(n) for t, n in types)
open(icns_path, "wb").write(b"icns" + struct.pack(">I", 8 + len(body)) + body)
PY
echo "icons written"
