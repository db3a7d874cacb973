"""PLACEHOLDER (shell branch): the workspace helper's forms replace this package."""
