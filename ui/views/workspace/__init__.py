"""The parts of the case workspace: table models, the tabs, undo commands."""
