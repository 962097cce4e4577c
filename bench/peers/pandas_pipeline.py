#!/usr/bin/env python3
"""The weekly job on the CSV part of an inbox, as an analyst would write it in pandas.

usage: pandas_pipeline.py INBOX WEEK OUTDIR    (prints the week's totals as JSON)
"""
import datetime as dt
import json
import os
import sys

import numpy as np
import pandas as pd

from yaan import (CATEGORIES, CATEGORY_ALIASES, CITY, COUNTIES, FIELDS, HEADER_TO_FIELD, REQUIRED,
                  county_lookup, sheets, week_monday)


def read_inbox(inbox):
    frames = []
    for order, (mtime, name, path, encoding, header, delimiter) in enumerate(sheets(inbox)):
        df = pd.read_csv(path, encoding=encoding, skiprows=header, sep=delimiter, dtype=str,
                         keep_default_na=False, skip_blank_lines=True)
        df.columns = [HEADER_TO_FIELD.get(str(c).strip().casefold()) or f"_{i}" for i, c in enumerate(df.columns)]
        df = df.loc[:, ~df.columns.duplicated()][[c for c in df.columns if c in FIELDS]]
        df["_order"] = order
        df["_row"] = np.arange(len(df))
        frames.append(df)
    df = pd.concat(frames, ignore_index=True)
    for field in FIELDS:
        df[field] = df[field].fillna("") if field in df else ""
        df[field] = df[field].str.normalize("NFKC").str.strip()
    return df


def parse_dates(s, monday):
    full = s.str.extract(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
    compact = s.str.extract(r"^(\d{4})(\d{2})(\d{2})$")
    short = s.str.extract(r"^(\d{1,2})\s*[-月]\s*(\d{1,2})\s*日?$")
    year = full[0].fillna(compact[0])
    month = full[1].fillna(compact[1]).fillna(short[0])
    day = full[2].fillna(compact[2]).fillna(short[1])
    # Yearless dates: the year that puts the date nearest the forecast week.
    best = None
    for y in (monday.year - 1, monday.year, monday.year + 1):
        cand = pd.to_datetime(dict(year=year.fillna(str(y)), month=month, day=day), errors="coerce")
        if best is None:
            best = cand
        else:
            nearer = (cand - pd.Timestamp(monday)).abs() < (best - pd.Timestamp(monday)).abs()
            best = best.where(~(year.isna() & nearer), cand)
    return best


def parse_times(s):
    """HH:MM minutes since midnight, or NaN; accepts 9:00, 上午9点, 下午2点半, 晚上7:30."""
    m = s.str.extract(r"^(上午|早上|中午|下午|晚上)?\s*(\d{1,2})\s*(?:[:：]\s*(\d{2})|点\s*(半)?(?:(\d{1,2})分)?)$")
    hour = pd.to_numeric(m[1], errors="coerce")
    minute = pd.to_numeric(m[2].fillna(m[4]), errors="coerce").fillna(0) + m[3].notna() * 30
    hour = hour + np.where(m[0].isin(["下午", "晚上"]) & (hour < 12), 12, 0)
    ok = (hour <= 23) & (minute <= 59)
    return (hour * 60 + minute).where(ok)


def main():
    inbox, week, outdir = sys.argv[1], sys.argv[2], sys.argv[3]
    monday = week_monday(week)
    df = read_inbox(inbox)
    df = df[(df[[f for f in FIELDS if f != "_order"]] != "").any(axis=1)]   # blank rows

    problems = pd.Series(False, index=df.index)
    for field in REQUIRED:
        problems |= df[field] == ""
    df["date_v"] = parse_dates(df["date"], monday)
    problems |= df["date_v"].isna()

    start_cell = df["start"].str.split(r"\s*[-~至]\s*", n=1, regex=True, expand=True).reindex(columns=[0, 1]).astype(object)
    start = parse_times(start_cell[0].fillna(""))
    end = parse_times(df["end"].where(df["end"] != "", start_cell[1].fillna("")))
    problems |= (df["start"] != "") & start.isna()
    problems |= ((df["end"] != "") | start_cell[1].notna()) & end.isna()
    problems |= end < start

    counties = county_lookup()
    county = df["county"].str.casefold().str.removeprefix(CITY)
    df["county_code"] = county.map(counties).fillna(df["county"].str.casefold().map(counties))
    problems |= df["county_code"].isna()

    aud = df["audience"].str.extract(r"^约?\s*(\d+)\s*(?:[-~至到]\s*(\d+))?\s*(?:人次|人)?$")
    df["audience_v"] = pd.to_numeric(aud[1].fillna(aud[0]), errors="coerce")
    problems |= df["audience_v"].isna()

    category = df["category"].map(lambda c: c if c in CATEGORIES else CATEGORY_ALIASES.get(c, "其他"))
    df["category_v"] = category
    cancel = df["status"].isin(["取消", "cancelled"])
    # A cancelling row needs only its key fields.
    key_ok = (df["org"] != "") & (df["title"] != "") & df["date_v"].notna()
    df["cancelled"] = cancel
    rows_read = len(df)
    ok = np.where(cancel, key_ok, ~problems)
    df = df[ok]
    rows_rejected = rows_read - len(df)

    # Organization identity: an 18-character credit code, else the code last seen with the
    # same name, else the normalized name.
    name_key = (df["org"].str.removeprefix(CITY).str.replace(r"[\W_]+", "", regex=True).str.lower())
    code = df["credit_code"].str.upper().where(df["credit_code"].str.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{18}", case=False))
    known = code.groupby(name_key).transform("last")
    identity = ("code:" + code).fillna("code:" + known).fillna("name:" + name_key)
    title_key = df["title"].str.replace(r"[\W_]+", "", regex=True).str.lower()
    df["key"] = identity + "|" + df["date_v"].dt.strftime("%Y-%m-%d") + "|" + title_key

    current = df.sort_values(["_order", "_row"]).drop_duplicates("key", keep="last")
    current = current[~current["cancelled"]]
    sunday = pd.Timestamp(monday + dt.timedelta(days=6))
    week_rows = current[(current["date_v"] >= pd.Timestamp(monday)) & (current["date_v"] <= sunday)]

    os.makedirs(outdir, exist_ok=True)
    names = {code: name for code, name, _, _ in COUNTIES}

    def table(by, name):
        t = week_rows.groupby(by).agg(activities=("key", "size"), audience=("audience_v", "sum")).reset_index()
        t["audience"] = t["audience"].astype(int)
        t.to_csv(os.path.join(outdir, f"{name}.csv"), index=False, encoding="utf-8-sig", lineterminator="\r\n")
        return t

    by_county = table("county_code", "by-county")
    by_county["name"] = by_county["county_code"].map(names)
    table("category_v", "by-category")
    week_rows = week_rows.assign(day=week_rows["date_v"].dt.strftime("%Y-%m-%d"))
    table("day", "by-day")
    table(["org", "credit_code"], "by-org")
    print(json.dumps({"rows_read": rows_read, "rows_rejected": rows_rejected,
                      "activities": int(len(week_rows)), "audience": int(week_rows["audience_v"].sum())}))


if __name__ == "__main__":
    main()
