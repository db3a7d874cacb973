"""Run-time hook for PySide6 in Advocate's bundle (build.spec), in place of PyInstaller's.

PyInstaller's own hook imports PySide6.QtCore at every start, to write an embedded qt.conf;
that loads Qt and its 30 MB ICU data even for ``--version`` or a command of the CLI (0.3 s of a
0.4 s start here). PySide6's wheels make their Qt relocatable themselves when PySide6 is first
imported, so this hook only points Qt at the bundle's plugins (and, on Windows and macOS, the
libraries beside them), as PyInstaller's does, and imports nothing of Qt. The bundle's
--self-test checks that Qt then finds its plugins and translations.
"""


def _pyi_rthook():
    import os
    import sys

    from _pyi_rth_utils import is_macos_app_bundle, prepend_path_to_environment_variable

    if sys.platform.startswith("win"):
        qt_path = os.path.join(sys._MEIPASS, "PySide6")
    else:
        qt_path = os.path.join(sys._MEIPASS, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt_path, "plugins")
    if sys.platform.startswith("win"):
        prepend_path_to_environment_variable(sys._MEIPASS, "PATH")
    if sys.platform == "darwin" and not is_macos_app_bundle:
        prepend_path_to_environment_variable(sys._MEIPASS, "DYLD_LIBRARY_PATH")


_pyi_rthook()
del _pyi_rthook
