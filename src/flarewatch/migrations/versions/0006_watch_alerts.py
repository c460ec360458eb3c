"""The watch's alerts: `alerts` (one row per onset on a series), `alert_events` (the
fused records that drove each) and `alert_deliveries` (what each sink was sent, and
whether it failed). New tables only; nothing existing is changed.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

from flarewatch.storage.schema import alert_deliveries, alert_events, alerts

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    alerts.create(bind)
    alert_events.create(bind)
    alert_deliveries.create(bind)


def downgrade() -> None:
    bind = op.get_bind()
    alert_deliveries.drop(bind)
    alert_events.drop(bind)
    alerts.drop(bind)
