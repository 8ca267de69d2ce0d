#!/usr/bin/env python3
"""Builds `data/place_names.txt.gz`, the place-name gazetteer feature of the NER tagger.

Source: the gazetteer that `dateline_geo` ships (`crates/dateline_geo/data/gazetteer.tsv.gz`,
GeoNames data, CC BY 4.0: "Contains data from GeoNames.org, CC BY 4.0"), read only.
Keeps the names and ASCII names of countries, admin1 areas, capitals and places of
MIN_POP+ people, and the alternate names of countries, admin1 areas and places of
ALT_POP+ people. One name a line, sorted, unique; deterministic (gzip mtime 0).

    python3 crates/dateline_nlp/scripts/build_place_names.py \
        crates/dateline_geo/data/gazetteer.tsv.gz crates/dateline_nlp/data/place_names.txt.gz
"""

import gzip
import sys

MIN_POP = 15000
ALT_POP = 200000
ALWAYS = {"PCLI", "ADM1", "PPLC"}


def main(src, out):
    names = set()
    with gzip.open(src, "rt", encoding="utf-8") as f:
        for line in f:
            cells = line.rstrip("\n").split("\t")
            name, ascii_name, alternates, code = cells[1], cells[2], cells[3], cells[6]
            pop = int(cells[10] or 0)
            if code in ALWAYS or pop >= MIN_POP:
                names.update(n for n in (name, ascii_name) if n)
            if code in ALWAYS or pop >= ALT_POP:
                names.update(a for a in alternates.split(",") if a)
    data = "".join(n + "\n" for n in sorted(names)).encode("utf-8")
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
