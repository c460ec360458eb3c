"""Scoring against gold sets (shared eval/SCORING.md)."""
