"""Draws nuget/icon.png (128x128): a sine wave over a round dark-blue badge. Standard library only."""
import math
import struct
import zlib
from pathlib import Path

SIZE = 128


def pixel(x, y):
    cx = cy = (SIZE - 1) / 2
    distance = math.hypot(x - cx, y - cy)
    if distance > 62:
        return (0, 0, 0, 0)
    edge = max(0.0, min(1.0, 62 - distance))
    wave_y = cy - 26 * math.sin((x - 14) / (SIZE - 28) * 2 * math.pi) * math.exp(-((x - cx) / 70) ** 2)
    near_wave = abs(y - wave_y)
    if 14 <= x <= SIZE - 14 and near_wave < 5:
        strength = max(0.0, min(1.0, 5 - near_wave))
        base = (24, 40, 72)
        wave = (255, 183, 77)
        color = tuple(round(b + (w - b) * strength) for b, w in zip(base, wave))
    else:
        shade = 1 - distance / 180
        color = (round(24 * shade + 10), round(40 * shade + 16), round(72 * shade + 30))
    return (*color, round(255 * edge))


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


rows = b"".join(b"\x00" + bytes(c for x in range(SIZE) for c in pixel(x, y)) for y in range(SIZE))
png = (b"\x89PNG\r\n\x1a\n"
       + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(rows, 9))
       + chunk(b"IEND", b""))
Path(__file__).with_name("icon.png").write_bytes(png)
