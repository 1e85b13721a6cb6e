"""Incident and state-response metric tables (bulletin part III), any number of seasons.

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
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from hrd_bulletin.contract.vocabulary import ALL
from hrd_bulletin.io import read_table, write_table
from hrd_bulletin.metrics.seasonal import (
    Seasons,
    code_positions,
    dense_rank,
    lookup_values,
    previous_season,
    safe_ratio,
    season_codes,
    season_grid,
    season_ids,
    season_months,
    season_sizes,
    text_codes,
    violation_seasons,
)

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


_SEASON_COLUMNS = [
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
_RATE_RATIO_COLUMNS = ("rate_ratio", "rate_ratio_ci_low", "rate_ratio_ci_high", "rate_ratio_p_value")


def _types_by_season(vio: pd.DataFrame, vio_season: np.ndarray, ids: list[str]) -> tuple[dict[str, set[str]], set[str]]:
    """The threat types that occur in each season, and in any season."""
    type_codes, type_labels = text_codes(vio["threat_type"])
    present = np.zeros((len(ids), len(type_labels)), dtype=bool)
    named = type_codes >= 0
    present[vio_season[named], type_codes[named]] = True
    types_in = {sid: {str(t) for t in type_labels[present[i]]} for i, sid in enumerate(ids)}
    return types_in, {str(t) for t in type_labels[present.any(axis=0)]}


def _season_row(
    sid: str, prev: str | None, counts: Mapping[str, Mapping[str, int]], months: Mapping[str, int]
) -> dict[str, Any]:
    """Change and rate ratio of season ``sid`` against the season before it (none for the first)."""
    n = int(counts["incidents"].get(sid, 0))
    row: dict[str, Any] = {"season": sid, "incidents": n, "violations": int(counts["violations"].get(sid, 0))}
    row["months"] = months[sid]
    if prev is None:
        row["change_vs_previous"] = math.nan
        rr = (math.nan,) * 4
    else:
        n_prev = int(counts["incidents"].get(prev, 0))
        row["change_vs_previous"] = (n - n_prev) / n_prev if n_prev else math.nan
        rr = rate_ratio_test(n_prev, months[prev], n, months[sid])
    row.update(zip(_RATE_RATIO_COLUMNS, rr))
    return row


def _typed_season_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    out = pd.DataFrame(rows)
    for col in ("incidents", "violations", "threat_types", "threat_categories", "months"):
        out[col] = out[col].astype("int64")
    out["new_threat_types"] = out["new_threat_types"].astype("Int64")
    out["new_threat_type_codes"] = out["new_threat_type_codes"].astype(str)
    out.loc[out["season"] == ALL, "new_threat_type_codes"] = pd.NA
    out["season"] = out["season"].astype(str)
    out["incidents_per_month"] = (out["incidents"] / out["months"].where(out["months"] > 0)).astype("float64")
    for col in ("change_vs_previous", *_RATE_RATIO_COLUMNS):
        # NaN marks "not defined" above; store it as a proper NA.
        values = out[col].to_numpy(dtype="float64")
        out[col] = pd.array(values, dtype="Float64", copy=True)
        out.loc[np.isnan(values), col] = pd.NA
    return out[_SEASON_COLUMNS].reset_index(drop=True)


def incidents_by_season(
    incidents: pd.DataFrame,
    violations: pd.DataFrame,
    threat_types: pd.DataFrame,
    seasons: Seasons,
) -> pd.DataFrame:
    """Incidents, violations, threat types and categories per season, new types, change and rate ratio."""
    ids = season_ids(seasons)
    season = season_codes(incidents, ids)
    vio, vio_season = violation_seasons(violations[["incident_id", "threat_type"]], incidents, ids)
    category_of = dict(zip(threat_types["code"].astype(str), threat_types["category"].astype(str)))
    type_order = {code: i for i, code in enumerate(threat_types["code"].astype(str))}
    months = {str(s["id"]): season_months(s["start"], s["end"]) for s in seasons}
    counts = {
        "incidents": dict(zip(ids, np.bincount(season[season >= 0], minlength=len(ids)))),
        "violations": dict(zip(ids, np.bincount(vio_season, minlength=len(ids)))),
    }
    types_in, all_types = _types_by_season(vio, vio_season, ids)

    def categories(types: set[str]) -> int:
        return len({category_of[t] for t in types if t in category_of})

    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    # One iteration per season (a handful), never per incident.
    for i, sid in enumerate(ids):
        types = types_in.get(sid, set())
        new = sorted(types - seen, key=lambda c: (type_order.get(c, len(type_order)), c))
        seen |= types
        row = _season_row(sid, ids[i - 1] if i else None, counts, months)
        row.update(threat_types=len(types), threat_categories=categories(types), new_threat_types=len(new))
        row["new_threat_type_codes"] = ";".join(new)
        rows.append(row)
    total = {"season": ALL, "incidents": int(sum(counts["incidents"].values())), "violations": len(vio)}
    total.update(threat_types=len(all_types), threat_categories=categories(all_types), months=sum(months.values()))
    total.update(new_threat_types=pd.NA, new_threat_type_codes=pd.NA, change_vs_previous=math.nan)
    total.update(dict.fromkeys(_RATE_RATIO_COLUMNS, math.nan))
    rows.append(total)
    return _typed_season_table(rows)


def incidents_by_region(incidents: pd.DataFrame, regions: pd.DataFrame, seasons: Seasons) -> pd.DataFrame:
    """Incidents per region of the reference (0 kept) per season and ``all``, with dense rank."""
    ids = season_ids(seasons)
    universe = list(regions["code"].astype(str))
    out = season_grid(
        season_codes(incidents, ids),
        code_positions(incidents["region"], universe),
        ids,
        universe,
        "region",
        "incidents",
    )
    out["rank"] = dense_rank(out, "incidents")
    return out.reset_index(drop=True)


def incidents_by_settlement(incidents: pd.DataFrame, seasons: Seasons) -> pd.DataFrame:
    """Incidents per (settlement as reported, trimmed; region) per season and ``all``, with dense rank.

    Only settlements with incidents in the season appear (there is no settlement reference);
    incidents without a settlement are left out of this table.
    """
    ids = season_ids(seasons)
    season = season_codes(incidents, ids)
    raw_codes, raw_labels = text_codes(incidents["settlement"])
    # Trim the distinct names, not the rows; names equal once trimmed share one code.
    trimmed = pd.Series(raw_labels, dtype=str).str.strip()
    label_place, places = pd.factorize(trimmed)
    label_place = np.where((trimmed == "").to_numpy(dtype=bool), -1, label_place)
    place = np.append(label_place, -1)[raw_codes]
    region_code, region_labels = text_codes(incidents["region"])
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
    out["rank"] = dense_rank(out, "incidents")
    return out.reset_index(drop=True)


def victim_categories(incidents: pd.DataFrame, victim_categories: pd.DataFrame, seasons: Seasons) -> pd.DataFrame:
    """Incidents per victim category of the reference (0 kept), share over the season's incidents."""
    ids = season_ids(seasons)
    season = season_codes(incidents, ids)
    universe = list(victim_categories["code"].astype(str))
    out = season_grid(
        season, code_positions(incidents["victim_category"], universe), ids, universe, "victim_category", "incidents"
    )
    out["n"] = out["season"].map(season_sizes(season, ids)).astype("int64")
    out["share"] = safe_ratio(out["incidents"], out["n"])
    return out[["season", "victim_category", "incidents", "n", "share"]].reset_index(drop=True)


def victims_by_region(
    incidents: pd.DataFrame, regions: pd.DataFrame, victim_categories: pd.DataFrame, seasons: Seasons
) -> pd.DataFrame:
    """Incidents per victim category x region x season, every margin ``all`` (as ``GROUP BY CUBE``).

    Every region and category of the reference has a row (0 kept). ``n`` is the incidents of the
    season in the region (all categories), the denominator of ``share``; ``rank`` is the dense
    rank of the categories within a season and region (the ``all`` category is not ranked: NA).
    An incident whose region or category is not in the reference counts in that margin only.
    """
    ids = season_ids(seasons)
    season = season_codes(incidents, ids)
    region_codes = list(regions["code"].astype(str))
    category_codes = list(victim_categories["code"].astype(str))
    n_r, n_c = len(region_codes), len(category_codes)
    region = code_positions(incidents["region"], region_codes)
    category = code_positions(incidents["victim_category"], category_codes)
    # Cells (season, region or margin n_r, category or margin n_c): each incident counts four times.
    cube = np.zeros((len(ids) + 1, n_r + 1, n_c + 1), dtype=np.int64)
    in_season = season >= 0
    for r in (region, np.full_like(region, n_r)):
        for c in (category, np.full_like(category, n_c)):
            ok = in_season & (r >= 0) & (c >= 0)
            cell = (season[ok] * (n_r + 1) + r[ok]) * (n_c + 1) + c[ok]
            cube[:-1] += np.bincount(cell, minlength=len(ids) * (n_r + 1) * (n_c + 1)).reshape(cube[:-1].shape)
    cube[-1] = cube[:-1].sum(axis=0)
    shape = cube.shape
    out = pd.DataFrame(
        {
            "season": pd.Series(np.repeat(np.array([*ids, ALL], dtype=object), shape[1] * shape[2]), dtype=str),
            "region": pd.Series(
                np.tile(np.repeat(np.array([*region_codes, ALL], dtype=object), shape[2]), shape[0]), dtype=str
            ),
            "victim_category": pd.Series(
                np.tile(np.array([*category_codes, ALL], dtype=object), shape[0] * shape[1]), dtype=str
            ),
            "incidents": cube.ravel(),
            "n": np.repeat(cube[:, :, -1].ravel(), shape[2]),
        }
    )
    out["share"] = safe_ratio(out["incidents"], out["n"])
    ranked = out["victim_category"] != ALL
    rank = out[ranked].groupby(["season", "region"], sort=False)["incidents"].rank(method="dense", ascending=False)
    out["rank"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    out.loc[ranked, "rank"] = rank.astype("int64")
    return out.reset_index(drop=True)


def threat_types_table(
    violations: pd.DataFrame, incidents: pd.DataFrame, threat_types: pd.DataFrame, seasons: Seasons
) -> pd.DataFrame:
    """Violations per threat type of the reference (0 kept), share over the season's violations, rank."""
    ids = season_ids(seasons)
    vio, season = violation_seasons(violations[["incident_id", "threat_type"]], incidents, ids)
    codes = threat_types["code"].astype(str)
    out = season_grid(
        season, code_positions(vio["threat_type"], list(codes)), ids, list(codes), "threat_type", "violations"
    )
    out["category"] = out["threat_type"].map(dict(zip(codes, threat_types["category"].astype(str)))).astype(str)
    out["n"] = out["season"].map(season_sizes(season, ids)).astype("int64")
    out["share"] = safe_ratio(out["violations"], out["n"])
    out["rank"] = dense_rank(out, "violations")
    return out[["season", "threat_type", "category", "violations", "n", "share", "rank"]].reset_index(drop=True)


def _is_state_of(actors: pd.DataFrame) -> dict[str, bool]:
    return dict(zip(actors["code"].astype(str), actors["is_state"].astype("boolean").fillna(False).astype(bool)))


def threat_sources(incidents: pd.DataFrame, actors: pd.DataFrame, seasons: Seasons) -> pd.DataFrame:
    """Incidents per source actor of the reference (0 kept): share, change vs previous season, newness.

    ``is_new``: no incident from the actor in any earlier season and at least one now (for the
    first season: any incident; NA for ``all``), mirroring ``new_threat_types``.
    """
    ids = season_ids(seasons)
    season = season_codes(incidents, ids)
    universe = list(actors["code"].astype(str))
    out = season_grid(
        season, code_positions(incidents["source_actor"], universe), ids, universe, "source_actor", "incidents"
    )
    out["is_state"] = out["source_actor"].map(_is_state_of(actors)).astype("boolean")
    out["n"] = out["season"].map(season_sizes(season, ids)).astype("int64")
    out["share"] = safe_ratio(out["incidents"], out["n"])
    out["previous_incidents"] = previous_season(out, "incidents", ["source_actor"], ids)
    prev = out["previous_incidents"]
    out["change_vs_previous"] = safe_ratio(out["incidents"] - prev, prev)

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
    season = season_codes(incidents, ids)
    # 0 = state, 1 = non-state, -1 = no or unknown actor (counted in n only).
    side_of = {code: 0 if state else 1 for code, state in _is_state_of(actors).items()}
    side = lookup_values(incidents["source_actor"], side_of, -1).astype(np.int64)
    out = season_grid(season, side, ids, ["state", "non_state"], "_side", "incidents")
    out.insert(1, "is_state", (out.pop("_side") == "state").astype("boolean"))
    out["n"] = out["season"].map(season_sizes(season, ids)).astype("int64")
    out["share"] = safe_ratio(out["incidents"], out["n"])
    return out.reset_index(drop=True)


def state_response(incidents: pd.DataFrame, actors: pd.DataFrame, seasons: Seasons) -> pd.DataFrame:
    """State response to incidents per season and ``all``: ignored/formal/effective, state as source, complaints."""
    ids = season_ids(seasons)
    season = season_codes(incidents, ids)
    response = code_positions(incidents["state_response"], ["none", "formal", "effective"])
    from_state = lookup_values(incidents["source_actor"], _is_state_of(actors), False).astype(bool)
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
    out["share_ignored"] = safe_ratio(out["ignored"], out["incidents"])
    out["share_effective_of_responded"] = safe_ratio(out["effective"], out["responded"])
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
        "victims_by_region": lambda: victims_by_region(incidents, regions, victims, seasons),
        "threat_types": lambda: threat_types_table(violations, incidents, threat_types, seasons),
        "threat_sources": lambda: threat_sources(incidents, actors, seasons),
        "threat_source_split": lambda: threat_source_split(incidents, actors, seasons),
        "state_response": lambda: state_response(incidents, actors, seasons),
    }
    for name, build in tables.items():
        write_table(build(), output[name], name)
