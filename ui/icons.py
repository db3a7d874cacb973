"""The app's icon: :func:`app_icon` for windows, and the generator of its files.

resources/icons/advocate.svg is the one source. ``python -m ui.icons`` (``make icons``) renders it
with Qt's SVG renderer into the PNG sizes (Linux, and the window icon at run time), a Windows
``.ico`` and a macOS ``.icns``; all are committed, so neither a build nor the app needs the SVG
renderer (the bundle leaves QtSvg out).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtGui import QIcon

from advocate.resources import resource_path

#: The PNG sizes rendered (the freedesktop hicolor sizes, and what .ico/.icns want).
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
_ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# macOS icon types holding PNG data, by pixel size
_ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def icons_dir() -> Path:
    """resources/icons, wherever Advocate runs from."""
    return resource_path("icons")


def png_path(size: int) -> Path:
    """The committed PNG of one size."""
    return icons_dir() / f"advocate-{size}.png"


def app_icon() -> QIcon:
    """The app's icon at every size it was rendered in (empty if the files are missing)."""
    icon = QIcon()
    for size in SIZES:
        path = png_path(size)
        if path.is_file():
            icon.addFile(str(path))
    return icon


def render_icon_files(folder: Path | None = None) -> list[Path]:
    """Render the SVG into PNGs of every size, an .ico and an .icns; returns the files written."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    folder = folder or icons_dir()
    renderer = QSvgRenderer(str(folder / "advocate.svg"))
    if not renderer.isValid():
        raise ValueError(f"{folder / 'advocate.svg'} is not a valid SVG")
    pngs: dict[int, bytes] = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stub wants bytes; Qt takes str
        pngs[size] = bytes(data.data())
    written = []
    for size, png in pngs.items():
        path = folder / f"advocate-{size}.png"
        path.write_bytes(png)
        written.append(path)
    for name, content in (("advocate.ico", ico_bytes({s: pngs[s] for s in _ICO_SIZES})),
                          ("advocate.icns", icns_bytes({s: pngs[s] for s in _ICNS_TYPES}))):
        (folder / name).write_bytes(content)
        written.append(folder / name)
    return written


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG images (Windows Vista and later read PNG entries)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    entries, images = b"", b""
    offset = len(header) + 16 * len(pngs)
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding PNG images."""
    body = b"".join(_ICNS_TYPES[size] + struct.pack(">I", 8 + len(png)) + png
                    for size, png in sorted(pngs.items()))
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


if __name__ == "__main__":
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication(sys.argv[:1])
    for written_path in render_icon_files():
        print(written_path)
