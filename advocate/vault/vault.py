"""The ``Vault``: creating, opening and closing a vault folder, its key slots and its connection.

A vault is a folder holding ``vault.json`` (the header: key slots, no secret in the clear),
``vault.db`` (SQLCipher 4 under a random 256-bit master key) and ``vault.lock``. Opening checks, in
this order, and stops at the first failure without changing any file: the header parses
(``NotAVaultError``, ``HeaderDamagedError``, ``VaultTooNewError``); a slot unwraps
(``WrongPassphraseError``; the database is not touched); the header MAC
(``HeaderDamagedError``); the lock (``VaultLockedError``); the header belongs to this database
(``ForeignHeaderError``); the database decrypts (``DatabaseDamagedError``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import NoReturn, Protocol

import sqlcipher3
from sqlcipher3.dbapi2 import Connection

from advocate.errors import (
    DatabaseDamagedError,
    HeaderDamagedError,
    ValidationError,
    VaultClosedError,
    VaultReadOnlyError,
    WrongThreadError,
)
from advocate.i18n import N_
from advocate.vault import database, rotation
from advocate.vault.atomic import fsync_directory
from advocate.vault.folder import check_db_salt as _check_db_salt
from advocate.vault.folder import create_database as _create_database
from advocate.vault.folder import prepare_folder as _prepare_folder
from advocate.vault.folder import remove_partial_vault as _remove_partial_vault
from advocate.vault.folder import remove_stale_header_temps as _remove_stale_header_temps
from advocate.vault.header import (
    DB_FILE,
    FORMAT_VERSION,
    LOCK_FILE,
    KeySlot,
    VaultHeader,
    header_mac,
    mac_matches,
    read_header,
    write_header,
)
from advocate.vault.kdf import MEMORY_KIB_CREATE_MIN, KdfParams, normalize_passphrase
from advocate.vault.lock import VaultLock
from advocate.vault.slots import new_recovery_key, wrap_master_key
from advocate.vault.slots import unlock_master_key as _unlock

MASTER_KEY_BYTES = 32


class TransactionHooks(Protocol):
    """What ``Vault.transaction`` tells its listener (the store's change tracker)."""

    def begin(self) -> None:
        """An outermost transaction began."""

    def mark(self) -> int:
        """A savepoint began; the returned mark is given back to ``rewind``."""

    def rewind(self, mark: int) -> None:
        """The savepoint begun at ``mark`` rolled back."""

    def before_commit(self) -> None:
        """The transaction's work is done; last writes before COMMIT."""

    def committed(self) -> None:
        """COMMIT succeeded."""

    def rolled_back(self) -> None:
        """The transaction was rolled back."""


class Vault:
    """An open vault: its header, its master key (while open), its lock and its connection."""

    path: Path
    read_only: bool
    header: VaultHeader
    #: Opened read-only in the middle of an interrupted key rotation (see ``rotation``): the
    #: pages in vault.db itself are still under the old key until a writable open finishes it.
    interrupted_rotation: bool = False

    def __init__(
        self,
        path: Path,
        header: VaultHeader,
        master_key: bytearray,
        lock: VaultLock,
        db: database.OpenDatabase,
        read_only: bool,
    ) -> None:
        """Wrap parts already checked; use ``Vault.create`` or ``Vault.open``."""
        self.path = path
        self.header = header
        self.read_only = read_only
        # note: a bytearray so close() can overwrite it in place. Best effort: copies made by
        # Python, cryptography and SQLCipher along the way cannot be wiped from here.
        self._master_key = master_key
        self._lock = lock
        self._db: database.OpenDatabase | None = db
        #: The thread that owns the connection, None between ``release_thread`` and
        #: ``bind_to_current_thread``.
        self.owner: int | None = threading.get_ident()
        #: Told of every outermost transaction's steps (the store's change notices).
        self.hooks: TransactionHooks | None = None

    # --- creating and opening -------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        *,
        kdf: KdfParams | None = None,
        with_recovery_key: bool = False,
        _allow_weak_kdf_for_tests: bool = False,
    ) -> tuple[Vault, str | None]:
        """Create a vault in the folder ``path`` (absent, or an empty folder) and open it.

        Returns the open vault and the printable recovery key (None unless asked for). Without
        ``kdf`` the Argon2id parameters are calibrated on this machine. Raises
        ``ValidationError`` (empty passphrase, weak or out-of-bound ``kdf``),
        ``VaultExistsError`` or ``StorageError``; on failure nothing is left behind.
        """
        secret = _new_passphrase_secret(passphrase)
        params = kdf if kdf is not None else KdfParams.calibrate()
        _check_new_kdf(params, allow_weak=_allow_weak_kdf_for_tests)
        created_folder = _prepare_folder(path)
        master_key = bytearray(os.urandom(MASTER_KEY_BYTES))
        lock: VaultLock | None = None
        db: database.OpenDatabase | None = None
        try:
            lock = VaultLock.acquire(path / LOCK_FILE)
            db, db_salt = _create_database(path / DB_FILE, master_key)
            vault_id = str(uuid.uuid4())
            slots = [wrap_master_key(master_key, secret, params, vault_id, "passphrase")]
            recovery_text: str | None = None
            if with_recovery_key:
                recovery_text, raw = new_recovery_key()
                slots.append(wrap_master_key(master_key, raw, params, vault_id, "recovery"))
            unsigned = VaultHeader(
                version=FORMAT_VERSION,
                vault_id=vault_id,
                created=datetime.now(UTC).isoformat(timespec="seconds"),
                db_salt=db_salt,
                slots=tuple(slots),
                mac=b"",
            )
            # The header is written last: a crash before it leaves a folder that is plainly
            # "not a vault" rather than one that looks damaged.
            header = _signed(unsigned, master_key)
            write_header(path, header)
            fsync_directory(path)
        except BaseException:
            if db is not None:
                db.close()
            if lock is not None:
                lock.release()
            _wipe(master_key)
            _remove_partial_vault(path, created_folder)
            raise
        return cls(path, header, master_key, lock, db, read_only=False), recovery_text

    @classmethod
    def open(cls, path: Path, secret: str, *, read_only: bool = False) -> Vault:
        """Open the vault at ``path`` with its passphrase or its recovery key.

        ``read_only`` opens the database with ``mode=ro`` (for a damaged vault): nothing in the
        folder is written, and ``transaction()`` raises ``VaultReadOnlyError``. The errors, each
        leaving every file as it was, are listed in this module's docstring.
        """
        header = read_header(path)
        master_key = _unlock(header, secret, path)
        interrupted = False
        try:
            if not mac_matches(header, master_key):
                raise HeaderDamagedError(path, "its MAC does not match")
            lock = VaultLock.acquire(path / LOCK_FILE)
            try:
                _check_db_salt(path / DB_FILE, header.db_salt)
                try:
                    db = database.open_database(path / DB_FILE, master_key, read_only=read_only)
                except DatabaseDamagedError:
                    # A key rotation cut off between its rekey and its rename? (rotation.py)
                    pending = rotation.pending_rotation(path, secret)
                    if pending is None:
                        raise
                    _wipe(master_key)
                    header, master_key = pending
                    db = database.open_database(path / DB_FILE, master_key, read_only=read_only)
                    interrupted = True
                    if not read_only:
                        rotation.finish_rotation(db.connection, path)
                        interrupted = False
            except BaseException:
                lock.release()
                raise
        except BaseException:
            _wipe(master_key)
            raise
        if not read_only:
            _remove_stale_header_temps(path)
            rotation.remove_stale_next_header(path)
        vault = cls(path, header, master_key, lock, db, read_only)
        vault.interrupted_rotation = interrupted
        return vault

    # --- using ----------------------------------------------------------------------------

    @property
    def vault_id(self) -> str:
        """The vault's UUID (from its header)."""
        return self.header.vault_id

    @property
    def db_path(self) -> Path:
        """The path of ``vault.db``."""
        return self.path / DB_FILE

    @property
    def connection(self) -> Connection:
        """The SQLCipher connection (autocommit: use ``transaction()`` for writes)."""
        return self._require_open().connection

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; ``ROLLBACK`` and re-raise on any exception.

        Raises ``VaultReadOnlyError`` on a read-only vault, ``WrongThreadError`` when called from
        a thread that does not own the vault (it would nest into the owner's transaction),
        ``StorageError`` when the disk refuses the commit (the transaction is then rolled back).
        Inside another transaction of the owner it becomes a savepoint, so work composed of
        several store calls is still all or nothing.
        """
        self._require_writable()
        self.check_thread("transaction")
        connection = self.connection
        if connection.in_transaction:
            yield from self._savepoint(connection)
            return
        hooks = self.hooks
        connection.execute("BEGIN IMMEDIATE")
        if hooks is not None:
            hooks.begin()
        try:
            yield connection
            if hooks is not None:
                hooks.before_commit()
        except sqlcipher3.Error as exc:
            # note: the disk can refuse before COMMIT too: a transaction larger than SQLite's
            # page cache (evidence intake, import) spills pages to the WAL mid-statement. Found
            # by tests/hardening/test_hard_full_disk.py: a full disk then raised a bare
            # OperationalError ("internal error" in the CLI) instead of StorageError.
            self._undo(connection, exc)
        except BaseException:
            self._rollback(connection)
            raise
        try:
            connection.execute("COMMIT")
        except sqlcipher3.Error as exc:
            # e.g. a deferred foreign key (IntegrityError) or a full disk; either way undone.
            self._undo(connection, exc)
        if hooks is not None:
            hooks.committed()

    def open_reader(self) -> database.OpenDatabase:
        """A second connection for reading only (``PRAGMA query_only``), with the same key.

        In WAL mode it sees what was committed when each of its reads began, never the owner's
        open transaction, and neither connection waits for the other. The caller closes it.
        """
        self._require_open()
        db = database.open_database(self.db_path, self._master_key, read_only=self.read_only)
        db.connection.execute("PRAGMA query_only = ON")
        return db

    def check_thread(self, action: str) -> None:
        """Raise ``WrongThreadError`` unless the calling thread owns the vault."""
        if threading.get_ident() != self.owner:
            raise WrongThreadError(action=action)

    def release_thread(self) -> None:
        """Give up ownership (the owner only), so that another thread can bind the vault."""
        self.check_thread("release_thread")
        if self._db is not None and self._db.connection.in_transaction:
            raise WrongThreadError(action="release_thread")
        self.owner = None

    def bind_to_current_thread(self) -> None:
        """Make the calling thread the owner: once the owner released it, or has ended.

        Refused with ``WrongThreadError`` while another live thread owns it, so ownership is
        handed over, never taken.
        """
        me = threading.get_ident()
        if self.owner not in (None, me) and self.owner in {
                t.ident for t in threading.enumerate()}:
            raise WrongThreadError(action="bind_to_current_thread")
        self.owner = me

    def _undo(self, connection: Connection, exc: sqlcipher3.Error) -> NoReturn:
        """Roll back, then raise StorageError when the disk refused, else the SQLite error."""
        self._rollback(connection)
        refused = database.storage_error(exc, self.db_path)
        if refused is None:
            raise exc
        raise refused from exc

    def _savepoint(self, connection: Connection) -> Iterator[Connection]:
        connection.execute("SAVEPOINT nested")
        mark = self.hooks.mark() if self.hooks is not None else 0
        try:
            yield connection
        except BaseException:
            if self.hooks is not None:
                self.hooks.rewind(mark)
            # note: after a full disk or an I/O error SQLite may already have rolled back the
            # whole transaction, savepoint included; "ROLLBACK TO" would then fail and hide the
            # real error from the outer transaction (tests/hardening/test_hard_full_disk.py).
            if connection.in_transaction:
                connection.execute("ROLLBACK TO nested")
                connection.execute("RELEASE nested")
            raise
        connection.execute("RELEASE nested")

    def integrity_check(self, *, structure: bool = True) -> list[str]:
        """Run ``cipher_integrity_check`` and ``integrity_check``; the problems, [] when fine.

        ``structure=False`` skips SQLite's b-tree check and only verifies every page's HMAC.
        """
        return database.integrity_check(self.connection, structure=structure)

    # --- key slots ------------------------------------------------------------------------

    @property
    def has_recovery_key(self) -> bool:
        """Whether the header has a recovery-key slot."""
        return any(slot.kind == "recovery" for slot in self.header.slots)

    def change_passphrase(self, new_passphrase: str, kdf: KdfParams | None = None) -> None:
        """Replace the passphrase slot (new salt, nonce and, if given, KDF parameters).

        Other slots stay byte for byte; the header is rewritten atomically with a new MAC. Without
        ``kdf`` the old slot's parameters are kept.
        """
        self._require_writable()
        secret = _new_passphrase_secret(new_passphrase)
        old = next(slot for slot in self.header.slots if slot.kind == "passphrase")
        params = kdf if kdf is not None else old.kdf
        if kdf is not None:
            _check_new_kdf(kdf, allow_weak=False)
        new = wrap_master_key(
            self._master_key, secret, params, self.vault_id, "passphrase", slot_id=old.slot_id
        )
        slots: list[KeySlot] = []
        for slot in self.header.slots:
            if slot.kind != "passphrase":
                slots.append(slot)
            elif slot is old:
                slots.append(new)  # any further passphrase slot is dropped: one passphrase
        self._rewrite_slots(tuple(slots))

    def rotate_master_key(self, passphrase: str) -> str | None:
        """Re-encrypt everything under a new master key (see ``rotation``); a new recovery key
        is returned when the vault had one."""
        return rotation.rotate_master_key(self, passphrase)

    def replace_key(self, new_key: bytearray, header: VaultHeader) -> None:
        """Adopt a rotated key and its header (``rotation`` only, after the rekey)."""
        self._master_key[:] = new_key
        self.header = header

    def require_writable(self) -> None:
        """Raise VaultReadOnlyError (or VaultError when closed) unless writes are allowed."""
        self._require_writable()

    def add_recovery_key(self) -> str:
        """Add a recovery-key slot (replacing any existing one); return the printable key."""
        self._require_writable()
        params = next(slot.kdf for slot in self.header.slots if slot.kind == "passphrase")
        text, raw = new_recovery_key()
        slot = wrap_master_key(self._master_key, raw, params, self.vault_id, "recovery")
        others = tuple(s for s in self.header.slots if s.kind != "recovery")
        self._rewrite_slots((*others, slot))
        return text

    def remove_recovery_key(self) -> None:
        """Remove the recovery-key slot, if there is one."""
        self._require_writable()
        if self.has_recovery_key:
            self._rewrite_slots(tuple(s for s in self.header.slots if s.kind != "recovery"))

    # --- closing --------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection, wipe the master key, release the lock; safe to call twice."""
        db, self._db = self._db, None
        if db is not None:
            db.close()
        _wipe(self._master_key)
        self._lock.release()

    def __enter__(self) -> Vault:
        """Use the open vault in a ``with`` block; it is closed at the end."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the vault."""
        self.close()

    # --- helpers --------------------------------------------------------------------------

    def _require_writable(self) -> None:
        if self.read_only:
            raise VaultReadOnlyError(self.path)
        self._require_open()

    def _require_open(self) -> database.OpenDatabase:
        if self._db is None:
            raise VaultClosedError(self.path)
        return self._db

    def _rewrite_slots(self, slots: tuple[KeySlot, ...]) -> None:
        unsigned = VaultHeader(
            version=self.header.version,
            vault_id=self.vault_id,
            created=self.header.created,
            db_salt=self.header.db_salt,
            slots=slots,
            mac=b"",
        )
        header = _signed(unsigned, self._master_key)
        write_header(self.path, header)  # StorageError leaves the old header in place
        self.header = header

    def _rollback(self, connection: Connection) -> None:
        # SQLite has already rolled back by itself after some errors (disk full, I/O).
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        if self.hooks is not None:
            self.hooks.rolled_back()


def _new_passphrase_secret(passphrase: str) -> bytes:
    if passphrase == "":
        raise ValidationError(
            "passphrase.empty",
            N_("The passphrase is empty; choose a passphrase of several words."),
            field="passphrase",
        )
    return normalize_passphrase(passphrase)


def _check_new_kdf(params: KdfParams, *, allow_weak: bool) -> None:
    bad = params.out_of_bounds_field()
    if bad is None and params.memory_kib < MEMORY_KIB_CREATE_MIN and not allow_weak:
        bad = "memory_kib"
    if bad is not None:
        raise ValidationError(
            "vault.kdf_out_of_bounds",
            N_("The key-derivation setting {setting} is out of bounds (memory at least {minimum} "
               "KiB); use KdfParams.calibrate()."),
            field=f"kdf.{bad}", setting=bad, minimum=MEMORY_KIB_CREATE_MIN,
        )


def unlock_header(header: VaultHeader, secret: str, path: Path) -> bytearray:
    """The master key a header's slots give for a passphrase or recovery key (or the error)."""
    return _unlock(header, secret, path)


def _signed(header: VaultHeader, master_key: bytearray) -> VaultHeader:
    return dataclasses.replace(header, mac=header_mac(header, master_key))


def _wipe(key: bytearray) -> None:
    key[:] = bytes(len(key))

