"""Fusion: which event mentions of different reports tell the same real-world event.

`cluster_reports(reports)` clusters the given mentions of each topic (cross-document event
coreference with given mentions, as ECB+ is scored); `Report` is what it reads of a report.
"""

from flarewatch.fusion.mentions import Report, cluster_reports

__all__ = ["Report", "cluster_reports"]
