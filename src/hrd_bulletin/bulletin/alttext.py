"""Alternative text of every chart and map, from the metric tables the figure is drawn from.

One function per figure of the catalog (``catalog.FIGURES``): it reads the rows the chart or map
reads (``charts/*.py``, ``maps*.py``), selects the key values and the comparison the figure
exists for, and phrases them through gettext. Nothing is computed here: every number is a value
of a metric table, and a suppressed cell is never stated (``alttext_words.published``). The
survey's figures (parts I, II, V) are here, those of the incident and media monitoring in
``alttext_incidents``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from hrd_bulletin.bulletin.alttext_incidents import INCIDENT_TEXTS
from hrd_bulletin.bulletin.alttext_words import (
    Description,
    Words,
    fitted,
    largest_first,
    latest,
    published,
    rows_of,
    whole,
)
from hrd_bulletin.bulletin.catalog import Drawing
from hrd_bulletin.bulletin.charts.labels import INDEX_NAMES, PORTRAIT_ITEMS, SECURITY_ITEMS
from hrd_bulletin.bulletin.context.common import more_exposed
from hrd_bulletin.bulletin.context.findings import group_exposure
from hrd_bulletin.bulletin.context.labels import VALUE_LABELS, vocab
from hrd_bulletin.bulletin.msgids import N_, keyed
from hrd_bulletin.contract.vocabulary import ALL, INDEX_LEVELS, INDICES, LIKELIHOOD_LEVELS, PREVALENCE_TYPES

Tables = Mapping[str, pd.DataFrame]
Text = Callable[[Tables, Drawing, Words], Description | None]

# The index each index map shows (as maps.INDEX_MAPS, which needs geopandas), and the titles
# the maps print.
INDEX_OF_MAP: Mapping[str, str] = {f"map_{index}": index for index in INDICES}
MAP_TITLES = keyed(
    INDICES,
    N_("Threats index by region"),
    N_("Vulnerability index by region"),
    N_("Resources index by region"),
    N_("Risk index by region"),
    N_("Security self-rating by region"),
)
HIGHLY_LIKELY, LIKELY = LIKELIHOOD_LEVELS[-1], LIKELIHOOD_LEVELS[-2]
RISK = "risk"


def _groups(w: Words, ind: Any, org: Any, fmt: Callable[[Any], str]) -> str:
    """ " (individuals 8.9, organisations 10.1)" when both groups are published, else nothing."""
    if ind is None or org is None:
        return ""
    return " " + w._("(individuals {ind}, organisations {org})", ind=fmt(ind), org=fmt(org))


def portrait(tables: Tables, drawing: Drawing, w: Words) -> Description | None:
    """The largest answer of gender, ethnicity and education, and the mean experience."""
    shares = tables["survey_shares"]
    wave = latest(shares)
    items = []
    for item, (panel, values) in PORTRAIT_ITEMS.items():
        top = largest_first(rows_of(shares, "survey_shares", wave=wave, item=item, group=ALL), "share")
        if top:
            code = top[0]["value"]
            # The prose's word for the answer ("women", "Kazakh"), else the chart's mid-sentence.
            prose = VALUE_LABELS.get((item, code))
            value = w._(prose) if prose else w.mid(w._(values.get(code, code)))
            items.append(
                w._("{item} — {value} ({share})", item=w.lower(w._(panel)), value=value, share=w.pct(top[0]["share"]))
            )
    stats = {r["group"]: r for r in rows_of(tables["survey_stats"], "survey_stats", wave=wave, item="experience_years")}
    mean = {g: published(stats.get(g), "mean") for g in ("individual", "organization", ALL)}
    after = []
    if mean[ALL] is not None:
        years = w.count(mean[ALL], N_("year"), decimals=1)
        groups = _groups(w, mean["individual"], mean["organization"], w.num)
        after.append(w._("Mean experience: {years}{groups}.", years=years, groups=groups))
    if not items:
        return whole(*after) if after else None
    return fitted(w._("Survey wave {wave}, the largest group of respondents: ", wave=wave), items, after)


def security_resources(tables: Tables, drawing: Drawing, w: Words) -> Description | None:
    """The share answering yes to each means of protection or need, most frequent first."""
    shares = tables["survey_shares"]
    wave = latest(shares)
    found = []
    for item, value, label in SECURITY_ITEMS:
        rows = {r["group"]: r for r in rows_of(shares, "survey_shares", wave=wave, item=item, value=value)}
        share = published(rows.get(ALL), "share")
        if share is not None:
            ind, org = published(rows.get("individual"), "share"), published(rows.get("organization"), "share")
            text = w._("{label} — {share}", label=w.mid(w._(label)), share=w.pct(share))
            found.append((share, text, text + _groups(w, ind, org, w.pct)))
    if not found:
        return None
    found.sort(key=lambda f: -f[0])
    head = w._("Survey wave {wave}, share of all respondents answering yes, most frequent first: ", wave=wave)
    # The alternative text names as many items as fit; the long description adds the groups.
    return fitted(head, [f[1] for f in found], long_items=[f[2] for f in found])


def attack_prevalence(tables: Tables, drawing: Drawing, w: Words) -> Description | None:
    """Each kind of attack for individuals and organisations, and which group is more exposed."""
    df = tables["attack_prevalence"]
    wave = latest(df)
    attacks = []
    for attack_type in PREVALENCE_TYPES:
        row = {r["group"]: r for r in rows_of(df, "attack_prevalence", wave=wave, attack_type=attack_type)}
        if not row:
            continue  # a kind the table does not have (the chart draws the kinds it has)
        share = {g: published(row.get(g), "share") for g in ("individual", "organization", ALL)}
        p_value = published(row.get(ALL), "p_value")
        attacks.append({"type": attack_type, "share": share, "p_value": p_value})
    shown = sorted((a for a in attacks if a["share"][ALL] is not None), key=lambda a: -a["share"][ALL])
    if not shown:
        return None
    items = []
    for a in shown:
        label, ind, org = (
            w.mid(vocab("attack", a["type"], w.lang)),
            a["share"]["individual"],
            a["share"]["organization"],
        )
        if ind is None or org is None:
            items.append(w._("{label} — {share} of all defenders", label=label, share=w.pct(a["share"][ALL])))
        else:
            items.append(
                w._(
                    "{label} — {ind} of individuals and {org} of organisations",
                    label=label,
                    ind=w.pct(ind),
                    org=w.pct(org),
                )
            )
    # The comparison of Part II, decided by the same function: which group suffers more.
    compared = [
        {**a, "more_exposed": more_exposed(a["share"]["individual"], a["share"]["organization"])}
        for a in attacks
        if a["share"]["individual"] is not None and a["share"]["organization"] is not None
    ]
    kind = group_exposure(compared)["kind"] if len(compared) == len(attacks) else None
    sentence = {
        "all_significant": N_(
            "Individuals suffer every kind more often than organisations, and every difference is significant."
        ),
        "mixed": N_(
            "Individuals suffer every kind more often than organisations; some differences may be due to chance."
        ),
        "not_all": N_("Organisations suffer some kinds as often as individuals or more often."),
    }.get(kind or "")
    head = w._("Survey wave {wave}, defenders who suffered each kind of attack: ", wave=wave)
    return fitted(head, items, [w._(sentence)] if sentence else [])


def likelihood(tables: Tables, drawing: Drawing, w: Words) -> Description | None:
    """The shares finding each kind of attack highly likely and likely (all respondents)."""
    df = tables["likelihood"]
    wave = latest(df)
    found = []
    for attack_type in PREVALENCE_TYPES:
        level = {r["level"]: r for r in rows_of(df, "likelihood", wave=wave, attack_type=attack_type, group=ALL)}
        high, likely = published(level.get(HIGHLY_LIKELY), "share"), published(level.get(LIKELY), "share")
        if high is not None and likely is not None:
            label = w.mid(vocab("attack", attack_type, w.lang))
            found.append(
                (high, w._("{label} — {high} and {likely}", label=label, high=w.pct(high), likely=w.pct(likely)))
            )
    if not found:
        return None
    items = [text for _high, text in sorted(found, key=lambda f: -f[0])]
    head = w._(
        "Survey wave {wave}, share of respondents who find each kind of attack highly likely and likely: ", wave=wave
    )
    return fitted(head, items)


def index_map(tables: Tables, drawing: Drawing, w: Words) -> Description | None:
    """The regions with the highest and the lowest value of one index (latest wave), and the nation."""
    index = INDEX_OF_MAP[drawing.figure.name]
    df = tables["regional_indices"]
    wave = latest(df)
    rows = rows_of(df, "regional_indices", wave=wave)
    regions = largest_first([r for r in rows if r["region"] != ALL], index)
    if not regions:
        return None
    withheld = sum(1 for r in rows if r["region"] != ALL and published(r, index) is None)

    def place(row: Mapping[str, Any]) -> str:
        return f"{w.where(w.label('regions', row['region']))} ({w.num(row[index], 1)})"

    # The map ranks the regions: the two highest, then the lowest (one region: only "highest").
    high, low = regions[:2], regions[2:][-1:]
    text = w._(
        "{title}, survey wave {wave}: highest {high}",
        title=w._(MAP_TITLES[index]),
        wave=wave,
        high=w.join([place(r) for r in high]),
    )
    if low:
        text += w._("; lowest {low}", low=place(low[0]))
    national = next((published(r, index) for r in rows if r["region"] == ALL), None)
    if national is not None:
        text += w._("; Kazakhstan: {value}", value=w.num(national, 1))
    text += "."
    if withheld:
        regions_withheld = w.count(withheld, N_("region"))
        text += " " + w._("{regions} withheld (too few respondents).", regions=regions_withheld)
    every = "; ".join(f"{w.label('regions', r['region'])}: {w.num(r[index], 1)}" for r in regions)
    every_region = w._("Every region, highest first:")
    return Description(text, f"{text} {every_region} {every}.")


def index_levels(tables: Tables, drawing: Drawing, w: Words) -> Description | None:
    """The shares at a low, medium and high level of each index (latest wave, all respondents)."""
    df = tables["index_levels"]
    wave = latest(df)
    items = []
    for index in INDICES:
        level = {r["level"]: r for r in rows_of(df, "index_levels", wave=wave, index=index, group=ALL)}
        shares = [published(level.get(lv), "share") for lv in INDEX_LEVELS]
        if all(s is not None for s in shares):
            items.append(
                w._(
                    "{index} — {shares}",
                    index=w.mid(w._(INDEX_NAMES[index])),
                    shares=" / ".join(w.pct(s) for s in shares),
                )
            )
    if not items:
        return None
    return fitted(w._("Survey wave {wave}, all respondents, share at a low / medium / high level: ", wave=wave), items)


def index_dynamics(tables: Tables, drawing: Drawing, w: Words) -> Description | None:
    """The national indices in the two waves, and the region where the risk is highest now."""
    df = tables["index_dynamics"]
    national = {r["index"]: r for r in rows_of(df, "index_dynamics", region=ALL)}
    items = []
    for index in INDICES:
        before, after = published(national.get(index), "value_from"), published(national.get(index), "value_to")
        if before is not None and after is not None:
            name = w.mid(w._(INDEX_NAMES[index]))
            items.append(
                w._("{index} from {before} to {after}", index=name, before=w.num(before, 2), after=w.num(after, 2))
            )
    if not items:
        return None
    waves = next(iter(national.values()))
    head = w._("Kazakhstan, survey waves {before} and {after}: ", before=waves["wave_from"], after=waves["wave_to"])
    risk = largest_first([r for r in rows_of(df, "index_dynamics", index=RISK) if r["region"] != ALL], "value_to")
    after = []
    if risk:
        top = risk[0]
        place = w.where(w.label("regions", top["region"]))
        after.append(w._("The risk index is highest {place} ({value}).", place=place, value=w.num(top["value_to"], 2)))
    return fitted(head, items, after)


TEXTS: Mapping[str, Text] = {
    "portrait": portrait,
    "security_resources": security_resources,
    "attack_prevalence": attack_prevalence,
    "likelihood": likelihood,
    **INCIDENT_TEXTS,
    **dict.fromkeys(INDEX_OF_MAP, index_map),
    "index_levels": index_levels,
    "index_dynamics": index_dynamics,
}


def describe(drawing: Drawing, tables: Tables, w: Words, caption: str) -> Description:
    """The alternative text and long description of one drawing of the catalog.

    A figure whose tables have nothing to show (the chart draws "No data") says so.
    """
    found = TEXTS[drawing.figure.name](tables, drawing, w)
    if found is None:
        text = w._("{caption}: no data.", caption=caption)
        return Description(text, text)
    source = ", ".join(drawing.figure.tables)
    where = w._("The full table is in the reviewers' report (metric table {tables}).", tables=source)
    return Description(found.alt, f"{found.long} {where}")


def describer(tables: Tables, w: Words) -> Callable[[Drawing, str], Description]:
    """``describe`` bound to one edition's tables and words (what context.figures calls)."""
    return lambda drawing, caption: describe(drawing, tables, w, caption)


__all__ = ["TEXTS", "Description", "Words", "describe", "describer"]
