"""Shared logic of the event stages: lexicons, trigger detection, arguments, numbers."""
