#!/usr/bin/env python3
"""The store floor: SQLite alone storing the rows a forecast run stored.

usage: bench/store_floor.py [--tables T,...] SOURCE.sqlite TARGET.sqlite

Makes TARGET (which must not exist) with SOURCE's schema and forecast's page size, then copies
every table's rows in rowid order in one transaction, in SQLite's cheapest durable mode for a
new file (rollback journal, `synchronous = FULL`: pages past the end of the file need no
journal, so each is written once, then synced). No parsing, validation, deduplication lookups
or outputs: what is left is SQLite encoding each row and inserting it into the table and its
indexes, which no pipeline that stores these rows in this schema can skip. Prints the rows
copied.

With `--tables`, only those tables (and their indexes) are made and copied: `--tables activity`
is what any store of this job must hold, one row per activity under its unique key, whatever
else a schema keeps (versions, problems, files).
"""
import os
import sqlite3
import sys


def main():
    args = sys.argv[1:]
    tables = None
    if args[:1] == ["--tables"] and len(args) > 1:
        tables = set(args[1].split(","))
        args = args[2:]
    if len(args) != 2:
        sys.exit(__doc__)
    source, target = args
    if os.path.exists(target):
        sys.exit(f"store_floor: {target} exists")
    db = sqlite3.connect(target, isolation_level=None)
    db.execute("PRAGMA page_size = 16384")
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA cache_size = -32768")
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("ATTACH ? AS s", (source,))
    schema = [(kind, name, sql) for kind, name, table, sql in
              db.execute("SELECT type, name, tbl_name, sql FROM s.sqlite_master WHERE sql IS NOT NULL "
                         "AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index', rowid")
              if tables is None or table in tables]
    if not any(kind == "table" for kind, _, _ in schema):
        sys.exit(f"store_floor: {source} has none of the tables {', '.join(sorted(tables or []))}")
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
