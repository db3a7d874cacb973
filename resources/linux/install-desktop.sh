#!/bin/sh
# Adds Advocate to the desktop's menu for the current user (Linux, freedesktop menus): the icon in
# every size and a .desktop entry that starts the bundle's executable. Nothing outside
# ~/.local/share is touched; remove those two kinds of file to undo it.
#
#   sh install-desktop.sh [FOLDER]   FOLDER: the bundle's folder (the one holding `advocate`);
#                                    by default the bundle this script came in.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -ge 1 ]; then
  bundle=$(cd "$1" && pwd)
else
  bundle=$(cd "$here/../../.." && pwd)   # <bundle>/_internal/resources/linux
fi
if [ ! -x "$bundle/advocate" ]; then
  echo "install-desktop: no executable 'advocate' in $bundle" >&2
  exit 1
fi
icons="$here/../icons"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  cp "$icons/advocate-$size.png" "$data/icons/hicolor/${size}x${size}/apps/advocate.png"
done
mkdir -p "$data/applications"
# the executable's full path, quoted for the Exec key (spaces in a folder name are allowed)
sed "s|^Exec=.*|Exec=\"$bundle/advocate\"|" "$here/advocate.desktop" \
  > "$data/applications/advocate.desktop"
command -v update-desktop-database >/dev/null 2>&1 \
  && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 \
  && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "Advocate is in the menu (Office). Entry: $data/applications/advocate.desktop"
