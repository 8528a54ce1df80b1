#!/usr/bin/env python3
"""Writes pipelines/confusable-characters.yaml: the Han characters the recogniser was seen to put in place of
others (or to insert) in free-text key fields, measured on a calibration set certarchive has ingested.

    python3 tools/measure-confusions.py EXPECTED.jsonl ARCHIVE.sqlite OUTPUT.yaml

EXPECTED.jsonl is the calibration set's truth (fixtures/degrade.py with a seed other than the benchmark's), and
ARCHIVE.sqlite the archive `certarchive ingest` made of it. Every reading kept on a field (its value and the
readings that disagreed) is aligned with the truth; each Han character read where the truth has another, or
where it has none, is counted. `make confusions` does all of it. Developers only; the output is committed.
"""
import collections
import difflib
import json
import os
import sqlite3
import sys

FIELDS = ["holder", "company"]


def is_han(ch):
    return "\u4e00" <= ch <= "\u9fff"


def confusions(truth, read):
    """(read character, true character or '' for an insertion) pairs."""
    pairs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, truth, read, autojunk=False).get_opcodes():
        if op == "replace" and i2 - i1 == j2 - j1:
            pairs += [(r, t) for t, r in zip(truth[i1:i2], read[j1:j2]) if is_han(r) and is_han(t)]
        elif op == "insert":
            pairs += [(r, "") for r in read[j1:j2] if is_han(r)]
    return pairs


def main(expected_path, archive_path, output):
    truth = {}
    for line in open(expected_path, encoding="utf-8"):
        t = json.loads(line)
        truth[os.path.basename(t["source"])] = t["fields"]
    seen = collections.defaultdict(collections.Counter)
    readings = 0
    db = sqlite3.connect(archive_path)
    for source, details in db.execute("SELECT source, field_details FROM items"):
        fields = truth.get(os.path.basename(source), {})
        for name, field in json.loads(details).items():
            if name not in FIELDS or name not in fields:
                continue
            for value in {field["value"], *field.get("readings", [])}:
                if sum(map(is_han, value)) * 2 < len(value):
                    continue  # read as Latin letters: the shape rules catch those
                readings += 1
                for read, true in confusions(fields[name], value):
                    seen[read][true] += 1
    with open(output, "w", encoding="utf-8") as f:
        f.write("# Han characters tesseract's chi_sim model (Debian's, the fast one) was seen to read in place of others\n"
                "# in holder and company names, or to insert (''), with how often: measured by\n"
                "# tools/measure-confusions.py over %d readings of a calibration set (fixtures/degrade.py, seed 7:\n"
                "# other certificates than the benchmark's). Regenerate with `make confusions`.\n"
                "# A holder or company name holding one goes to review as <field>.confusable_character: these\n"
                "# misreadings come alike at every scale, so readings that agree cannot catch them.\n" % readings)
        f.write("# A name another engine (PP-OCR) read alike is not suspected: it knows these characters.\n")
        f.write("recogniser: tesseract\n")
        f.write("fields: [%s]\n" % ", ".join(FIELDS))
        f.write("characters:\n")
        for read in sorted(seen, key=lambda r: (-sum(seen[r].values()), r)):
            alternatives = ", ".join("'%s': %d" % (t, n) for t, n in seen[read].most_common())
            f.write("  %s: {%s}\n" % (read, alternatives))
    print("%d characters from %d readings written to %s" % (len(seen), readings, output))


if __name__ == "__main__":
    main(*sys.argv[1:4])
