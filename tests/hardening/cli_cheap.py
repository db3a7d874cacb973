"""The ``advocate`` command with cheap Argon2id parameters, for tests that run it as a process.

Commands that create a vault or change a passphrase calibrate Argon2id for real (256 MiB, about a
second per derivation); tests run the real command line with the cheap test parameters instead.
Nothing else is changed.
"""

from __future__ import annotations

import sys

import advocate.vault.vault as vault_module
from advocate.cli.main import main
from advocate.vault import KdfParams

KdfParams.calibrate = classmethod(lambda cls, *a, **k: cls.cheap())  # type: ignore[method-assign,assignment]
vault_module.MEMORY_KIB_CREATE_MIN = 0  # type: ignore[misc]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
