"""The same per-subtree figures as Tillit's national-round benchmark, computed by DuckDB in memory.

Reads DIR/responses.csv (unit, q1..q22; empty = skipped or "don't know") and DIR/ancestors.csv
(unit, ancestor, the unit itself included), loads them into an in-memory DuckDB (not timed), then
times the join to the ancestor table with GROUP BY that gives every unit's subtree count and mean of
each statement. Checks every figure against DIR/ours.csv (Tillit's counts and sums) and prints the
ratio against Tillit's time from DIR/ours-time.txt (seconds, measured in the same run).

Usage: python followup-duckdb.py DIR [RUNS]
"""
import sys
import time

import duckdb

folder = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
items = [f"q{i}" for i in range(1, 23)]

con = duckdb.connect()
con.execute("SET threads TO 2")
columns = ", ".join(["unit: 'BIGINT'"] + [f"{item}: 'TINYINT'" for item in items])
con.execute(f"CREATE TABLE responses AS SELECT * FROM read_csv('{folder}/responses.csv', header = true, columns = {{{columns}}})")
con.execute(f"CREATE TABLE ancestors AS SELECT * FROM read_csv('{folder}/ancestors.csv', header = true, columns = {{unit: 'BIGINT', ancestor: 'BIGINT'}})")
respondents = con.execute("SELECT count(*) FROM responses").fetchone()[0]

query = ("SELECT a.ancestor AS unit, count(*) AS respondents, "
         + ", ".join(f"count(r.{item}) AS n_{item}, avg(r.{item}) AS mean_{item}" for item in items)
         + " FROM responses r JOIN ancestors a ON r.unit = a.unit GROUP BY a.ancestor")
times = []
rows = None
for _ in range(runs):
    start = time.perf_counter()
    rows = con.execute(query).fetchall()
    times.append(time.perf_counter() - start)
duck = sorted(times)[len(times) // 2]

# Every figure, against Tillit's.
ours = {}
with open(f"{folder}/ours.csv") as handle:
    next(handle)
    for line in handle:
        unit, item, n, total = line.rstrip("\n").split(",")
        ours[(int(unit), item)] = (int(n), int(total))
checked = 0
mismatches = 0
for row in rows:
    unit = row[0]
    for index, item in enumerate(items):
        n, mean = row[2 + 2 * index], row[3 + 2 * index]
        mine_n, mine_sum = ours.get((unit, item), (None, None))
        checked += 1
        if mine_n != n or (n and abs(mine_sum / mine_n - mean) > 1e-9):
            mismatches += 1
units_ours = len({unit for unit, _ in ours})
if units_ours != len(rows):
    mismatches += abs(units_ours - len(rows))

with open(f"{folder}/ours-time.txt") as handle:
    tillit = float(handle.read().strip())
print(f"DuckDB {duckdb.__version__}, in memory, 2 threads: {respondents} responses, join to {con.execute('SELECT count(*) FROM ancestors').fetchone()[0]} ancestor rows, GROUP BY: "
      f"{duck * 1000:.1f} ms (median of {runs})")
print(f"Tillit, every unit's subtree sums from memory, same data, same run: {tillit * 1000:.1f} ms")
print(f"ratio: Tillit is {duck / tillit:.1f}x as fast as DuckDB (goal: at least 3x)")
print(f"figures checked against DuckDB: {checked} (units x statements), mismatches: {mismatches}")
sys.exit(1 if mismatches else 0)
