#!/usr/bin/env python3
"""Writes swedish-stems.txt: every Swedish word from two Debian word lists with
its stem from the reference Snowball implementation on PyPI.

Rerun (Debian, from this folder):
    apt-get install -y wswedish aspell-sv
    python3 -m venv /tmp/stem-venv && /tmp/stem-venv/bin/pip install snowballstemmer==3.1.1
    /tmp/stem-venv/bin/python make-stem-fixture.py > swedish-stems.txt

Words are lower-cased; words with anything but letters (hyphens, apostrophes,
digits) are skipped, since the analyser splits those before stemming. If the
combined list ever grows past about 3 MB, sample it (every n-th word) instead
of writing it whole.
"""
import subprocess
import sys
from importlib.metadata import version

import snowballstemmer

VERSION = "3.1.1"
if version("snowballstemmer") != VERSION:
    sys.exit(f"need snowballstemmer {VERSION}, found {version('snowballstemmer')}")

words = set()

# wswedish: /usr/share/dict/swedish is ISO-8859-1, one word per line.
with open("/usr/share/dict/swedish", encoding="iso-8859-1") as f:
    for line in f:
        words.add(line.strip())

# aspell-sv: expand the master dictionary's affixes to full word forms.
dump = subprocess.run(["aspell", "-d", "sv", "dump", "master"], capture_output=True, check=True).stdout
expanded = subprocess.run(["aspell", "-l", "sv", "expand"], input=dump, capture_output=True, check=True).stdout
for line in expanded.decode("utf-8").splitlines():
    words.update(line.split())

words = sorted({w.lower() for w in words if w.isalpha()})
stemmer = snowballstemmer.stemmer("swedish")

out = sys.stdout
out.write(f"# Debian wswedish (/usr/share/dict/swedish) + aspell-sv (expanded), "
          f"{len(words)} lower-case words; stems from PyPI snowballstemmer {VERSION} "
          f"(snowballstemmer.stemmer('swedish')). Format: word<TAB>stem\n")
for w in words:
    out.write(f"{w}\t{stemmer.stemWord(w)}\n")
