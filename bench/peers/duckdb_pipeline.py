#!/usr/bin/env python3
"""The weekly job on the CSV part of an inbox, as an analyst would write it with DuckDB.

usage: duckdb_pipeline.py INBOX WEEK OUTDIR    (prints the week's totals as JSON)

DuckDB reads UTF-8 (and UTF-16) only here: its `encodings` extension needs a download this
machine cannot make. So GBK sheets, and sheets with a title above the header, are rewritten
as UTF-8 copies starting at their header first (streamed, in Python); everything else is SQL.
"""
import csv
import json
import os
import sys
import tempfile
import unicodedata

import duckdb

from yaan import (CATEGORIES, CATEGORY_ALIASES, CITY, COUNTIES, FIELDS, HEADER_TO_FIELD, county_lookup, sheets,
                  week_monday)

FULL_WIDTH = "０１２３４５６７８９：－／．"
HALF_WIDTH = "0123456789:-/."


def quoted(field):
    return f'"{field}"'


def prepare(inbox, scratch):
    """Groups of (UTF-8 files with the same header) -> their field names; plus received order."""
    groups, order = {}, []
    for n, (mtime, name, path, encoding, header, delimiter) in enumerate(sheets(inbox)):
        if encoding in ("utf-8", "utf-8-sig") and header == 0:
            source = path
        else:
            source = os.path.join(scratch, f"{n}.csv")
            with open(path, encoding=encoding, newline="") as src, open(source, "w", encoding="utf-8", newline="") as dst:
                for i, line in enumerate(src):
                    if i >= header:
                        dst.write(line)
        with open(source, encoding="utf-8-sig", newline="") as f:
            cells = next(csv.reader(f, delimiter=delimiter))
        names, seen = [], set()
        for i, cell in enumerate(cells):
            field = HEADER_TO_FIELD.get(unicodedata.normalize("NFKC", cell).strip().casefold())
            names.append(field if field and field not in seen else f"_ignored{i}")
            seen.add(field)
        groups.setdefault((tuple(names), delimiter), []).append(source)
        order.append((source, n))
    return groups, order


def main():
    inbox, week, outdir = sys.argv[1], sys.argv[2], sys.argv[3]
    monday = week_monday(week)
    con = duckdb.connect()
    with tempfile.TemporaryDirectory() as scratch:
        groups, order = prepare(inbox, scratch)
        selects = []
        for (names, delimiter), files in groups.items():
            cols = ", ".join(f"coalesce(trim(translate({quoted(f)}, '{FULL_WIDTH}', '{HALF_WIDTH}')), '') AS {quoted(f)}"
                             if f in names else f"'' AS {quoted(f)}" for f in FIELDS)
            selects.append(f"SELECT {cols}, filename FROM read_csv({files!r}, header = true, all_varchar = true, "
                           f"names = {list(names)!r}, delim = {delimiter!r}, quote = '\"', filename = true, "
                           f"null_padding = true)")
        con.execute("CREATE TABLE raw AS " + " UNION ALL ".join(selects))
        con.execute("CREATE TABLE received (filename VARCHAR, ord INTEGER)")
        con.executemany("INSERT INTO received VALUES (?, ?)", order)

    counties = county_lookup()
    con.execute("CREATE TABLE county (spelling VARCHAR, code VARCHAR)")
    con.executemany("INSERT INTO county VALUES (?, ?)", list(counties.items()))
    con.execute("CREATE TABLE category (spelling VARCHAR, name VARCHAR)")
    con.executemany("INSERT INTO category VALUES (?, ?)",
                    [(c, c) for c in CATEGORIES] + list(CATEGORY_ALIASES.items()))
    con.execute("CREATE TABLE county_name (code VARCHAR, name VARCHAR)")
    con.executemany("INSERT INTO county_name VALUES (?, ?)", [(c[0], c[1]) for c in COUNTIES])

    time_re = "^(上午|早上|中午|下午|晚上)?\\s*(\\d{1,2})\\s*(?:[:：]\\s*(\\d{2})|点\\s*(半)?(?:(\\d{1,2})分)?)$"
    con.execute(f"""
    CREATE MACRO minutes(x) AS CASE WHEN x = '' THEN NULL
        WHEN NOT regexp_matches(x, '{time_re}') THEN -1
        ELSE (regexp_extract(x, '{time_re}', 2)::INTEGER
              + CASE WHEN regexp_extract(x, '{time_re}', 1) IN ('下午', '晚上')
                          AND regexp_extract(x, '{time_re}', 2)::INTEGER < 12 THEN 12 ELSE 0 END) * 60
             + coalesce(nullif(regexp_extract(x, '{time_re}', 3), ''), nullif(regexp_extract(x, '{time_re}', 5), ''), '0')::INTEGER
             + CASE WHEN regexp_extract(x, '{time_re}', 4) = '半' THEN 30 ELSE 0 END
        END
    """)
    days = ", ".join(f"abs(date_diff('day', DATE '{monday}', s{i})) AS d{i}" for i in range(3))
    candidates = ", ".join(f"try_strptime('{monday.year - 1 + i}-' || dshort.m || '-' || dshort.d, '%Y-%m-%d')::DATE AS s{i}"
                           for i in range(3))
    con.execute(f"""
    CREATE TABLE parsed AS
    WITH r AS (
        SELECT raw.*, received.ord, raw.rowid AS line FROM raw JOIN received USING (filename)
        WHERE {" OR ".join(f"{quoted(f)} <> ''" for f in FIELDS)}
    ), d AS (
        SELECT *,
            regexp_extract(date, '^(\\d{{4}})\\s*[-/.年]\\s*(\\d{{1,2}})\\s*[-/.月]\\s*(\\d{{1,2}})\\s*日?$', ['y', 'm', 'd']) AS dfull,
            regexp_extract(date, '^(\\d{{4}})(\\d{{2}})(\\d{{2}})$', ['y', 'm', 'd']) AS dcompact,
            regexp_extract(date, '^(\\d{{1,2}})\\s*[-月]\\s*(\\d{{1,2}})\\s*日?$', ['m', 'd']) AS dshort,
            string_split_regex(start, '\\s*[-~至]\\s*') AS start_parts,
            regexp_extract(audience, '^约?\\s*(\\d+)\\s*(?:[-~至到]\\s*(\\d+))?\\s*(?:人次|人)?$', ['lo', 'hi']) AS aud
        FROM r
    ), y AS (
        SELECT *, {days} FROM (SELECT *, {candidates} FROM d)
    ), v AS (
        SELECT y.*,
            CASE WHEN dfull.y <> '' THEN try_strptime(dfull.y || '-' || dfull.m || '-' || dfull.d, '%Y-%m-%d')::DATE
                 WHEN dcompact.y <> '' THEN try_strptime(date, '%Y%m%d')::DATE
                 WHEN dshort.m <> '' THEN CASE WHEN coalesce(d0, 1e9) <= coalesce(d1, 1e9) AND coalesce(d0, 1e9) <= coalesce(d2, 1e9) THEN s0
                                               WHEN coalesce(d1, 1e9) <= coalesce(d2, 1e9) THEN s1 ELSE s2 END
            END AS date_v,
            minutes(coalesce(start_parts[1], '')) AS start_min,
            minutes(CASE WHEN "end" <> '' THEN "end" WHEN len(start_parts) > 1 THEN start_parts[2] ELSE '' END) AS end_min,
            coalesce(nullif(aud.hi, ''), nullif(aud.lo, ''))::INTEGER AS audience_v,
            coalesce(c1.code, c2.code) AS county_code,
            coalesce(cat.name, '其他') AS category_v,
            status IN ('取消', 'cancelled') AS cancelled
        FROM y
        LEFT JOIN county c1 ON c1.spelling = lower(regexp_replace(y.county, '^{CITY}', ''))
        LEFT JOIN county c2 ON c2.spelling = lower(y.county)
        LEFT JOIN category cat ON cat.spelling = y.category
    )
    SELECT v.*,
        CASE WHEN cancelled THEN org = '' OR title = '' OR date_v IS NULL
             ELSE org = '' OR title = '' OR category = '' OR date = '' OR county = '' OR venue = '' OR audience = ''
                  OR contact = '' OR phone = '' OR date_v IS NULL OR county_code IS NULL OR audience_v IS NULL
                  OR coalesce(start_min, 0) < 0 OR coalesce(end_min, 0) < 0
                  OR start_min >= 24 * 60 OR end_min >= 24 * 60 OR end_min < start_min
        END AS rejected
    FROM v
    """)

    con.execute(f"""
    CREATE TABLE current AS
    WITH ok AS (
        SELECT *,
            lower(regexp_replace(regexp_replace(org, '^{CITY}', ''), '[^\\p{{L}}\\p{{N}}]', '', 'g')) AS name_key,
            CASE WHEN regexp_full_match(upper(credit_code), '[0-9A-HJ-NPQRTUWXY]{{18}}') THEN upper(credit_code) END AS code
        FROM parsed WHERE NOT rejected
    ), named AS (
        SELECT *, coalesce('code:' || code,
                           'code:' || last_value(code IGNORE NULLS) OVER (PARTITION BY name_key ORDER BY ord, line
                                                                          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING),
                           'name:' || name_key) AS identity
        FROM ok
    )
    SELECT *, identity || '|' || strftime(date_v, '%Y-%m-%d') || '|' ||
              lower(regexp_replace(title, '[^\\p{{L}}\\p{{N}}]', '', 'g')) AS key
    FROM named
    QUALIFY row_number() OVER (PARTITION BY key ORDER BY ord DESC, line DESC) = 1
    """)
    con.execute(f"""
    CREATE VIEW week_rows AS SELECT * FROM current
    WHERE NOT cancelled AND date_v BETWEEN DATE '{monday}' AND DATE '{monday}' + 6
    """)

    os.makedirs(outdir, exist_ok=True)
    for name, query in {
        "by-county": "SELECT county_code, any_value(n.name) AS name, count(*) AS activities, sum(audience_v) AS audience "
                     "FROM week_rows JOIN county_name n ON n.code = county_code GROUP BY county_code ORDER BY county_code",
        "by-category": "SELECT category_v AS category, count(*) AS activities, sum(audience_v) AS audience "
                       "FROM week_rows GROUP BY ALL ORDER BY activities DESC",
        "by-day": "SELECT strftime(date_v, '%Y-%m-%d') AS day, count(*) AS activities, sum(audience_v) AS audience "
                  "FROM week_rows GROUP BY ALL ORDER BY day",
        "by-org": "SELECT org, credit_code, count(*) AS activities, sum(audience_v) AS audience "
                  "FROM week_rows GROUP BY ALL ORDER BY activities DESC, org",
    }.items():
        con.execute(f"COPY ({query}) TO '{os.path.join(outdir, name + '.csv')}' (HEADER, DELIMITER ',')")

    read, rejected = con.execute("SELECT count(*), count(*) FILTER (rejected) FROM parsed").fetchone()
    activities, audience = con.execute("SELECT count(*), coalesce(sum(audience_v), 0) FROM week_rows").fetchone()
    print(json.dumps({"rows_read": read, "rows_rejected": rejected, "activities": activities, "audience": int(audience)}))


if __name__ == "__main__":
    main()
