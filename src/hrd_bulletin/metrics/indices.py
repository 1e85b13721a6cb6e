"""Risk indices of the survey: threats, vulnerability, resources, risk and security.

Risk = Threats x Vulnerability / Resources (the Protection Manual for Human Rights
Defenders). The manual gives checklists, not formulas, so the items, scores, weights and
level thresholds are an operationalisation kept in ``config/indices.yaml``; this module only
applies that spec.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from hrd_bulletin.contract import vocabulary
from hrd_bulletin.errors import ConfigError
from hrd_bulletin.io import read_table, write_table
from hrd_bulletin.metrics import disclosure

INDICES = vocabulary.INDICES
ITEM_INDICES = vocabulary.ITEM_INDICES
LEVELS = vocabulary.INDEX_LEVELS
GROUPS = vocabulary.GROUPS_AND_ALL
SCORE_TYPES: tuple[str, ...] = ("map", "linear", "bands")

# Values are compared with thresholds after rounding, so that a score landing exactly on an
# edge by arithmetic (e.g. 2.5 from a weighted mean) is not pushed below it by float error.
_EDGE_DECIMALS = 9


class IndexSpecError(ConfigError, ValueError):
    """The indices spec (config/indices.yaml) is malformed."""


# --------------------------------------------------------------------------- spec


def _fail(where: str, message: str) -> None:
    raise IndexSpecError(f"indices spec: {where}: {message}")


def _check_levels(where: str, levels: Any) -> None:
    if not isinstance(levels, Mapping) or set(levels) != {"medium", "high"}:
        _fail(where, "levels must have exactly the keys 'medium' and 'high' (lower edges)")
    for key in ("medium", "high"):
        if isinstance(levels[key], bool) or not isinstance(levels[key], (int, float)):
            _fail(where, f"levels.{key} must be a number")
    if not levels["medium"] < levels["high"]:
        _fail(where, "levels.medium must be below levels.high")


def _check_score(where: str, score: Any) -> None:
    if not isinstance(score, Mapping) or score.get("type") not in SCORE_TYPES:
        _fail(where, f"score.type must be one of {', '.join(SCORE_TYPES)}")
    kind = score["type"]
    if kind == "map":
        mapping = score.get("map")
        if not isinstance(mapping, Mapping) or not mapping:
            _fail(where, "a map score needs a non-empty 'map' of answer -> score")
        for value in mapping.values():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 1 <= value <= 5:
                _fail(where, f"map scores must be numbers in 1..5, got {value!r}")
    elif kind == "linear":
        bounds = score.get("from")
        if (
            not isinstance(bounds, Sequence)
            or len(bounds) != 2
            or not all(isinstance(b, (int, float)) and not isinstance(b, bool) for b in bounds)
            or not bounds[0] < bounds[1]
        ):
            _fail(where, "a linear score needs 'from: [low, high]' with low < high")
    else:
        bands = score.get("bands")
        if not isinstance(bands, Sequence) or not bands:
            _fail(where, "a bands score needs a non-empty list 'bands' of {min, score}")
        mins = []
        for band in bands:
            if not isinstance(band, Mapping) or set(band) != {"min", "score"}:
                _fail(where, "each band is {min: number, score: number}")
            if not 1 <= band["score"] <= 5:
                _fail(where, f"band scores must be in 1..5, got {band['score']!r}")
            mins.append(band["min"])
        if sorted(mins) != mins or len(set(mins)) != len(mins):
            _fail(where, "band minimums must be strictly increasing")


def validate_spec(spec: Any) -> dict:
    """Check the structure of an indices spec and return it (raises IndexSpecError)."""
    if not isinstance(spec, Mapping) or not isinstance(spec.get("indices"), Mapping):
        _fail("top level", "expected a mapping with an 'indices' mapping")
    indices = spec["indices"]
    missing = [name for name in INDICES if name not in indices]
    if missing:
        _fail("indices", f"missing {', '.join(missing)}")
    unknown = [name for name in indices if name not in INDICES]
    if unknown:
        _fail("indices", f"unknown index {', '.join(map(str, unknown))}")
    for name in ITEM_INDICES:
        index = indices[name]
        if not isinstance(index, Mapping):
            _fail(name, "expected a mapping")
        items = index.get("items")
        if not isinstance(items, Sequence) or not items:
            _fail(name, "needs a non-empty list of items")
        columns = []
        for pos, item in enumerate(items):
            where = f"{name}.items[{pos}]"
            if not isinstance(item, Mapping) or not isinstance(item.get("column"), str):
                _fail(where, "each item needs a 'column'")
            weight = item.get("weight", 1)
            if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
                _fail(where, "weight must be a positive number")
            _check_score(f"{where} ({item['column']})", item.get("score"))
            columns.append(item["column"])
        if len(set(columns)) != len(columns):
            _fail(name, "an item column is listed twice")
        min_items = index.get("min_items", 1)
        if isinstance(min_items, bool) or not isinstance(min_items, int) or min_items < 1:
            _fail(name, "min_items must be a positive integer")
        _check_levels(name, index.get("levels"))
    if not isinstance(indices["risk"], Mapping):
        _fail("risk", "expected a mapping")
    _check_levels("risk", indices["risk"].get("levels"))
    return dict(spec)


def load_spec(path: str | Path) -> dict:
    """Read and validate the indices spec YAML."""
    try:
        with open(path, encoding="utf-8") as handle:
            spec = yaml.safe_load(handle)
    except OSError as error:
        raise IndexSpecError(f"indices spec: cannot read {path}: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise IndexSpecError(f"indices spec: {path}: not valid YAML: {error}") from error
    try:
        return validate_spec(spec)
    except IndexSpecError as error:
        raise IndexSpecError(f"{path}: {error}") from error


# --------------------------------------------------------------------------- scoring


def _key(value: Any) -> str:
    # YAML keys arrive as bool/int/str, answers as boolean/Int64/category: compare as text.
    return str(value).lower()


def item_scores(values: pd.Series, score: Mapping[str, Any]) -> np.ndarray:
    """Score one survey item on the 1-5 scale (NaN where unanswered)."""
    missing = values.isna().to_numpy()
    if score["type"] == "map":
        mapping = {_key(k): float(v) for k, v in score["map"].items()}
        text = values.astype("string").str.lower()
        scored = text.map(mapping).astype("Float64")
        unknown = ~missing & scored.isna().to_numpy()
        if unknown.any():
            bad = sorted(set(text[unknown]))
            raise IndexSpecError(f"indices spec: no score for answer(s) {bad} of {values.name}")
        return scored.to_numpy(dtype=float, na_value=np.nan)
    numbers = pd.to_numeric(values).astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    if score["type"] == "linear":
        low, high = score["from"]
        scaled = 1 + 4 * (np.clip(numbers, low, high) - low) / (high - low)
        return 6 - scaled if score.get("reverse", False) else scaled
    mins = np.array([band["min"] for band in score["bands"]], dtype=float)
    band_scores = np.array([band["score"] for band in score["bands"]], dtype=float)
    position = np.searchsorted(mins, np.nan_to_num(numbers, nan=-np.inf), side="right") - 1
    out = band_scores[np.clip(position, 0, None)]
    # Below the first band or unanswered: no score.
    out[(position < 0) | missing] = np.nan
    return out


def index_values(survey: pd.DataFrame, index: Mapping[str, Any]) -> np.ndarray:
    """Weighted mean of the index's item scores, re-weighted over the answered items."""
    total = np.zeros(len(survey))
    weights = np.zeros(len(survey))
    answered = np.zeros(len(survey), dtype=int)
    for item in index["items"]:
        scores = item_scores(survey[item["column"]], item["score"])
        ok = ~np.isnan(scores)
        weight = float(item.get("weight", 1))
        total += np.where(ok, scores * weight, 0.0)
        weights += np.where(ok, weight, 0.0)
        answered += ok
    with np.errstate(invalid="ignore", divide="ignore"):
        values = total / weights
    values[answered < index.get("min_items", 1)] = np.nan
    return values


def classify(values: pd.Series | np.ndarray, levels: Mapping[str, float]) -> pd.Series:
    """Level of each value: low < medium edge <= medium < high edge <= high."""
    numbers = pd.Series(values, dtype="Float64").to_numpy(dtype=float, na_value=np.nan)
    rounded = np.round(numbers, _EDGE_DECIMALS)
    position = (rounded >= levels["medium"]).astype(int) + (rounded >= levels["high"]).astype(int)
    labels = np.array(LEVELS, dtype=object)[position]
    labels[np.isnan(numbers)] = None
    return pd.Series(labels, dtype="str")


def score_respondents(survey: pd.DataFrame, spec: Mapping[str, Any]) -> pd.DataFrame:
    """Index values and levels of every respondent (the contract's risk_indices)."""
    indices = spec["indices"]
    out = pd.DataFrame(
        {
            "wave": survey["wave"].astype("int64").to_numpy(),
            "respondent_id": survey["respondent_id"].astype("str").to_numpy(),
            "region": survey["region"].astype("str").to_numpy(),
            "respondent_type": survey["respondent_type"].astype("str").to_numpy(),
        }
    )
    for name in ITEM_INDICES:
        out[name] = index_values(survey, indices[name])
    with np.errstate(invalid="ignore", divide="ignore"):
        out["risk"] = out["threats"] * out["vulnerability"] / out["resources"]
    for name in INDICES:
        out[name] = out[name].astype("Float64")
    for name in INDICES:
        out[f"{name}_level"] = classify(out[name], indices[name]["levels"]).to_numpy()
    columns = ["wave", "respondent_id", "region", *INDICES, *(f"{n}_level" for n in INDICES)]
    columns.append("respondent_type")
    return out[columns].sort_values(["wave", "respondent_id"], ignore_index=True)


# --------------------------------------------------------------------------- aggregates


def regional_indices(
    scores: pd.DataFrame,
    regions: Sequence[str],
    min_cell: int,
    spec: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Mean indices per wave x region (+ 'all'), small cells suppressed (see :mod:`disclosure`).

    Regional risk is mean threats x mean vulnerability / mean resources, as on the
    bulletin's map. With ``spec``, a ``*_level`` column classifies each mean.
    """
    out = _mean_indices(scores, "region", [*regions, "all"], "region")
    # Each wave's regions partition its `all` row: primary and complementary suppression.
    out = disclosure.protect(
        out,
        "n",
        list(INDICES),
        min_cell,
        partition_cols=["wave"],
        total_mask=out["region"] == "all",
        key_col="region",
    )
    columns = ["wave", "region", "n", *INDICES[:4], "security", "suppressed", "suppression"]
    if spec is not None:
        for name in INDICES:
            out[f"{name}_level"] = classify(out[name], spec["indices"][name]["levels"]).to_numpy()
        columns += [f"{name}_level" for name in INDICES]
    return out[columns]


def index_levels(scores: pd.DataFrame) -> pd.DataFrame:
    """Distribution of the levels of every index per wave and group (zero rows kept)."""
    pooled = scores.assign(respondent_type="all")
    both = pd.concat([scores, pooled], ignore_index=True)
    frames = []
    for name in INDICES:
        level = both[f"{name}_level"]
        answered = both[level.notna()]
        n = answered.groupby(["wave", "respondent_type"]).size().rename("n")
        count = answered.groupby(["wave", "respondent_type", f"{name}_level"]).size().rename("count")
        grid = pd.MultiIndex.from_product(
            [sorted(scores["wave"].unique().tolist()), [name], LEVELS, GROUPS],
            names=["wave", "index", "level", "group"],
        )
        frame = pd.DataFrame(index=grid).reset_index()
        frame = frame.join(n, on=["wave", "group"]).join(count, on=["wave", "group", "level"])
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    out["n"] = out["n"].fillna(0).astype("int64")
    out["count"] = out["count"].fillna(0).astype("int64")
    out["share"] = (out["count"] / out["n"].where(out["n"] > 0)).astype("Float64")
    for column in ("index", "level", "group"):
        out[column] = out[column].astype("str")
    out["wave"] = out["wave"].astype("int64")
    return out[["wave", "index", "level", "group", "n", "count", "share"]]


def _mean_indices(scores: pd.DataFrame, by: str, keys: Sequence[str], name: str) -> pd.DataFrame:
    """n and mean indices per wave x ``by`` (every key in ``keys``, 'all' pooling everyone).

    Risk is mean threats x mean vulnerability / mean resources: a ratio of means, as on the
    bulletin's map, not a mean of ratios. Float64 means skip unanswered (null) indices.
    """
    pooled = scores.assign(**{by: "all"})
    both = pd.concat([scores, pooled], ignore_index=True)
    both[by] = both[by].astype("str")
    value_columns = list(ITEM_INDICES)
    means = both.groupby(["wave", by])[value_columns].mean()
    counts = both.groupby(["wave", by]).size().rename("n")
    grid = pd.MultiIndex.from_product([sorted(scores["wave"].unique().tolist()), list(keys)], names=["wave", name])
    out = means.join(counts, how="outer").rename_axis(["wave", name]).reindex(grid).reset_index()
    out["n"] = out["n"].fillna(0).astype("int64")
    for column in value_columns:
        out[column] = out[column].astype("Float64")
    out["risk"] = out["threats"] * out["vulnerability"] / out["resources"]
    out["wave"] = out["wave"].astype("int64")
    out[name] = out[name].astype("str")
    return out


def group_indices(scores: pd.DataFrame) -> pd.DataFrame:
    """Mean indices per wave x respondent type (+ 'all'); risk = mean T x mean V / mean R."""
    out = _mean_indices(scores, "respondent_type", list(GROUPS), "group")
    return out[["wave", "group", "n", *INDICES]]


def index_dynamics(regional: pd.DataFrame) -> pd.DataFrame:
    """Change of every regional index between the last two waves (null when either is suppressed).

    ``regional`` is the suppressed ``regional_indices``: each wave's suppression (primary and
    complementary) carries over, and a change is published only when both ends are.
    """
    columns = ["region", "index", "wave_from", "wave_to", "value_from", "value_to", "change", "suppressed"]
    waves = sorted(regional["wave"].unique().tolist())
    if len(waves) < 2:
        empty = {c: pd.Series(dtype="str" if c in ("region", "index") else "Float64") for c in columns}
        empty["suppressed"] = pd.Series(dtype="bool")
        return pd.DataFrame(empty)
    wave_from, wave_to = waves[-2], waves[-1]
    regions = list(dict.fromkeys(regional["region"]))
    before = regional[regional["wave"] == wave_from].set_index("region").reindex(regions)
    after = regional[regional["wave"] == wave_to].set_index("region").reindex(regions)
    hidden = np.zeros(len(regions), dtype=bool)
    if "suppressed" in regional.columns:
        hidden = (
            before["suppressed"].fillna(True).astype(bool).to_numpy()
            | after["suppressed"].fillna(True).astype(bool).to_numpy()
        )
    frames = []
    for name in INDICES:
        # Each end is already null where its own wave suppressed it.
        value_from = before[name].astype("Float64")
        value_to = after[name].astype("Float64")
        frames.append(
            pd.DataFrame(
                {
                    "region": regions,
                    "index": name,
                    "wave_from": wave_from,
                    "wave_to": wave_to,
                    "value_from": value_from.to_numpy(),
                    "value_to": value_to.to_numpy(),
                    "change": (value_to - value_from).mask(hidden).to_numpy(),
                    "suppressed": hidden,
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out["region"] = out["region"].astype("str")
    out["index"] = out["index"].astype("str")
    out[["wave_from", "wave_to"]] = out[["wave_from", "wave_to"]].astype("int64")
    for column in ("value_from", "value_to", "change"):
        out[column] = out[column].astype("Float64")
    return out[columns]


# --------------------------------------------------------------------------- stage


def run_indices(input: Mapping[str, str], output: Mapping[str, str], params: Mapping[str, Any]) -> None:
    """Snakemake stage: clean survey + spec + regions -> the index tables (group_indices when asked)."""
    spec = load_spec(input["spec"])
    survey = read_table(input["clean_survey"])
    regions = read_table(input["regions"])["code"].astype("str").tolist()
    scores = score_respondents(survey, spec)
    min_cell = int(params.get("min_cell", disclosure.DEFAULT_MIN_CELL))
    regional = regional_indices(scores, regions, min_cell, spec)
    published = {
        "regional_indices": regional,
        "index_levels": disclosure.protect_groups(
            index_levels(scores), ["wave", "index", "level"], ["count", "share"], min_cell
        ),
        "index_dynamics": index_dynamics(regional),
    }
    if "group_indices" in output:
        published["group_indices"] = disclosure.protect_groups(
            group_indices(scores), ["wave"], [*INDICES[:4], "security"], min_cell
        )
    # risk_indices is per respondent: for reviewers, never an input of figures or the report.
    write_table(scores, output["risk_indices"], "risk_indices")
    for name, table in published.items():
        disclosure.check_publishable(table, name)
        write_table(table, output[name], name)
