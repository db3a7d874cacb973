"""Small widgets several screens share (passphrase entry, progress with cancel)."""
