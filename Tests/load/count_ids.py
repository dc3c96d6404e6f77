#!/usr/bin/env python3
"""Reads signal ids on standard input, one per line, and prints how many of them are stored,
asking PostgreSQL through the given psql command line (which must print bare values)."""
import argparse
import subprocess
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--psql", required=True)
args = parser.parse_args()
ids = [int(line) for line in sys.stdin if line.strip()]
if not ids:
    print(0)
    sys.exit(0)
found = 0
for start in range(0, len(ids), 500):
    chunk = ",".join(str(i) for i in ids[start:start + 500])
    out = subprocess.run(f"{args.psql} -c 'SELECT COUNT(*) FROM signals WHERE id IN ({chunk})'", shell=True,
                         check=True, capture_output=True, text=True).stdout
    found += int(out.strip())
print(found)
