"""Convert PLOVER's CAMEO2PLOVER table into the project's CAMEO data files.

Reads `shared/data/plover/CAMEO2PLOVER-2021.txt` and the quad-category table of
`PLOVER_MANUAL.tex`; writes `src/flarewatch/data/cameo/cameo2plover.tsv` and the inverse
`plover2cameo.tsv` (PLOVER type + mode -> CAMEO root code + QuadClass). CC BY-SA 4.0.

    .venv/bin/python scripts/convert_cameo.py [--shared PATH]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from tsv_output import write_tsv

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "src" / "flarewatch" / "data" / "cameo"

ROW = re.compile(r"^(\d{3,4}):\s*([A-Z]+)\s*,([^,#]*),?([^#]*)#?\s*(.*)$")
QUAD_ROW = re.compile(r"^(Verbal|Material) (cooperation|conflict)\s*&\s*([A-Z, ]+)&\s*(\d)")

# Where a type spans several CAMEO roots, the root a reader expects for the bare type:
# conventional force for ASSAULT, investigation-free criticism for ACCUSE.
BARE_TYPE_ROOT = {"ASSAULT": "19", "ACCUSE": "11", "COERCE": "17", "SANCTION": "16"}


def read_cameo_rows(path: Path) -> list[dict[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line.strip())
        if match:
            code, plover, mode, context, label = (part.strip() for part in match.groups())
            context = ";".join(part.strip() for part in context.split(";") if part.strip())
            rows.append({"cameo": code, "plover": plover, "mode": mode,
                         "context": context, "label": label})
    return rows


def read_quad_classes(manual: Path) -> dict[str, int]:
    quads = {}
    for line in manual.read_text(encoding="utf-8").splitlines():
        match = QUAD_ROW.match(line.strip())
        if match:
            for plover in match.group(3).split(","):
                quads[plover.strip()] = int(match.group(4))
    return quads


def inverse_rows(rows: list[dict[str, str]], quads: dict[str, int]) -> list[dict[str, str]]:
    """One row per (type, mode) and per bare type: the most frequent CAMEO root."""
    roots: dict[tuple[str, str], Counter[str]] = {}
    for row in rows:
        for mode in {row["mode"], ""}:
            roots.setdefault((row["plover"], mode), Counter())[row["cameo"][:2]] += 1
    inverse = []
    for (plover, mode), counts in sorted(roots.items()):
        root = BARE_TYPE_ROOT.get(plover) if not mode else None
        root = root or min(counts, key=lambda code: (-counts[code], code))
        inverse.append({"plover": plover, "mode": mode, "cameo_root": root,
                        "quad_class": str(quads.get(plover, ""))})
    return inverse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="where to write the TSVs")
    args = parser.parse_args()
    plover_dir = args.shared / "data" / "plover"
    rows = read_cameo_rows(plover_dir / "CAMEO2PLOVER-2021.txt")
    quads = read_quad_classes(plover_dir / "PLOVER_MANUAL.tex")
    args.out.mkdir(parents=True, exist_ok=True)
    write_tsv(args.out / "cameo2plover.tsv", rows)
    write_tsv(args.out / "plover2cameo.tsv", inverse_rows(rows, quads))
    print(f"{len(rows)} CAMEO codes, {len(quads)} quad classes -> {args.out}")


if __name__ == "__main__":
    main()
