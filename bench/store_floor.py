#!/usr/bin/env python3
"""The store floor: SQLite alone storing the rows a forecast run stored.

usage: bench/store_floor.py SOURCE.sqlite TARGET.sqlite

Makes TARGET (which must not exist) with SOURCE's schema and forecast's page size, then copies
every table's rows in rowid order in one transaction, in SQLite's cheapest durable mode for a
new file (rollback journal, `synchronous = FULL`: pages past the end of the file need no
journal, so each is written once, then synced). No parsing, validation, deduplication lookups
or outputs: what is left is SQLite encoding each row and inserting it into the table and its
indexes, which no pipeline that stores these rows in this schema can skip. Prints the rows
copied.
"""
import os
import sqlite3
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    source, target = sys.argv[1:]
    if os.path.exists(target):
        sys.exit(f"store_floor: {target} exists")
    db = sqlite3.connect(target, isolation_level=None)
    db.execute("PRAGMA page_size = 16384")
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA cache_size = -32768")
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("ATTACH ? AS s", (source,))
    schema = db.execute("SELECT type, name, sql FROM s.sqlite_master WHERE sql IS NOT NULL "
                        "AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index', rowid").fetchall()
    copied = 0
    db.execute("BEGIN")
    for kind, name, sql in schema:
        db.execute(sql)
    for kind, name, sql in schema:
        if kind == "table":
            copied += db.execute(f'INSERT INTO main."{name}" SELECT * FROM s."{name}" ORDER BY rowid').rowcount
    db.execute("COMMIT")
    db.close()
    print(copied)


if __name__ == "__main__":
    main()
