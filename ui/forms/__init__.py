"""Forms: one editor per record kind (specs), the case dialog, the pickers they use."""
