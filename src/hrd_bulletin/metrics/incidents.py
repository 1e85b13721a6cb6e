"""Incident, court and state-response metric tables (bulletin parts III-IV), any number of seasons.

Every table has one block of rows per season in config order, then a block for ``all`` (every
season together). Incidents or court decisions whose ``season`` is missing or not a configured
season id fall in no block (ingest rejects incidents outside every season; a court decision
dated outside every season is kept by ingest but counted nowhere here).

Ranks are dense ranks by count, descending, within a season. Rows with a count of 0 are ranked
too: they share the rank right after the lowest non-zero count (so a season with counts 3, 1, 0, 0
ranks them 1, 2, 3, 3).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from hrd_bulletin.io import read_table, write_table

ALL = "all"

Seasons = Sequence[Mapping[str, Any]]


# --------------------------------------------------------------------------- seasons


def season_ids(seasons: Seasons) -> list[str]:
    """Season ids in config order."""
    return [str(s["id"]) for s in seasons]


def season_months(start: str | date, end: str | date) -> int:
    """Number of calendar months a season touches (Aug 2015-Apr 2016 = 9)."""
    a, b = pd.Timestamp(start), pd.Timestamp(end)
    return (b.year - a.year) * 12 + (b.month - a.month) + 1


def _text_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of ``values`` as text and their labels (-1 = missing).

    A categorical reuses its codes, so a million rows cost no string work.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        labels = values.cat.categories.astype(str).to_numpy(dtype=object)
        return values.cat.codes.to_numpy(dtype=np.int64), labels
    codes, uniques = pd.factorize(values.astype(str))
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def _codes(values: pd.Series, universe: Sequence[str]) -> np.ndarray:
    """Position of each value (as text) in ``universe``; -1 for missing or other values."""
    codes, labels = _text_codes(values)
    # Look up the few labels, then index by code: -1 (missing) picks the appended -1.
    lookup = np.append(pd.Index(list(universe), dtype=object).get_indexer(labels), -1)
    return lookup[codes]


def _lookup(values: pd.Series, mapping: Mapping[str, Any], default: Any) -> np.ndarray:
    """``mapping`` of each value as text (``default`` for missing or unmapped), as an object array."""
    codes, labels = _text_codes(values)
    table = np.array([*(mapping.get(label, default) for label in labels), default], dtype=object)
    return table[codes]


def _season_codes(df: pd.DataFrame, ids: list[str]) -> np.ndarray:
    """Position of each row's season in ``ids`` (-1 outside every configured season)."""
    return _codes(df["season"], ids)


def _grid(
    season: np.ndarray, key: np.ndarray, ids: list[str], universe: Sequence[str], key_name: str, name: str
) -> pd.DataFrame:
    """Counts by season (+ ``all``) x every value of ``universe`` (0 kept), from codes (-1 = left out)."""
    n_keys = len(universe)
    ok = (season >= 0) & (key >= 0)
    counts = np.bincount(season[ok] * n_keys + key[ok], minlength=len(ids) * n_keys).reshape(len(ids), n_keys)
    counts = np.vstack([counts, counts.sum(axis=0, keepdims=True)])
    return pd.DataFrame(
        {
            "season": pd.Series(np.repeat(np.array([*ids, ALL], dtype=object), n_keys), dtype=str),
            key_name: pd.Series(np.tile(np.array(list(universe), dtype=object), len(ids) + 1), dtype=str),
            name: counts.ravel().astype("int64"),
        }
    )


def _season_sizes(season: np.ndarray, ids: list[str]) -> pd.Series:
    """Number of rows per season (+ ``all``) from season codes, indexed by season id."""
    sizes = np.bincount(season[season >= 0], minlength=len(ids))
    return pd.Series(np.append(sizes, sizes.sum()).astype("int64"), index=[*ids, ALL])


def _violation_seasons(
    violations: pd.DataFrame, incidents: pd.DataFrame, ids: list[str]
) -> tuple[pd.DataFrame, np.ndarray]:
    """Violations of incidents in a configured season and each one's season code (an inner join)."""
    incident_season = _season_codes(incidents, ids)
    keep = incident_season >= 0
    inc_ids = _arrow_text(incidents["incident_id"]).filter(pa.array(keep))
    if not _unique_text(inc_ids):
        # A repeated incident id joins to several rows: keep the general merge's semantics.
        inc = incidents.loc[keep, ["incident_id"]].assign(_season=incident_season[keep])
        vio = violations.merge(inc, on="incident_id", how="inner")
        return vio.drop(columns="_season"), vio["_season"].to_numpy(dtype=np.int64)
    vio_ids = _arrow_text(violations["incident_id"])
    # Nulls match nulls, as in a pandas merge; the result keeps the violations' order, as merge does.
    position = pc.fill_null(pc.index_in(vio_ids, value_set=inc_ids), -1).to_numpy().astype(np.int64)
    rows = np.flatnonzero(position >= 0)
    return violations.iloc[rows].reset_index(drop=True), incident_season[keep][position[rows]]


def _arrow_text(values: pd.Series) -> pa.Array:
    """``values`` as an Arrow large_string array (no copy for pandas' Arrow-backed ``str``)."""
    array = pa.array(values.astype(str))
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.cast(pa.large_string())


def _unique_text(values: pa.Array) -> bool:
    """True when no value, null included, occurs twice."""
    if len(values) < 2:
        return True
    # Ids are usually written in order: strictly increasing proves uniqueness without hashing.
    if values.null_count == 0 and pc.all(pc.greater(values[1:], values[:-1])).as_py():
        return True
    return pc.count_distinct(values, mode="all").as_py() == len(values)


def _dense_rank(df: pd.DataFrame, count: str) -> pd.Series:
    """Dense rank of ``count`` descending within each season (zeros ranked too)."""
    return df.groupby("season", sort=False)[count].rank(method="dense", ascending=False).astype("int64")


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    """num / den as Float64, NA where den is 0."""
    num = num.astype("Float64")
    den = den.astype("Float64")
    return (num / den.where(den.fillna(0) != 0)).astype("Float64")


def _previous(df: pd.DataFrame, value: str, by: list[str], ids: list[str]) -> pd.Series:
    """``value`` of the same ``by`` key in the previous season (NA for the first season, ``all``)."""
    prev_of = dict(zip(ids[1:], ids[:-1]))
    lookup = df.loc[df["season"].isin(ids), ["season", *by, value]].rename(
        columns={"season": "_prev_season", value: "_prev_value"}
    )
    # astype(str): with a single season nothing maps, and an all-NaN float key would not merge.
    keyed = df[["season", *by]].assign(_prev_season=df["season"].map(prev_of).astype(str))
    merged = keyed.merge(lookup, on=["_prev_season", *by], how="left")
    return pd.Series(merged["_prev_value"].to_numpy(), index=df.index).astype("Int64")


# --------------------------------------------------------------------------- rate ratio


def rate_ratio_test(n_prev: int, months_prev: int, n_this: int, months_this: int) -> tuple[float, float, float, float]:
    """Rate ratio (this / previous season, per month) with exact conditional CI and p-value.

    Given n_prev + n_this, n_this is binomial with p = m_this / (m_prev + m_this) under equal
    rates; the Clopper-Pearson interval on p maps to RR = p / (1 - p) * m_prev / m_this.
    Returns NaN everywhere when n_prev is 0 (the ratio is undefined).
    """
    if n_prev == 0:
        return (math.nan, math.nan, math.nan, math.nan)
    # scipy.stats costs ~0.7 s to import: only the incident job pays it, not the court job.
    from scipy.stats import binomtest

    total = n_prev + n_this
    res = binomtest(n_this, total, months_this / (months_prev + months_this))
    ci = res.proportion_ci(confidence_level=0.95, method="exact")
    scale = months_prev / months_this

    def to_rr(p: float) -> float:
        return p / (1.0 - p) * scale

    rr = (n_this / months_this) / (n_prev / months_prev)
    return (rr, to_rr(ci.low), to_rr(ci.high), float(res.pvalue))


# --------------------------------------------------------------------------- tables


def incidents_by_season(
    incidents: pd.DataFrame,
    violations: pd.DataFrame,
    threat_types: pd.DataFrame,
    seasons: Seasons,
) -> pd.DataFrame:
    """Incidents, violations, threat types and categories per season, new types, change and rate ratio."""
    ids = season_ids(seasons)
    season = _season_codes(incidents, ids)
    vio, vio_season = _violation_seasons(violations[["incident_id", "threat_type"]], incidents, ids)
    category_of = dict(zip(threat_types["code"].astype(str), threat_types["category"].astype(str)))
    type_order = {code: i for i, code in enumerate(threat_types["code"].astype(str))}
    months = {str(s["id"]): season_months(s["start"], s["end"]) for s in seasons}

    n_inc = dict(zip(ids, np.bincount(season[season >= 0], minlength=len(ids))))
    n_vio = dict(zip(ids, np.bincount(vio_season, minlength=len(ids))))
    # Which threat types occur in which season: a seasons x types table of flags.
    type_codes, type_labels = _text_codes(vio["threat_type"])
    present = np.zeros((len(ids), len(type_labels)), dtype=bool)
    named = type_codes >= 0
    present[vio_season[named], type_codes[named]] = True
    types_in = {sid: {str(t) for t in type_labels[present[i]]} for i, sid in enumerate(ids)}

    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    prev: str | None = None
    # One iteration per season (a handful), never per incident.
    for sid in ids:
        n = int(n_inc.get(sid, 0))
        types = types_in.get(sid, set())
        new = sorted(types - seen, key=lambda c: (type_order.get(c, len(type_order)), c))
        seen |= types
        row: dict[str, Any] = {
            "season": sid,
            "incidents": n,
            "violations": int(n_vio.get(sid, 0)),
            "threat_types": len(types),
            "threat_categories": len({category_of[t] for t in types if t in category_of}),
            "new_threat_types": len(new),
            "new_threat_type_codes": ";".join(new),
            "months": months[sid],
        }
        if prev is None:
            row["change_vs_previous"] = math.nan
            rr = (math.nan,) * 4
        else:
            n_prev = int(n_inc.get(prev, 0))
            row["change_vs_previous"] = (n - n_prev) / n_prev if n_prev else math.nan
            rr = rate_ratio_test(n_prev, months[prev], n, months[sid])
        row.update(zip(("rate_ratio", "rate_ratio_ci_low", "rate_ratio_ci_high", "rate_ratio_p_value"), rr))
        rows.append(row)
        prev = sid

    all_types = {str(t) for t in type_labels[present.any(axis=0)]}
    rows.append(
        {
            "season": ALL,
            "incidents": int(sum(n_inc.values())),
            "violations": len(vio),
            "threat_types": len(all_types),
            "threat_categories": len({category_of[t] for t in all_types if t in category_of}),
            "new_threat_types": pd.NA,
            "new_threat_type_codes": pd.NA,
            "months": sum(months.values()),
            "change_vs_previous": math.nan,
            "rate_ratio": math.nan,
            "rate_ratio_ci_low": math.nan,
            "rate_ratio_ci_high": math.nan,
            "rate_ratio_p_value": math.nan,
        }
    )
    out = pd.DataFrame(rows)
    for col in ("incidents", "violations", "threat_types", "threat_categories", "months"):
        out[col] = out[col].astype("int64")
    out["new_threat_types"] = out["new_threat_types"].astype("Int64")
    out["new_threat_type_codes"] = out["new_threat_type_codes"].astype(str)
    out.loc[out["season"] == ALL, "new_threat_type_codes"] = pd.NA
    out["season"] = out["season"].astype(str)
    out["incidents_per_month"] = (out["incidents"] / out["months"].where(out["months"] > 0)).astype("float64")
    for col in ("change_vs_previous", "rate_ratio", "rate_ratio_ci_low", "rate_ratio_ci_high", "rate_ratio_p_value"):
        # NaN marks "not defined" above; store it as a proper NA.
        values = out[col].to_numpy(dtype="float64")
        out[col] = pd.array(values, dtype="Float64", copy=True)
        out.loc[np.isnan(values), col] = pd.NA
    return out[
        [
            "season",
            "incidents",
            "violations",
            "threat_types",
            "threat_categories",
            "new_threat_types",
            "change_vs_previous",
            "months",
            "incidents_per_month",
            "rate_ratio",
            "rate_ratio_ci_low",
            "rate_ratio_ci_high",
            "rate_ratio_p_value",
            "new_threat_type_codes",
        ]
    ].reset_index(drop=True)


def incidents_by_region(incidents: pd.DataFrame, regions: pd.DataFrame, seasons: Seasons) -> pd.DataFrame:
    """Incidents per region of the reference (0 kept) per season and ``all``, with dense rank."""
    ids = season_ids(seasons)
    universe = list(regions["code"].astype(str))
    out = _grid(
        _season_codes(incidents, ids), _codes(incidents["region"], universe), ids, universe, "region", "incidents"
    )
    out["rank"] = _dense_rank(out, "incidents")
    return out.reset_index(drop=True)


def incidents_by_settlement(incidents: pd.DataFrame, seasons: Seasons) -> pd.DataFrame:
    """Incidents per (settlement as reported, trimmed; region) per season and ``all``, with dense rank.

    Only settlements with incidents in the season appear (there is no settlement reference);
    incidents without a settlement are left out of this table.
    """
    ids = season_ids(seasons)
    season = _season_codes(incidents, ids)
    raw_codes, raw_labels = _text_codes(incidents["settlement"])
    # Trim the distinct names, not the rows; names equal once trimmed share one code.
    trimmed = pd.Series(raw_labels, dtype=str).str.strip()
    label_place, places = pd.factorize(trimmed)
    label_place = np.where((trimmed == "").to_numpy(dtype=bool), -1, label_place)
    place = np.append(label_place, -1)[raw_codes]
    region_code, region_labels = _text_codes(incidents["region"])
    keep = (season >= 0) & (place >= 0)

    # One integer per (season, settlement, region); a missing region is a group of its own.
    n_regions = len(region_labels) + 1
    n_cells = max(len(places), 1) * n_regions
    cell = place[keep] * n_regions + region_code[keep] + 1
    keys, counts = np.unique(
        np.concatenate([season[keep] * n_cells + cell, len(ids) * n_cells + cell]), return_counts=True
    )
    cell, region_index = keys % n_cells, keys % n_regions - 1
    region_text = np.append(region_labels, None)[region_index]
    out = pd.DataFrame(
        {
            "season": pd.Categorical.from_codes(keys // n_cells, categories=[*ids, ALL]),
            "settlement": pd.Series(np.asarray(places, dtype=object)[cell // n_regions], dtype=str),
            "region": pd.Series(region_text, dtype=str),
            "incidents": counts.astype("int64"),
        }
    )
    # Region in reference order when the clean table carries it (categorical), else by code.
    if isinstance(incidents["region"].dtype, pd.CategoricalDtype):
        region_codes = [str(c) for c in incidents["region"].cat.categories]
    else:
        region_codes = sorted(out["region"].dropna().unique())
    region_order = {code: i for i, code in enumerate(region_codes)}
    out["_season"] = out["season"].cat.codes
    out["_region"] = out["region"].map(region_order)
    out = out.sort_values(["_season", "settlement", "_region"], kind="stable").drop(columns=["_season", "_region"])
    out["season"] = out["season"].astype(str)
    out["settlement"] = out["settlement"].astype(str)
    out["region"] = out["region"].astype(str)
    out["incidents"] = out["incidents"].astype("int64")
    out["rank"] = _dense_rank(out, "incidents")
    return out.reset_index(drop=True)


def victim_categories(incidents: pd.DataFrame, victim_categories: pd.DataFrame, seasons: Seasons) -> pd.DataFrame:
    """Incidents per victim category of the reference (0 kept), share over the season's incidents."""
    ids = season_ids(seasons)
    season = _season_codes(incidents, ids)
    universe = list(victim_categories["code"].astype(str))
    out = _grid(season, _codes(incidents["victim_category"], universe), ids, universe, "victim_category", "incidents")
    out["n"] = out["season"].map(_season_sizes(season, ids)).astype("int64")
    out["share"] = _ratio(out["incidents"], out["n"])
    return out[["season", "victim_category", "incidents", "n", "share"]].reset_index(drop=True)


def threat_types_table(
    violations: pd.DataFrame, incidents: pd.DataFrame, threat_types: pd.DataFrame, seasons: Seasons
) -> pd.DataFrame:
    """Violations per threat type of the reference (0 kept), share over the season's violations, rank."""
    ids = season_ids(seasons)
    vio, season = _violation_seasons(violations[["incident_id", "threat_type"]], incidents, ids)
    codes = threat_types["code"].astype(str)
    out = _grid(season, _codes(vio["threat_type"], list(codes)), ids, list(codes), "threat_type", "violations")
    out["category"] = out["threat_type"].map(dict(zip(codes, threat_types["category"].astype(str)))).astype(str)
    out["n"] = out["season"].map(_season_sizes(season, ids)).astype("int64")
    out["share"] = _ratio(out["violations"], out["n"])
    out["rank"] = _dense_rank(out, "violations")
    return out[["season", "threat_type", "category", "violations", "n", "share", "rank"]].reset_index(drop=True)


def _is_state_of(actors: pd.DataFrame) -> dict[str, bool]:
    return dict(zip(actors["code"].astype(str), actors["is_state"].astype("boolean").fillna(False).astype(bool)))


def threat_sources(incidents: pd.DataFrame, actors: pd.DataFrame, seasons: Seasons) -> pd.DataFrame:
    """Incidents per source actor of the reference (0 kept): share, change vs previous season, newness.

    ``is_new``: no incident from the actor in any earlier season and at least one now (for the
    first season: any incident; NA for ``all``), mirroring ``new_threat_types``.
    """
    ids = season_ids(seasons)
    season = _season_codes(incidents, ids)
    universe = list(actors["code"].astype(str))
    out = _grid(season, _codes(incidents["source_actor"], universe), ids, universe, "source_actor", "incidents")
    out["is_state"] = out["source_actor"].map(_is_state_of(actors)).astype("boolean")
    out["n"] = out["season"].map(_season_sizes(season, ids)).astype("int64")
    out["share"] = _ratio(out["incidents"], out["n"])
    out["previous_incidents"] = _previous(out, "incidents", ["source_actor"], ids)
    prev = out["previous_incidents"]
    out["change_vs_previous"] = _ratio(out["incidents"] - prev, prev)

    # Rows are in season order, so a cumulative sum per actor counts the earlier seasons.
    per_season = out.loc[out["season"] != ALL]
    earlier = per_season.groupby("source_actor", sort=False)["incidents"].cumsum() - per_season["incidents"]
    is_new = pd.Series(pd.NA, index=out.index, dtype="boolean")
    is_new.loc[earlier.index] = (earlier == 0) & (out.loc[earlier.index, "incidents"] > 0)
    out["is_new"] = is_new
    return out[
        [
            "season",
            "source_actor",
            "is_state",
            "incidents",
            "n",
            "share",
            "previous_incidents",
            "change_vs_previous",
            "is_new",
        ]
    ].reset_index(drop=True)


def threat_source_split(incidents: pd.DataFrame, actors: pd.DataFrame, seasons: Seasons) -> pd.DataFrame:
    """Incidents from state vs non-state actors per season and ``all`` (state first).

    The share is over the season's incidents.
    """
    ids = season_ids(seasons)
    season = _season_codes(incidents, ids)
    # 0 = state, 1 = non-state, -1 = no or unknown actor (counted in n only).
    side_of = {code: 0 if state else 1 for code, state in _is_state_of(actors).items()}
    side = _lookup(incidents["source_actor"], side_of, -1).astype(np.int64)
    out = _grid(season, side, ids, ["state", "non_state"], "_side", "incidents")
    out.insert(1, "is_state", (out.pop("_side") == "state").astype("boolean"))
    out["n"] = out["season"].map(_season_sizes(season, ids)).astype("int64")
    out["share"] = _ratio(out["incidents"], out["n"])
    return out.reset_index(drop=True)


def state_response(incidents: pd.DataFrame, actors: pd.DataFrame, seasons: Seasons) -> pd.DataFrame:
    """State response to incidents per season and ``all``: ignored/formal/effective, state as source, complaints."""
    ids = season_ids(seasons)
    season = _season_codes(incidents, ids)
    response = _codes(incidents["state_response"], ["none", "formal", "effective"])
    from_state = _lookup(incidents["source_actor"], _is_state_of(actors), False).astype(bool)
    complained = incidents["complaint_filed"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    flags = {
        "incidents": np.ones(len(incidents), dtype=bool),
        "ignored": response == 0,
        "formal": response == 1,
        "effective": response == 2,
        "from_state": from_state,
        "complaints_about_state": from_state & complained,
    }
    in_season = season >= 0

    def per_season(flag: np.ndarray) -> np.ndarray:
        counts = np.bincount(season[in_season & flag], minlength=len(ids))
        return np.append(counts, counts.sum())

    out = pd.DataFrame(
        {"season": pd.Series([*ids, ALL], dtype=str), **{name: per_season(flag) for name, flag in flags.items()}}
    )
    counts = ["incidents", "ignored", "formal", "effective", "from_state", "complaints_about_state"]
    out[counts] = out[counts].astype("int64")
    out["responded"] = (out["formal"] + out["effective"]).astype("int64")
    out["share_ignored"] = _ratio(out["ignored"], out["incidents"])
    out["share_effective_of_responded"] = _ratio(out["effective"], out["responded"])
    return out[
        [
            "season",
            "incidents",
            "ignored",
            "formal",
            "effective",
            "responded",
            "share_ignored",
            "share_effective_of_responded",
            "from_state",
            "complaints_about_state",
        ]
    ].reset_index(drop=True)


COURT_OUTCOMES = ("against_hrd", "for_hrd", "pending", "other")


def court_outcomes(court_cases: pd.DataFrame, seasons: Seasons) -> pd.DataFrame:
    """Court decisions by outcome per season (of decision_date) and ``all``; against:for ratio, NA when for is 0."""
    ids = season_ids(seasons)
    outcomes = list(COURT_OUTCOMES)
    counts = _grid(
        _season_codes(court_cases, ids), _codes(court_cases["outcome"], outcomes), ids, outcomes, "outcome", "n"
    )
    out = counts.pivot(index="season", columns="outcome", values="n").reindex(
        index=[*ids, ALL], columns=list(COURT_OUTCOMES)
    )
    out = out.fillna(0).astype("int64").reset_index()
    out.columns.name = None
    out["season"] = out["season"].astype(str)
    out["decisions"] = out[list(COURT_OUTCOMES)].sum(axis=1).astype("int64")
    out["ratio_against_to_for"] = _ratio(out["against_hrd"], out["for_hrd"])
    return out[["season", "decisions", *COURT_OUTCOMES, "ratio_against_to_for"]]


# --------------------------------------------------------------------------- entry points


def run_incidents(input: Mapping[str, str], output: Mapping[str, str], params: Mapping[str, Any]) -> None:
    """Snakemake stage: the incident tables (``STAGE_TABLES["incident_tables"]``)."""
    seasons = params["seasons"]
    incidents = read_table(input["incidents"])
    violations = read_table(input["violations"])
    regions = read_table(input["regions"])
    threat_types = read_table(input["threat_types"])
    victims = read_table(input["victim_categories"])
    actors = read_table(input["actors"])

    tables = {
        "incidents_by_season": lambda: incidents_by_season(incidents, violations, threat_types, seasons),
        "incidents_by_region": lambda: incidents_by_region(incidents, regions, seasons),
        "incidents_by_settlement": lambda: incidents_by_settlement(incidents, seasons),
        "victim_categories": lambda: victim_categories(incidents, victims, seasons),
        "threat_types": lambda: threat_types_table(violations, incidents, threat_types, seasons),
        "threat_sources": lambda: threat_sources(incidents, actors, seasons),
        "threat_source_split": lambda: threat_source_split(incidents, actors, seasons),
        "state_response": lambda: state_response(incidents, actors, seasons),
    }
    for name, build in tables.items():
        write_table(build(), output[name])


def run_court_outcomes(input: Mapping[str, str], output: Mapping[str, str], params: Mapping[str, Any]) -> None:
    """Snakemake stage: court_outcomes from court_cases alone (rebuilds without the incident tables)."""
    write_table(court_outcomes(read_table(input["court_cases"]), params["seasons"]), output["court_outcomes"])
