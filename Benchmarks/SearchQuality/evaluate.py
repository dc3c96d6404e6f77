#!/usr/bin/env python3
"""Scores the knowledge bank's search on the judged evaluation set, beside a baseline built here.

The baseline: an SQLite FTS5 index over Snowball-stemmed text (the Snowball Swedish stemmer and
stop-word list, PyPI `snowballstemmer`), title and tags weighted 3, the organisation 2 and the rest
1 as in Tillit's index, queried with BM25 and OR semantics (any query word matches).

Metrics, over the queries that have an answer: nDCG@5 (gain 2^grade - 1, ideal order from every
judged example) and recall@10 (judged grade >= 1 among the ten first). For the queries nothing
answers: the share that come back empty.

Usage: evaluate.py --tillit RANKINGS.json [--tillit-postgres RANKINGS.json] [--out FILE]
"""
import argparse
import json
import math
import os
import re
import sqlite3
import sys
import unicodedata

import snowballstemmer

HERE = os.path.dirname(os.path.abspath(__file__))

# The Snowball Swedish stop-word list (https://snowballstem.org/algorithms/swedish/stop.txt).
STOP = set("""och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke mig du henne då sin nu har
inte hans honom skulle hennes där min man ej vid kunde något från ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla
under någon eller allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt ni bli blev oss din dessa några deras blir mina
samma vilken er sådan vår blivit dess inom mellan sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt våra ert
era vilkas""".split())

STEMMER = snowballstemmer.stemmer("swedish")


def analyse(text):
    words = re.findall(r"\w+", unicodedata.normalize("NFC", text.lower()))
    return [STEMMER.stemWord(w) for w in words if w not in STOP]


def baseline(examples, queries):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(ext_id UNINDEXED, title, tags, organisation, body, "
               "tokenize = 'unicode61 remove_diacritics 0')")
    for e in examples:
        rest = " ".join([e["summary"], e["body"], e.get("results", ""), e.get("lessons", "")])
        db.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
                   (e["ext_id"], " ".join(analyse(e["title"])), " ".join(analyse(" ".join(e.get("tags", [])))),
                    " ".join(analyse(e["organisation"])), " ".join(analyse(rest))))
    out = {}
    for q in queries:
        terms = sorted(set(analyse(q["query"])))
        if not terms:
            out[q["query"]] = []
            continue
        match = " OR ".join('"%s"' % t.replace('"', '""') for t in terms)
        rows = db.execute("SELECT ext_id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0, 3, 3, 2, 1) LIMIT 10", (match,)).fetchall()
        out[q["query"]] = [r[0] for r in rows]
    return out


def ndcg(ranking, judgments, k=5):
    dcg = sum((2 ** judgments.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranking[:k]))
    ideal = sorted(judgments.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranking, judgments, k=10):
    relevant = {d for d, g in judgments.items() if g >= 1}
    return len(relevant & set(ranking[:k])) / len(relevant) if relevant else 0.0


def score(rankings, queries):
    by_class = {}
    for q in queries:
        r = rankings[q["query"]]
        c = by_class.setdefault(q["class"], {"ndcg": [], "recall": [], "empty": []})
        if q["judgments"]:
            c["ndcg"].append(ndcg(r, q["judgments"]))
            c["recall"].append(recall(r, q["judgments"]))
        else:
            c["empty"].append(1.0 if not r else 0.0)
    return by_class


def mean(values):
    return sum(values) / len(values) if values else float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tillit", required=True)
    parser.add_argument("--tillit-postgres")
    parser.add_argument("--out")
    args = parser.parse_args()
    examples = [json.loads(line) for line in open(os.path.join(HERE, "examples.jsonl"), encoding="utf-8") if line.strip()]
    queries = json.load(open(os.path.join(HERE, "queries.json"), encoding="utf-8"))["queries"]
    tillit_rows = json.load(open(args.tillit, encoding="utf-8"))
    tillit = {r["query"]: r["ranking"] for r in tillit_rows}
    systems = [("Tillit (Knowledge.search)", tillit), ("FTS5 + Snowball BM25, OR", baseline(examples, queries))]
    lines = []
    answerable = [q for q in queries if q["judgments"]]
    lines.append("Search quality: %d examples, %d judged queries (%d with an answer, %d with none)"
                 % (len(examples), len(queries), len(answerable), len(queries) - len(answerable)))
    lines.append("")
    classes = []
    for q in queries:
        if q["class"] not in classes:
            classes.append(q["class"])
    header = "%-28s %9s %10s" % ("system", "nDCG@5", "recall@10")
    for c in classes:
        header += "  %-19s" % c
    lines.append(header)
    lines.append("%-28s %9s %10s" % ("", "", "") + "".join("  %-19s" % ("nDCG@5 / recall@10" if c != "none" else "empty answers") for c in classes))
    results = {}
    for name, rankings in systems:
        s = score(rankings, queries)
        overall_ndcg = mean([v for c in s.values() for v in c["ndcg"]])
        overall_recall = mean([v for c in s.values() for v in c["recall"]])
        results[name] = (overall_ndcg, overall_recall)
        row = "%-28s %9.3f %10.3f" % (name, overall_ndcg, overall_recall)
        for c in classes:
            v = s[c]
            cell = ("%.2f / %.2f" % (mean(v["ndcg"]), mean(v["recall"]))) if v["ndcg"] else ("%d of %d" % (sum(v["empty"]), len(v["empty"])))
            row += "  %-19s" % cell
        lines.append(row)
    lines.append("")
    t, b = results[systems[0][0]], results[systems[1][0]]
    lines.append("ratio Tillit / baseline: nDCG@5 %.2f, recall@10 %.2f" % (t[0] / b[0], t[1] / b[1]))
    met = t[0] >= 0.85 and t[0] > b[0]
    lines.append("goal (nDCG@5 >= 0.85 and above the baseline): %s" % ("met" if met else "MISSED"))
    if args.tillit_postgres:
        pg = {r["query"]: r["ranking"] for r in json.load(open(args.tillit_postgres, encoding="utf-8"))}
        same = all(pg[q["query"]] == tillit[q["query"]] for q in queries)
        lines.append("rankings on SQLite and PostgreSQL: %s" % ("identical" if same else "DIFFERENT"))
        met = met and same
    lines.append("")
    lines.append("queries where Tillit's nDCG@5 is below 0.7:")
    for q in answerable:
        v = ndcg(tillit[q["query"]], q["judgments"])
        if v < 0.7:
            lines.append("  %.2f  %-14s %s -> %s" % (v, q["class"], q["query"], ", ".join(tillit[q["query"]][:5])))
    text = "\n".join(lines)
    print(text)
    if args.out:
        with open(args.out, "a", encoding="utf-8") as f:
            f.write(text + "\n")
    sys.exit(0 if met else 3)


if __name__ == "__main__":
    main()
