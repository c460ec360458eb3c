"""Pipeline stages: one module a stage, each registering `Document -> Document`."""
