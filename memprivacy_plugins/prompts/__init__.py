"""Prompt files shipped with memprivacy-plugins (package data, read with importlib.resources)."""
