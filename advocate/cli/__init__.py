"""The ``advocate`` command line (thin: it calls the core services)."""
