"""Survey metric tables (bulletin parts I and II): shares, numeric stats, attacks, likelihood."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import fisher_exact
from statsmodels.stats.proportion import proportion_confint

from hrd_bulletin.contract import vocabulary
from hrd_bulletin.io import read_table, write_table
from hrd_bulletin.metrics import disclosure
from hrd_bulletin.metrics.disclosure import DEFAULT_MIN_CELL

GROUPS = vocabulary.GROUPS_AND_ALL
ATTACK_TYPES = vocabulary.PREVALENCE_TYPES
LIKELIHOOD_TYPES = vocabulary.ATTACK_TYPES
LIKELIHOOD_LEVELS = vocabulary.LIKELIHOOD_LEVELS
POSSIBLE_LEVELS = vocabulary.POSSIBLE_LEVELS
MULTI_SELECT: Mapping[str, tuple[str, ...]] = {
    "specializations": (
        "civil",
        "political",
        "family",
        "gender",
        "labour",
        "children",
        "disability",
        "prisoners",
        "hiv",
        "other",
    ),
}
BOOLEAN_VALUES: tuple[str, ...] = ("true", "false")
# Never items: identifiers and the wave itself.
_NOT_ITEMS = frozenset({"respondent_id", "wave"})
# Reported only for the pooled group (within its own group it is trivially 100 %).
_ALL_ONLY_ITEMS = frozenset({"respondent_type"})


def _with_groups(survey: pd.DataFrame) -> pd.DataFrame:
    """Each respondent once in its own group and once in `all`; `group` and `wave` categorical."""
    waves = sorted(int(w) for w in survey["wave"].dropna().unique())
    own = survey.assign(group=survey["respondent_type"].astype("object"))
    own = own[own["group"].isin(GROUPS[:2])]
    pooled = survey.assign(group="all")
    both = pd.concat([own, pooled], ignore_index=True)
    both["group"] = pd.Categorical(both["group"], categories=list(GROUPS))
    both["wave"] = pd.Categorical(both["wave"].astype("object"), categories=waves)
    return both


def _share_items(survey: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """(column, codes in order) for every categorical, boolean and multi-select item, in column order."""
    items: list[tuple[str, list[str]]] = []
    for col in survey.columns:
        if col in _NOT_ITEMS:
            continue
        dtype = survey[col].dtype
        if col in MULTI_SELECT:
            items.append((col, list(MULTI_SELECT[col])))
        elif isinstance(dtype, pd.CategoricalDtype):
            items.append((col, [str(c) for c in dtype.categories]))
        elif pd.api.types.is_bool_dtype(dtype):
            items.append((col, list(BOOLEAN_VALUES)))
    return items


def _tally(answered: pd.DataFrame, mentions: pd.DataFrame, codes: Sequence[str]) -> pd.DataFrame:
    """Count each code per (wave, group) with n = respondents answering; drops groups with n = 0."""
    n = answered.groupby(["wave", "group"], observed=False).size().rename("n").reset_index()
    values = pd.Categorical(mentions["value"], categories=list(codes))
    count = (
        mentions.assign(value=values)
        .groupby(["wave", "group", "value"], observed=False)
        .size()
        .rename("count")
        .reset_index()
    )
    out = count.merge(n, on=["wave", "group"], how="left", sort=False)
    out = out[out["n"] > 0].copy()
    out["share"] = out["count"] / out["n"]
    return out


def _item_mentions(answered: pd.DataFrame, col: str, codes: Sequence[str]) -> pd.DataFrame:
    """One row per (respondent, group, value named) for one item, values as code text."""
    if col in MULTI_SELECT:
        parts = answered[col].astype("object").str.split(";").explode().str.strip()
        unknown = set(parts.dropna()) - set(codes)
        if unknown:
            raise ValueError(f"{col}: unknown option codes {sorted(unknown)}")
        mentions = answered.loc[parts.index, ["wave", "group"]].assign(value=parts.to_numpy())
        return mentions[mentions["value"].notna()]
    series = answered[col]
    if pd.api.types.is_bool_dtype(series.dtype):
        values = np.where(series.astype(bool), "true", "false")
    else:
        values = series.astype("object").astype(str).to_numpy()
    return answered[["wave", "group"]].assign(value=values)


def _answered(series: pd.Series) -> pd.Series:
    """Mask of respondents who answered (an empty multi-select string counts as unanswered)."""
    mask = series.notna()
    if series.name in MULTI_SELECT:
        mask &= series.astype("object").fillna("").str.strip() != ""
    return mask


def survey_shares(survey: pd.DataFrame, min_cell: int = DEFAULT_MIN_CELL) -> pd.DataFrame:
    """Share of each answer of every categorical, boolean and multi-select item, by wave and group.

    Groups answered by fewer than ``min_cell`` respondents are suppressed (:mod:`disclosure`).
    """
    grouped = _with_groups(survey)
    frames = []
    for order, (col, codes) in enumerate(_share_items(survey)):
        rows = grouped
        if col in _ALL_ONLY_ITEMS:
            rows = grouped[grouped["group"] == "all"]
        answered = rows[_answered(rows[col])]
        tally = _tally(answered, _item_mentions(answered, col, codes), codes)
        frames.append(tally.assign(item=col, _order=order))
    columns = ["wave", "item", "value", "group", "n", "count", "share"]
    if not frames:
        out = _typed_shares(pd.DataFrame(columns=columns))
    else:
        out = pd.concat(frames, ignore_index=True)
        # Within an item the rows are already in group, then code order; a stable sort keeps that.
        out = _typed_shares(out.sort_values(["wave", "_order"], kind="stable")[columns])
    return disclosure.protect_groups(out, ["wave", "item", "value"], ["count", "share"], min_cell)


def _typed_shares(out: pd.DataFrame) -> pd.DataFrame:
    """Metric-table dtypes for a share table (wave/n/count int64, text str, share float64)."""
    return out.astype(
        {"wave": "int64", "item": str, "value": str, "group": str, "n": "int64", "count": "int64", "share": "float64"}
    ).reset_index(drop=True)


def _numeric_items(survey: pd.DataFrame) -> list[str]:
    """Integer and float columns except `wave`, in column order."""
    return [
        col
        for col in survey.columns
        if col not in _NOT_ITEMS
        and not pd.api.types.is_bool_dtype(survey[col].dtype)
        and not isinstance(survey[col].dtype, pd.CategoricalDtype)
        and (pd.api.types.is_integer_dtype(survey[col].dtype) or pd.api.types.is_float_dtype(survey[col].dtype))
    ]


def _long(grouped: pd.DataFrame, columns: Sequence[str], names: Sequence[str], var: str) -> pd.DataFrame:
    """Melt `columns` to (wave, group, <var>, value) as float, answered rows only, `var` categorical."""
    values = grouped[list(columns)].astype("float64")
    values.columns = list(names)
    long = pd.concat([grouped[["wave", "group"]], values], axis=1).melt(
        id_vars=["wave", "group"], var_name=var, value_name="value"
    )
    long[var] = pd.Categorical(long[var], categories=list(names))
    return long[long["value"].notna()]


def survey_stats(survey: pd.DataFrame, min_cell: int = DEFAULT_MIN_CELL) -> pd.DataFrame:
    """n, mean, median, min, max of every numeric item by wave and group (n = 0 omitted, small n suppressed)."""
    items = _numeric_items(survey)
    grouped = _with_groups(survey)
    long = _long(grouped, items, items, "item")
    out = (
        long.groupby(["wave", "item", "group"], observed=True)["value"]
        .agg(n="size", mean="mean", median="median", min="min", max="max")
        .reset_index()
    )
    out = out.astype(
        {
            "wave": "int64",
            "item": str,
            "group": str,
            "n": "int64",
            "mean": "float64",
            "median": "float64",
            "min": "float64",
            "max": "float64",
        }
    ).reset_index(drop=True)
    return disclosure.protect_groups(out, ["wave", "item"], ["mean", "median", "min", "max"], min_cell)


def _fisher(table: pd.DataFrame) -> pd.DataFrame:
    """Two-sided Fisher exact test of attacked share, individual vs organization, per (wave, type)."""
    wide = table.pivot_table(
        index=["wave", "attack_type"],
        columns="group",
        values=["n", "n_attacked"],
        observed=True,
        aggfunc="sum",
    )
    rows = []
    for (wave, attack_type), row in wide.iterrows():
        try:
            a, n1 = row[("n_attacked", "individual")], row[("n", "individual")]
            b, n2 = row[("n_attacked", "organization")], row[("n", "organization")]
        except KeyError:
            continue
        if pd.isna(n1) or pd.isna(n2):
            continue
        res = fisher_exact([[int(a), int(n1 - a)], [int(b), int(n2 - b)]], alternative="two-sided")
        rows.append((wave, attack_type, float(res.pvalue), float(res.statistic)))
    return pd.DataFrame(rows, columns=["wave", "attack_type", "p_value", "odds_ratio"])


_PREVALENCE_VALUES = [
    "n_attacked",
    "share",
    "ci_low",
    "ci_high",
    "mean_count",
    "min_count",
    "max_count",
    "p_value",
    "odds_ratio",
]
_PREVALENCE_TYPES = {
    "n": "int64",
    "share": "float64",
    "mean_count": "Float64",
    "min_count": "Int64",
    "max_count": "Int64",
    "p_value": "Float64",
    "odds_ratio": "Float64",
}


def _wilson(out: pd.DataFrame) -> pd.DataFrame:
    """Wilson 95 % interval of each share attacked."""
    low, high = proportion_confint(
        out["n_attacked"].to_numpy(), out["n"].to_numpy(), alpha=vocabulary.ALPHA, method="wilson"
    )
    # At 0 or n attacked the Wilson bound is exactly 0 or 1; the closed form leaves ~1e-17 noise.
    out["ci_low"] = np.where(out["n_attacked"] == 0, 0.0, np.asarray(low, dtype=float))
    out["ci_high"] = np.where(out["n_attacked"] == out["n"], 1.0, np.asarray(high, dtype=float))
    return out


def attack_prevalence(survey: pd.DataFrame, min_cell: int = DEFAULT_MIN_CELL) -> pd.DataFrame:
    """Share attacked (count > 0) by wave, attack type and group, Wilson CI, Fisher test on `all`.

    Small groups are suppressed; the test on `all` is then withheld too, since it is a function
    of the suppressed group's counts.
    """
    grouped = _with_groups(survey)
    columns = [f"attacks_{t}" if t != "threats" else "threats" for t in ATTACK_TYPES]
    long = _long(grouped, columns, ATTACK_TYPES, "attack_type")
    keys = ["wave", "attack_type", "group"]
    attacked = long[long["value"] > 0]
    out = long.groupby(keys, observed=True)["value"].size().rename("n").reset_index()
    counts = (
        attacked.groupby(keys, observed=True)["value"]
        .agg(n_attacked="size", mean_count="mean", min_count="min", max_count="max")
        .reset_index()
    )
    out = out.merge(counts, on=keys, how="left", sort=False)
    out["n_attacked"] = out["n_attacked"].fillna(0).astype("int64")
    out["share"] = out["n_attacked"] / out["n"]
    out = _wilson(out).astype({"wave": "int64", "attack_type": str, "group": str})
    tests = _fisher(out)
    tests = tests.astype({"wave": "int64", "attack_type": str}).assign(group="all")
    out = out.merge(tests, on=keys, how="left", sort=False)
    out = out.astype(_PREVALENCE_TYPES)[[*keys, "n", *_PREVALENCE_VALUES]].reset_index(drop=True)
    out = disclosure.protect_groups(out, ["wave", "attack_type"], _PREVALENCE_VALUES, min_cell)
    hidden_group = out.groupby(["wave", "attack_type"], sort=False)["suppressed"].transform("any")
    for column in ("p_value", "odds_ratio"):
        out[column] = out[column].mask(hidden_group)
    return out


def _likelihood_counts(survey: pd.DataFrame) -> pd.DataFrame:
    """Unsuppressed distribution of the 1-4 likelihood answers by wave, attack type and group."""
    grouped = _with_groups(survey)
    columns = [f"likelihood_{t}" for t in LIKELIHOOD_TYPES]
    long = _long(grouped, columns, LIKELIHOOD_TYPES, "attack_type")
    bad = set(long["value"]) - set(LIKELIHOOD_LEVELS)
    if bad:
        raise ValueError(f"likelihood answers outside 1-4: {sorted(bad)}")
    long["level"] = pd.Categorical(long["value"].astype("int64"), categories=list(LIKELIHOOD_LEVELS))
    keys = ["wave", "attack_type", "group"]
    count = long.groupby([*keys, "level"], observed=False).size().rename("count").reset_index()
    n = count.groupby(keys, observed=False)["count"].sum().rename("n").reset_index()
    out = count.merge(n, on=keys, how="left", sort=False)
    out = out[out["n"] > 0].copy()
    out["share"] = out["count"] / out["n"]
    return out.astype(
        {
            "wave": "int64",
            "attack_type": str,
            "group": str,
            "level": "int64",
            "n": "int64",
            "count": "int64",
            "share": "float64",
        }
    )[["wave", "attack_type", "group", "level", "n", "count", "share"]].reset_index(drop=True)


def likelihood(survey: pd.DataFrame, min_cell: int = DEFAULT_MIN_CELL) -> pd.DataFrame:
    """Distribution of the 1-4 likelihood answers by wave, attack type and group (empty levels kept)."""
    out = _likelihood_counts(survey)
    return disclosure.protect_groups(out, ["wave", "attack_type", "level"], ["count", "share"], min_cell)


def likelihood_possible(survey: pd.DataFrame, min_cell: int = DEFAULT_MIN_CELL) -> pd.DataFrame:
    """Share who find an attack possible (likelihood 3 or 4) by wave, attack type and group."""
    dist = _likelihood_counts(survey)
    keys = ["wave", "attack_type", "group"]
    possible = dist["level"].isin(POSSIBLE_LEVELS)
    out = (
        dist.assign(count=dist["count"].where(possible, 0))
        .groupby(keys, sort=False)
        .agg(n=("n", "first"), count=("count", "sum"))
        .reset_index()
    )
    out["share"] = out["count"] / out["n"]
    out = out.astype(
        {"wave": "int64", "attack_type": str, "group": str, "n": "int64", "count": "int64", "share": "float64"}
    )
    return disclosure.protect_groups(out, ["wave", "attack_type"], ["count", "share"], min_cell)


def run_survey(input: Mapping[str, str], output: Mapping[str, str], params: Mapping[str, Any]) -> None:
    """Snakemake entry point: clean_survey -> the five survey metric tables (params: ``min_cell``)."""
    survey = read_table(input["clean_survey"])
    min_cell = int(params.get("min_cell", DEFAULT_MIN_CELL))
    tables = {
        "survey_shares": survey_shares(survey, min_cell),
        "survey_stats": survey_stats(survey, min_cell),
        "attack_prevalence": attack_prevalence(survey, min_cell),
        "likelihood": likelihood(survey, min_cell),
        "likelihood_possible": likelihood_possible(survey, min_cell),
    }
    for name, table in tables.items():
        disclosure.check_publishable(table, name)
        write_table(table, output[name], name)
