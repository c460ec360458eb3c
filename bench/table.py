"""The Markdown table every bench script prints (metric | value)."""

from __future__ import annotations


def print_table(rows: list[tuple[str, str]]) -> None:
    print("| metric | value |\n| --- | --- |")
    for metric, value in rows:
        print(f"| {metric} | {value} |")
