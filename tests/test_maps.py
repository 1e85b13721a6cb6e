"""Regional choropleths: what is drawn and printed, suppression, determinism, the stage entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import shapely
from matplotlib.patches import PathPatch
from matplotlib.text import Text

from hrd_bulletin.boundaries import ALBERS_KZ
from hrd_bulletin.bulletin import catalog, figures, maps, style
from hrd_bulletin.bulletin.inputs import read_reference
from hrd_bulletin.errors import ConfigError
from hrd_bulletin.io import write_table

GEOJSON = Path(__file__).resolve().parents[1] / "data" / "raw" / "reference" / "regions_2015.geojson"

CODES = [
    "AKM",
    "AKT",
    "ALA",
    "ALM",
    "AST",
    "ATY",
    "KAR",
    "KUS",
    "KZY",
    "MAN",
    "PAV",
    "SEV",
    "VOS",
    "YUZ",
    "ZAP",
    "ZHA",
]
NAMES_EN = {
    "AKM": "Akmola Region",
    "AKT": "Aktobe Region",
    "ALM": "Almaty Region",
    "ALA": "Almaty",
    "AST": "Astana",
    "ATY": "Atyrau Region",
    "KAR": "Karaganda Region",
    "KUS": "Kostanay Region",
    "KZY": "Kyzylorda Region",
    "MAN": "Mangystau Region",
    "PAV": "Pavlodar Region",
    "SEV": "North Kazakhstan Region",
    "VOS": "East Kazakhstan Region",
    "YUZ": "South Kazakhstan Region",
    "ZAP": "West Kazakhstan Region",
    "ZHA": "Zhambyl Region",
}
NAMES_RU = {
    "AKM": "Акмолинская область",
    "AKT": "Актюбинская область",
    "ALM": "Алматинская область",
    "ALA": "Алматы",
    "AST": "Астана",
    "ATY": "Атырауская область",
    "KAR": "Карагандинская область",
    "KUS": "Костанайская область",
    "KZY": "Кызылординская область",
    "MAN": "Мангистауская область",
    "PAV": "Павлодарская область",
    "SEV": "Северо-Казахстанская область",
    "VOS": "Восточно-Казахстанская область",
    "YUZ": "Южно-Казахстанская область",
    "ZAP": "Западно-Казахстанская область",
    "ZHA": "Жамбылская область",
}

# Threats index of the latest wave (2); MAN is suppressed. Two exact ties (3.05 and 2.25)
# print rounded half up, the project's rule (i18n), not half-even.
THREATS = {
    "AKM": 2.84,
    "AKT": 3.46,
    "ALA": 3.05,
    "ALM": 2.5,
    "AST": 3.949,
    "ATY": 2.25,
    "KAR": 2.0,
    "KUS": 2.71,
    "KZY": 3.33,
    "MAN": None,
    "PAV": 3.1,
    "SEV": 2.96,
    "VOS": 2.62,
    "YUZ": 3.78,
    "ZAP": 2.41,
    "ZHA": 2.19,
    "all": 2.8,
}
PRINTED_RU = {
    "AKM": "2,8",
    "AKT": "3,5",
    "ALA": "3,1",
    "ALM": "2,5",
    "AST": "3,9",
    "ATY": "2,3",
    "KAR": "2,0",
    "KUS": "2,7",
    "KZY": "3,3",
    "PAV": "3,1",
    "SEV": "3,0",
    "VOS": "2,6",
    "YUZ": "3,8",
    "ZAP": "2,4",
    "ZHA": "2,2",
}


class Labels:
    def __init__(self, names: dict[str, str], locale: str) -> None:
        self.names = names
        self.locale = locale

    def region(self, code: str) -> str:
        return self.names[code]


def identity(msgid: str) -> str:
    return msgid


def russian(msgid: str) -> str:
    return {"Region": "область", "Kazakhstan overall: {value}": "Казахстан в среднем: {value}"}.get(msgid, msgid)


@pytest.fixture(scope="module")
def boundaries():
    return maps.read_boundaries(str(GEOJSON))


@pytest.fixture(scope="module")
def regional() -> pd.DataFrame:
    keys = [*CODES, "all"]
    latest = pd.DataFrame(
        {
            "wave": 2,
            "region": keys,
            "n": [2 if k == "MAN" else 9 for k in keys],
            "threats": pd.array([THREATS[k] for k in keys], dtype="Float64"),
            "suppressed": pd.array([k == "MAN" for k in keys], dtype="boolean"),
        }
    )
    # An earlier wave with other values: the maps must take the latest.
    earlier = latest.assign(
        wave=1,
        threats=pd.array([1.0] * len(keys), dtype="Float64"),
        suppressed=pd.array([False] * len(keys), dtype="boolean"),
    )
    frame = pd.concat([earlier, latest], ignore_index=True)
    for column in ("vulnerability", "resources", "risk", "security"):
        frame[column] = frame["threats"]
    return frame[["wave", "region", "n", "threats", "vulnerability", "resources", "risk", "security", "suppressed"]]


@pytest.fixture(scope="module")
def threats_ru(regional, boundaries):
    return maps.index_map(regional, "threats", boundaries, Labels(NAMES_RU, "ru"), russian)


def _by_gid(fig, prefix: str, kind: type) -> dict[str, object]:
    found = fig.findobj(lambda a: isinstance(a, kind) and (a.get_gid() or "").startswith(prefix))
    return {a.get_gid().removeprefix(prefix): a for a in found}


def test_sixteen_regions_drawn(threats_ru) -> None:
    patches = _by_gid(threats_ru, "region-", PathPatch)
    assert sorted(patches) == CODES


def test_values_printed_with_decimal_comma(threats_ru) -> None:
    values = {code: text.get_text() for code, text in _by_gid(threats_ru, "value-", Text).items()}
    assert values == PRINTED_RU


def test_suppressed_region_hatched_without_value(threats_ru) -> None:
    patches = _by_gid(threats_ru, "region-", PathPatch)
    assert patches["MAN"].get_hatch() == "/////"
    assert patches["AKM"].get_hatch() is None
    assert "MAN" not in _by_gid(threats_ru, "value-", Text)
    # Its name is still there (Russian: the word "область" dropped on the map).
    assert _by_gid(threats_ru, "name-", Text)["MAN"].get_text() == "Мангистауская"
    legend = [t.get_text() for t in threats_ru.axes[0].get_legend().get_texts()]
    assert legend == ["Казахстан в среднем: 2,8", "suppressed: too few respondents"]


def test_fill_follows_the_value(threats_ru) -> None:
    patches = _by_gid(threats_ru, "region-", PathPatch)
    # Scale 2,0-4,0 (min 2.0, max 3.949 to the next half point): KAR at the light end.
    assert patches["KAR"].get_facecolor()[:3] == pytest.approx((0xDC / 255, 0xE6 / 255, 0xF0 / 255))
    assert patches["MAN"].get_facecolor()[:3] == pytest.approx((0xE0 / 255, 0xE0 / 255, 0xE0 / 255))


def test_cities_labelled_outside_with_leader_lines(threats_ru, boundaries) -> None:
    projected = boundaries.to_crs(ALBERS_KZ).set_index("region").geometry
    values = _by_gid(threats_ru, "value-", Text)
    leaders = _by_gid(threats_ru, "leader-", Text)
    assert sorted(leaders) == ["ALA", "AST"]
    for city in ("AST", "ALA"):
        start, end = leaders[city].xy, leaders[city].xyann
        assert projected[city].distance(shapely.Point(start)) < 10_000  # metres: starts at the city
        assert projected[city].distance(shapely.Point(end)) > 100_000  # label well outside it
        assert values[city].xy == end


def test_english_edition_uses_a_point_and_keeps_ambiguous_names(regional, boundaries) -> None:
    fig = maps.index_map(regional, "threats", boundaries, Labels(NAMES_EN, "en"), identity)
    values = {code: text.get_text() for code, text in _by_gid(fig, "value-", Text).items()}
    assert values["AKM"] == "2.8" and values["ALA"] == "3.1"
    names = {code: text.get_text() for code, text in _by_gid(fig, "name-", Text).items()}
    assert names["AKM"] == "Akmola"
    # "Almaty Region" without "Region" would read like the city.
    assert names["ALM"] == "Almaty Region"
    assert names["SEV"] == "North\nKazakhstan"


def test_unknown_index_is_refused(regional, boundaries) -> None:
    with pytest.raises(ValueError, match="unknown index"):
        maps.index_map(regional, "danger", boundaries, Labels(NAMES_EN, "en"), identity)


def _incidents() -> pd.DataFrame:
    counts = dict(zip(CODES, [5, 12, 70, 3, 50, 0, 9, 14, 2, 1, 40, 13, 20, 8, 31, 4], strict=True))
    rows = [{"season": "S1", "region": c, "incidents": n, "rank": 0} for c, n in counts.items()]
    rows += [{"season": "all", "region": c, "incidents": n * 2, "rank": 0} for c, n in counts.items()]
    return pd.DataFrame(rows)


def test_incidents_map_prints_counts_including_zero(boundaries) -> None:
    fig = maps.incidents_map(_incidents(), "S1", boundaries, Labels(NAMES_EN, "en"), identity, season_label="Season 1")
    values = {code: text.get_text() for code, text in _by_gid(fig, "value-", Text).items()}
    assert values == {
        "AKM": "5",
        "AKT": "12",
        "ALA": "70",
        "ALM": "3",
        "AST": "50",
        "ATY": "0",
        "KAR": "9",
        "KUS": "14",
        "KZY": "2",
        "MAN": "1",
        "PAV": "40",
        "SEV": "13",
        "VOS": "20",
        "YUZ": "8",
        "ZAP": "31",
        "ZHA": "4",
    }
    patches = _by_gid(fig, "region-", PathPatch)
    assert len(patches) == 16
    assert patches["ATY"].get_facecolor()[:3] == pytest.approx((0xDC / 255, 0xE6 / 255, 0xF0 / 255))
    assert patches["ALA"].get_facecolor()[:3] == pytest.approx((0x1F / 255, 0x3F / 255, 0x63 / 255))
    assert fig.axes[0].get_title(loc="left") == "Incidents by region, Season 1"


def test_incidents_map_of_the_whole_period(boundaries) -> None:
    fig = maps.incidents_map(_incidents(), "all", boundaries, Labels(NAMES_RU, "ru"), russian)
    values = {code: text.get_text() for code, text in _by_gid(fig, "value-", Text).items()}
    assert values["ALA"] == "140" and values["ATY"] == "0"
    assert fig.axes[0].get_title(loc="left") == "Incidents by region, whole period"


def test_svg_is_byte_identical_across_renders(regional, boundaries, tmp_path: Path) -> None:
    paths = []
    for i in range(2):
        fig = maps.index_map(regional, "risk", boundaries, Labels(NAMES_RU, "ru"), russian)
        paths.append(tmp_path / f"risk_{i}.svg")
        style.save_svg(fig, paths[-1])
    first = paths[0].read_bytes()
    assert first == paths[1].read_bytes()
    assert b"<dc:date>" not in first
    assert b'id="region-AKM"' in first


def _map_inputs(regional: pd.DataFrame, tmp_path: Path) -> dict[str, Any]:
    """The maps' input files written under tmp_path, named as the figure rules name them."""
    regions = pd.DataFrame(
        {
            "code": CODES,
            "name_ru": [NAMES_RU[c] for c in CODES],
            "name_en": [NAMES_EN[c] for c in CODES],
            "kind": ["oblast"] * 16,
        }
    )
    write_table(regional, tmp_path / "regional_indices.parquet")
    write_table(_incidents(), tmp_path / "incidents_by_region.parquet")
    reference = []
    for name in catalog.REFERENCE_TABLES:
        # Only the region names matter to a map; the other reference tables may be empty.
        frame = regions if name == "regions" else pd.DataFrame({"code": pd.Series([], dtype="string")})
        reference.append(str(tmp_path / "reference" / f"{name}.parquet"))
        write_table(frame, reference[-1])
    return {
        "regional_indices": str(tmp_path / "regional_indices.parquet"),
        "incidents_by_region": str(tmp_path / "incidents_by_region.parquet"),
        "reference": reference,
        "boundaries": str(GEOJSON),
    }


SEASON_S1 = [{"id": "S1", "label_en": "Season 1", "label_ru": "Сезон 1"}]


def test_the_stage_entry_writes_the_named_maps(regional, tmp_path: Path) -> None:
    inputs = _map_inputs(regional, tmp_path)
    params = {"figures": ["map_security", "map_incidents"], "langs": ["en"], "seasons": SEASON_S1}
    figures.run_figures(inputs, {}, {**params, "report_dir": str(tmp_path)})
    for name in ("map_security", "map_incidents_S1", "map_incidents_all"):
        assert Path(catalog.figure_path(tmp_path, "en", name)).read_bytes().startswith(b"<?xml")
    with pytest.raises(ConfigError, match="unknown figure"):
        figures.run_figures(inputs, {}, {**params, "figures": ["map_incidents_S9"], "report_dir": str(tmp_path)})
    without = {k: v for k, v in inputs.items() if k != "boundaries"}
    with pytest.raises(ConfigError, match="boundaries"):
        figures.run_figures(without, {}, {**params, "report_dir": str(tmp_path)})


def test_maps_of_incidents_expand_to_every_season() -> None:
    names = [d.name for d in catalog.drawings(catalog.FIGURE_JOBS["incidents"], ["S1", "S2"])]
    assert [n for n in names if n.startswith("map_")] == ["map_incidents_S1", "map_incidents_S2", "map_incidents_all"]
    assert [d.name for d in catalog.drawings(["map_threats"], ["S1"])] == ["map_threats"]
    assert catalog.FIGURES["map_risk"].tables == ("regional_indices",)
    assert catalog.FIGURES["map_incidents"].tables == ("incidents_by_region",)
    assert set(maps.INDEX_MAPS) == {n for n, f in catalog.FIGURES.items() if f.kind == "map" and not f.per_season}


def test_one_job_draws_every_edition_reading_each_input_once(regional, tmp_path: Path, monkeypatch) -> None:
    inputs = _map_inputs(regional, tmp_path)
    reads: list[str] = []
    read_table, read_boundaries = figures.read_table, figures.read_boundaries
    monkeypatch.setattr(figures, "read_table", lambda path: reads.append(str(path)) or read_table(path))
    monkeypatch.setattr(figures, "read_boundaries", lambda path: reads.append(str(path)) or read_boundaries(path))
    monkeypatch.setattr(
        figures, "read_reference", lambda input: reads.extend(input["reference"]) or read_reference(input)
    )
    params = {"figures": ["map_threats", "map_incidents"], "langs": ["ru", "en"], "seasons": SEASON_S1}

    figures.run_figures(inputs, {}, {**params, "report_dir": str(tmp_path)})

    expected = [inputs["regional_indices"], inputs["incidents_by_region"], *inputs["reference"], inputs["boundaries"]]
    assert sorted(reads) == sorted(expected)
    ru = (tmp_path / "figures" / "ru" / "map_threats.svg").read_text(encoding="utf-8")
    en = (tmp_path / "figures" / "en" / "map_threats.svg").read_text(encoding="utf-8")
    assert "Карагандинская" in ru and "Karaganda" not in ru
    assert "Karaganda" in en and "Карагандинская" not in en
    assert ">2,0<" in ru and ">2.0<" in en  # Karaganda, with each edition's decimal sign
    assert (tmp_path / "figures" / "en" / "map_incidents_S1.svg").read_bytes().startswith(b"<?xml")


def test_the_reference_input_must_list_every_reference_table(regional, tmp_path: Path) -> None:
    inputs = _map_inputs(regional, tmp_path)
    params = {"figures": ["map_threats"], "langs": ["en"], "seasons": [], "report_dir": str(tmp_path)}
    with pytest.raises(ConfigError, match="reference"):
        figures.run_figures({**inputs, "reference": inputs["reference"][:1]}, {}, params)
