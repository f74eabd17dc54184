#!/usr/bin/env bash
# Development-time tool: renders natsws.svg into the committed PNG sizes and packs them into
# the Windows .ico and macOS .icns containers. The build never runs this (it needs librsvg2-bin,
# which end users should not need); rerun it and commit the outputs after editing the SVG.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v rsvg-convert >/dev/null || { echo "render-icons: needs rsvg-convert (apt-get install librsvg2-bin)" >&2; exit 1; }

sizes=(16 22 24 32 48 64 128 256 512)
for size in "${sizes[@]}"; do
  rsvg-convert --width "$size" --height "$size" "$here/natsws.svg" --output "$here/icons/natsws-$size.png"
done
# The .icns wants a 1024 px (512@2x) entry too; it is not installed anywhere else, so not kept.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
rsvg-convert --width 1024 --height 1024 "$here/natsws.svg" --output "$scratch/natsws-1024.png"

python3 - "$here" "$scratch" <<'PY'
import pathlib, struct, sys
here, scratch = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
def png(size):
    path = scratch / f"natsws-{size}.png" if size == 1024 else here / "icons" / f"natsws-{size}.png"
    return path.read_bytes()

# ICO with PNG-compressed entries (Windows Vista and later); width/height byte 0 means 256.
ico_sizes = [16, 24, 32, 48, 64, 128, 256]
images = [png(s) for s in ico_sizes]
offset = 6 + 16 * len(images)
header = struct.pack("<HHH", 0, 1, len(images))
entries = b""
for size, data in zip(ico_sizes, images):
    entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset)
    offset += len(data)
(here / "natsws.ico").write_bytes(header + entries + b"".join(images))

# ICNS with PNG entries: each OSType names a pixel size (the @2x ones share a pixel size).
icns_types = [("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256),
              ("ic09", 512), ("ic10", 1024), ("ic11", 32), ("ic12", 64), ("ic13", 256), ("ic14", 512)]
body = b"".join(t.encode() + struct.pack(">I", 8 + len(png(s))) + png(s) for t, s in icns_types)
(here / "natsws.icns").write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)
PY
echo "render-icons: wrote ${#sizes[@]} PNGs, natsws.ico and natsws.icns"
