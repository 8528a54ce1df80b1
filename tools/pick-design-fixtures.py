#!/usr/bin/env python3
"""Copies the committed part of the design corpus from a generated one: every born-digital PDF of the develop
part, one clean scan of each develop design and two develop flatbed scans of several cards (fixtures/designs/pages),
with their truth (fixtures/designs/expected.jsonl).

    python3 tools/pick-design-fixtures.py GENERATED_DIR fixtures/designs
"""
import json
import os
import shutil
import sys

SCANS = {"develop-classic-safety_production_license-clean.png", "develop-grid-enterprise_qualification-clean.png",
         "develop-above-construction_permit-clean.png", "develop-flatbed-2-4.jpg", "develop-flatbed-5-2-back.jpg"}

source, target = sys.argv[1], sys.argv[2]
os.makedirs(os.path.join(target, "pages"), exist_ok=True)
kept = []
for line in open(os.path.join(source, "expected.jsonl"), encoding="utf-8"):
    truth = json.loads(line)
    name = truth["source"]
    if truth["part"] == "develop" and (truth["condition"] == "digital" or name in SCANS):
        shutil.copy(os.path.join(source, "pages", name), os.path.join(target, "pages", name))
        kept.append(line)
with open(os.path.join(target, "expected.jsonl"), "w", encoding="utf-8") as f:
    f.writelines(kept)
print("%d pages in %s" % (len(kept), target))
