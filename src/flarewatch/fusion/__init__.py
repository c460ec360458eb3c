"""Fusion: which event mentions of different reports tell the same real-world event.

At ingest (the product path), `layer.fuse_documents` joins a stored document's events to
the fused records of the same incidents: `blocking` (candidates), `score` (pairs), `layer`
(components, clusters, ids), `reconcile` (one record from its sources), `corrections`
(analysts' split and merge). For evaluation with given mentions, `cluster_reports(reports)`
clusters the mentions of each topic (cross-document event coreference, as ECB+ is scored;
`incidents` for conflict incidents); `Report` is what it reads of a report.
"""

from flarewatch.fusion.mentions import Report, cluster_reports

__all__ = ["Report", "cluster_reports"]
