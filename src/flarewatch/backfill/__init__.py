"""Backfills on Dask: `flarewatch backfill` (partitions, workers, Parquet, loading)."""
