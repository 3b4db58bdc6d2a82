#!/usr/bin/python3
"""The baseline bench/run compares REPLICATE Issues with: copying every issue into SQLite
the way a user would script it with the standard library only — urllib, json, sqlite3,
one page of 100 issues after another, every field flattened into a column (nested
objects as Parent_field, arrays as JSON text), one transaction at the end.

    /usr/bin/python3 bench/naive_replicate.py URL API_KEY OUT.db

Prints the number of issues written.
"""
import json
import sqlite3
import sys
import urllib.request


def flatten(obj, prefix=""):
    """One issue → {column: value}: nested objects become Parent_child columns."""
    row = {}
    for key, value in obj.items():
        name = prefix + key
        if isinstance(value, dict):
            row.update(flatten(value, name + "_"))
        elif isinstance(value, list):
            row[name] = json.dumps(value, ensure_ascii=False)
        else:
            row[name] = value
    return row


def main():
    url, api_key, path = sys.argv[1:4]
    db = sqlite3.connect(path)
    columns = None
    offset = 0
    written = 0
    while True:
        page_url = f"{url}/api/v2/issues?apiKey={api_key}&count=100&offset={offset}"
        with urllib.request.urlopen(page_url) as response:
            page = json.load(response)
        if not page:
            break
        rows = [flatten(issue) for issue in page]
        if columns is None:
            # Columns from the first issue; later rows may lack a nested object (null).
            columns = sorted(set().union(*rows))
            quoted = ", ".join(f'"{c}"' for c in columns)
            db.execute(f'CREATE TABLE IF NOT EXISTS Issues ({quoted}, PRIMARY KEY("id"))')
            insert = (f'INSERT OR REPLACE INTO Issues ({quoted}) '
                      f'VALUES ({", ".join("?" for _ in columns)})')
        db.executemany(insert, [[r.get(c) for c in columns] for r in rows])
        written += len(rows)
        offset += len(page)
    db.commit()
    db.close()
    print(written)


if __name__ == "__main__":
    main()
