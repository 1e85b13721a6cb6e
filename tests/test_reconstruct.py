"""The committed data/raw is exactly what the generator writes (scale 1, seed 0)."""

from __future__ import annotations

from pathlib import Path

from hrd_bulletin.reconstruct import write_dataset
from hrd_bulletin.reconstruct.__main__ import main

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def test_committed_raw_files_are_byte_identical_to_the_generator(tmp_path):
    written = write_dataset(tmp_path)
    assert len(written) == 13  # 5 reference tables, 5 raw tables, datapackage.json, 2 placeholder logos
    for path in written:
        name = path.relative_to(tmp_path)
        assert (RAW / name).read_bytes() == path.read_bytes(), f"data/raw/{name} differs from the generator"


def test_cli_writes_a_scaled_dataset(tmp_path, capsys):
    assert main([str(tmp_path), "--scale", "2", "--seed", "1"]) == 0
    assert "wrote 13 files" in capsys.readouterr().out
    with open(tmp_path / "incidents.csv", encoding="utf-8") as fh:
        assert sum(1 for _ in fh) - 1 == 2 * 967


def test_committed_example_edition_is_byte_identical_to_the_generator(tmp_path):
    from hrd_bulletin.reconstruct.examples import write_example

    example = RAW.parents[1] / "data" / "examples" / "2018" / "raw"
    written = write_example(tmp_path, "2018")
    assert len(written) == 13
    for path in written:
        name = path.relative_to(tmp_path)
        assert (example / name).read_bytes() == path.read_bytes(), f"data/examples/2018/raw/{name} differs"
    # the bundled edition's rows come first, unchanged
    for name in ("incidents.csv", "violations.csv", "court_cases.csv", "media.csv"):
        bundled = (RAW / name).read_bytes()
        assert (example / name).read_bytes().startswith(bundled), name
    # the survey: waves 1 and 2 of data/raw byte for byte, then wave 3 only
    bundled_survey = (RAW / "survey.csv").read_bytes()
    survey = (example / "survey.csv").read_bytes()
    assert survey.startswith(bundled_survey)
    assert all(line.split(",")[1] == "3" for line in survey[len(bundled_survey) :].decode().splitlines())
    # the boundaries and crosswalk are not generated: copies of data/raw's
    for name in ("region_crosswalk.csv", "regions_2015.geojson", "regions_2015.provenance.json"):
        assert (example / "reference" / name).read_bytes() == (RAW / "reference" / name).read_bytes(), name


def test_cli_writes_the_example_edition(tmp_path, capsys):
    assert main([str(tmp_path), "--example", "2018"]) == 0
    assert "wrote 13 files" in capsys.readouterr().out
