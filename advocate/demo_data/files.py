"""Tiny evidence files for the demo, built in memory: PNG "screenshots", text transcripts, PDFs.

The demo's JSON describes each file (``{"png": {...}}``, ``{"text": "..."}`` or
``{"pdf": [lines]}``); :func:`evidence_bytes` turns the description into the bytes of a small but
valid file, the same bytes every time, so the demo's evidence hashes are stable.
"""

from __future__ import annotations

import struct
import zlib
from typing import Any

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def evidence_bytes(spec: dict[str, Any]) -> bytes:
    """The bytes of the file a demo evidence description asks for."""
    if "png" in spec:
        png = spec["png"]
        return png_image(int(png["width"]), int(png["height"]), str(png["background"]),
                         [tuple(r) for r in png.get("rects", [])])
    if "text" in spec:
        return str(spec["text"]).encode("utf-8")
    if "pdf" in spec:
        return pdf_document([str(line) for line in spec["pdf"]])
    raise ValueError(f"unknown demo file description: {sorted(spec)}")


def _rgb(hex_colour: str) -> bytes:
    """'ece5dd' → the three bytes of the colour."""
    return bytes.fromhex(hex_colour)


def png_image(width: int, height: int, background: str,
              rects: list[tuple[Any, ...]]) -> bytes:
    """An RGB PNG of a background colour with filled rectangles (x, y, w, h, 'rrggbb') on it."""
    pixels = [bytearray(_rgb(background) * width) for _ in range(height)]
    for x, y, w, h, colour in rects:
        fill = _rgb(str(colour))
        for row in pixels[max(0, y):min(height, y + h)]:
            left, right = max(0, x), min(width, x + w)
            row[left * 3:right * 3] = fill * (right - left)
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)  # filter type 0 on every row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (_PNG_SIGNATURE + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(raw, 9)) + _png_chunk(b"IEND", b""))


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + tag + data
            + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))


def pdf_document(lines: list[str]) -> bytes:
    """A one-page A4 PDF with lines of ASCII text in Helvetica, with a correct xref table."""
    text_ops = ["BT", "/F1 11 Tf", "14 TL", "56 780 Td"]
    for line in lines:
        if not line.isascii():
            raise ValueError("demo PDFs hold ASCII text only (the standard fonts have no Cyrillic)")
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        text_ops.append(f"({escaped}) Tj T*")
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
            f"startxref\n{xref_at}\n%%EOF\n").encode()
    return bytes(out)
