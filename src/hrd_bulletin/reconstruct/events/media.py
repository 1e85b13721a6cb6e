"""Media materials: channel, tone and region counts exact; fictional outlets and links."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hrd_bulletin.reconstruct.events.codes import ReferenceCodes
from hrd_bulletin.reconstruct.events.profiles import MEDIA_CHANNEL, MEDIA_REGION, MEDIA_TONE
from hrd_bulletin.reconstruct.events.replicas import categories
from hrd_bulletin.reconstruct.events.seasons import Season, Stream
from hrd_bulletin.reconstruct.events.text import ids, linked_ids, take

_MEDIA_LINK_SHARE = 0.3  # of regional materials, those that cover a recorded incident
_MAX_DAYS_TO_COVERAGE = 20

_OUTLETS: dict[str, tuple[tuple[str, str], ...]] = {
    "press": (
        ("Дала-Ньюс", "dala-news.example.kz"),
        ("Степной курьер", "stepnoy-kurier.example.kz"),
        ("Городской обозреватель", "gorobozrevatel.example.kz"),
        ("Новая неделя Инфо", "nedelya-info.example.kz"),
        ("Региональный вестник", "regvestnik.example.kz"),
        ("Вечерний экспресс-онлайн", "vexpress.example.kz"),
        ("Деловой обзор", "delobzor.example.kz"),
        ("Информ-Панорама", "inform-panorama.example.kz"),
    ),
    "social": (
        ("Страница в Facebook «Гражданский контроль»", "social.example.org/grazhdanskiy-kontrol"),
        ("Группа ВКонтакте «Открытый город»", "social.example.org/otkrytyi-gorod"),
        ("Страница в Facebook «Голос активиста»", "social.example.org/golos-aktivista"),
        ("Блог «Заметки наблюдателя»", "blogs.example.org/nablyudatel"),
    ),
    "hrd_site": (
        ("Сайт «Правозащитный монитор»", "pravmonitor.example.kz"),
        ("Сайт «Бюро гражданских инициатив»", "bgi.example.kz"),
        ("Сайт «Центр правовой помощи»", "cpp.example.kz"),
        ("Сайт «Хроника свободы слова»", "khronika.example.org"),
    ),
}
_URL_SHARE = 0.92  # materials with a stored link
_MEDIA_COLUMNS = ["material_id", "date", "region", "channel", "outlet", "tone", "incident_id", "url"]


def _covered_incidents(
    region: np.ndarray,
    rep: np.ndarray,
    incident_region: np.ndarray,
    incident_rep: np.ndarray,
    n_regions: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """For each material, the season position of an incident of its region and replica that it
    covers, or -1: national materials and most regional ones cover none."""
    incident_key = incident_rep * n_regions + incident_region
    order = np.argsort(incident_key, kind="stable")
    key_sorted = incident_key[order]
    key = rep * n_regions + np.maximum(region, 0)
    first = np.searchsorted(key_sorted, key, side="left")
    size = np.searchsorted(key_sorted, key, side="right") - first
    linked = (region >= 0) & (size > 0) & (rng.random(len(region)) < _MEDIA_LINK_SHARE)
    pick = first + np.floor(rng.random(len(region)) * np.maximum(size, 1)).astype(np.int64)
    return np.where(linked, order[np.minimum(pick, len(incident_key) - 1)], -1)


def place_media(season: Season, codes: ReferenceCodes, incidents: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The season's materials; one covering an incident appears within three weeks of it."""
    scale, days = season.scale, season.days
    rng = season.rng(Stream.MEDIA)
    channel_counts = season.counts(MEDIA_CHANNEL)
    m = int(channel_counts.sum())
    region = codes.media_region[categories(season.counts(MEDIA_REGION, total=m), scale, rng)]
    rep = np.repeat(np.arange(scale), m)
    incident_region = codes.settlement_region[incidents["settlement"]]
    incident = _covered_incidents(region, rep, incident_region, incidents["rep"], len(codes.regions), rng)
    day = rng.integers(0, days, size=scale * m)
    delay = rng.integers(0, _MAX_DAYS_TO_COVERAGE + 1, scale * m)
    day = np.where(incident >= 0, np.minimum(incidents["day"][np.maximum(incident, 0)] + delay, days - 1), day)
    return {
        "day": day,
        "iso": season.iso,
        "rep": rep,
        "region": region,
        "channel": categories(channel_counts, scale, rng),
        "tone": categories(season.counts(MEDIA_TONE, total=m), scale, rng),
        "inc": np.where(incident >= 0, incident + season.offset, -1),
        "outlet_u": rng.random(scale * m),
        "url_u": rng.random(scale * m),
    }


def _outlets_and_urls(
    channel: np.ndarray, outlet_u: np.ndarray, url_u: np.ndarray, material_ids: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """An outlet from the channel's fictional list per material; the url follows the outlet."""
    outlet = np.empty(len(channel), dtype=object)
    url = np.empty(len(channel), dtype=object)
    for c_i, name in enumerate(MEDIA_CHANNEL):
        rows = np.flatnonzero(channel == c_i)
        names = np.array([o[0] for o in _OUTLETS[name]], dtype=object)
        domains = np.array([f"https://{o[1]}/materials/" for o in _OUTLETS[name]], dtype=object)
        pick = np.floor(outlet_u[rows] * len(names)).astype(np.int64)
        outlet[rows] = names[pick]
        url[rows] = domains[pick] + np.char.lower(material_ids[rows].astype(str)).astype(object)
    return outlet, np.where(url_u < _URL_SHARE, url, "")


def media_frame(parts: list[dict[str, np.ndarray]], incident_ids: np.ndarray, codes: ReferenceCodes) -> pd.DataFrame:
    """The media table: by season, replica and date."""
    cat = {key: np.concatenate([p[key] for p in parts]) for key in parts[0] if key != "iso"}
    dates = np.concatenate([p["iso"][p["day"]] for p in parts])
    season = np.concatenate([np.full(len(p["day"]), i) for i, p in enumerate(parts)])
    order = np.lexsort((cat["day"], cat["rep"], season))
    cat = {key: value[order] for key, value in cat.items()}
    material_ids = ids("M", len(order), 5)
    outlet, url = _outlets_and_urls(cat["channel"], cat["outlet_u"], cat["url_u"], material_ids)
    return pd.DataFrame(
        {
            "material_id": material_ids,
            "date": dates[order],
            "region": take(codes.regions, cat["region"]),
            "channel": take(list(MEDIA_CHANNEL), cat["channel"]),
            "outlet": outlet,
            "tone": take(list(MEDIA_TONE), cat["tone"]),
            "incident_id": linked_ids(cat["inc"], incident_ids),
            "url": url.astype(object),
        },
        columns=_MEDIA_COLUMNS,
    )
