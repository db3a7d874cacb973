"""The vault: an encrypted folder holding one SQLCipher database, its key slots and its lock.

See DESIGN.md section 3 and docs/vault-format.md. Typical use::

    vault, recovery_key = Vault.create(path, passphrase, with_recovery_key=True)
    with Vault.open(path, passphrase) as vault:
        apply_migrations(vault, MIGRATIONS)
        with vault.transaction() as connection:
            connection.execute(...)
"""

from advocate.vault.atomic import atomic_write_bytes
from advocate.vault.header import FORMAT_VERSION, KeySlot, VaultHeader, read_header
from advocate.vault.kdf import KdfParams
from advocate.vault.migrations import Migration, apply_migrations
from advocate.vault.vault import Vault

__all__ = [
    "FORMAT_VERSION",
    "KdfParams",
    "KeySlot",
    "Migration",
    "Vault",
    "VaultHeader",
    "apply_migrations",
    "atomic_write_bytes",
    "read_header",
]
