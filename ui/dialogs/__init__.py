"""Dialogs of the app (reports, backups, import and export, vault care...)."""
