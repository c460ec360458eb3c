"""Tolls as 64-bit integers on PostgreSQL too.

`events.dead`, `injured` and `arrested` were `INTEGER`: 64-bit in SQLite but 32-bit in
PostgreSQL, so a toll of 3,000,000,000 was stored by one store and refused by the other
(issue 12: the same inputs on both stores). PostgreSQL's columns become `BIGINT`; SQLite's
already hold 64 bits, so nothing is rewritten there.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TOLLS = ("dead", "injured", "arrested")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for column in TOLLS:
            op.alter_column("events", column, type_=sa.BigInteger, existing_type=sa.Integer)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for column in TOLLS:
            op.alter_column("events", column, type_=sa.Integer, existing_type=sa.BigInteger)
