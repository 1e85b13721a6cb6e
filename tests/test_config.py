"""Config loading: the bundled config is valid; impossible configs stop with one clear line."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml

from hrd_bulletin.config import load_config, prepare_config
from hrd_bulletin.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
BASE = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))


def test_bundled_config_is_valid_and_normalised():
    config = load_config(ROOT / "config" / "config.yaml")
    assert [s["id"] for s in config["seasons"]] == ["S1", "S2"]
    # unquoted YAML dates come back as ISO text
    assert config["seasons"][0]["start"] == "2015-08-01"
    assert config["seasons"][1]["end"] == "2017-03-31"
    assert config["disclosure"]["min_cell"] == 5
    assert config["contract_version"] == "1.0"


def test_schema_fills_defaults():
    config = copy.deepcopy(BASE)
    del config["disclosure"], config["log_dir"]
    out = prepare_config(config)
    assert out["disclosure"] == {"min_cell": 5}
    assert out["log_dir"] == "logs"


def test_schema_fills_the_ingest_limits():
    config = copy.deepcopy(BASE)
    config.pop("ingest", None)
    assert prepare_config(config)["ingest"] == {
        "max_field_bytes": 1048576,
        "max_unzipped_bytes": 268435456,
        "max_zip_ratio": 200,
    }
    config["ingest"] = {"max_field_bytes": 4096}
    assert prepare_config(config)["ingest"] == {
        "max_field_bytes": 4096,
        "max_unzipped_bytes": 268435456,
        "max_zip_ratio": 200,
    }


@pytest.mark.parametrize(
    "mutate, message",
    [
        (
            lambda c: c["seasons"][0].update(end="2015-01-01"),
            "config: seasons[0] (S1): ends (2015-01-01) before it starts (2015-08-01)",
        ),
        (lambda c: c["seasons"][1].update(id="S1"), "config: seasons[1] (S1): duplicate season id 'S1'"),
        (
            lambda c: c["seasons"][1].update(start="2016-04-30"),
            "config: seasons S1 and S2 overlap (S1 ends 2016-04-30, S2 starts 2016-04-30)",
        ),
        (lambda c: c["seasons"].reverse(), "config: seasons: list the seasons in chronological order"),
        (lambda c: c.pop("raw_dir"), "config: (top level): 'raw_dir' is a required property"),
        (lambda c: c["disclosure"].update(min_cell=0), "config: disclosure.min_cell: 0 is less than the minimum of 1"),
        (
            lambda c: c["seasons"][0].update(start="2015-13-01"),
            "config: seasons[0] (S1): start: expected a date YYYY-MM-DD, got '2015-13-01'",
        ),
        (
            lambda c: c["seasons"][0].update(id="all"),
            "config: seasons[0] (all): 'all' is reserved for the whole-period rows",
        ),
        (lambda c: c.update(contract_version="2.0"), "config: contract_version: '2.0' is not one of ['1.0']"),
        (
            lambda c: c.update(ingest={"max_field_bytes": 0}),
            "config: ingest.max_field_bytes: 0 is less than the minimum of 1",
        ),
        (
            lambda c: c.update(ingest={"max_zip_ratio": "high"}),
            "config: ingest.max_zip_ratio: 'high' is not of type 'integer'",
        ),
        (
            lambda c: c["publisher"]["edition"].update(date="2017-13-45"),
            "config: publisher.edition.date: expected a date YYYY-MM-DD, got '2017-13-45'",
        ),
        (lambda c: c.update(previous_edition=""), "config: previous_edition: '' should be non-empty"),
        (
            lambda c: c.update(previous_edition="reports/build/open-data.zip"),
            "config: previous_edition 'reports/build/open-data.zip' is inside report_dir 'reports/build' "
            "(dataset default): keep the previous edition's release outside the build",
        ),
        (
            lambda c: c.update(comparison={"min_base": -1}),
            "config: comparison.min_base: -1 is less than the minimum of 0",
        ),
    ],
)
def test_impossible_configs_give_one_line(mutate, message):
    config = copy.deepcopy(BASE)
    mutate(config)
    with pytest.raises(ConfigError) as info:
        prepare_config(config)
    assert str(info.value) == message
    assert "\n" not in str(info.value)


def test_the_comparison_defaults_and_the_edition_date() -> None:
    config = copy.deepcopy(BASE)
    config["publisher"]["edition"]["date"] = dt.date(2017, 6, 1)  # as YAML reads 2017-06-01
    out = prepare_config(config)
    assert out["comparison"] == {"min_base": 10}
    assert "previous_edition" not in out
    assert out["publisher"]["edition"]["date"] == "2017-06-01"


def test_three_seasons_are_accepted():
    config = copy.deepcopy(BASE)
    config["seasons"].append({"id": "S3", "start": "2017-04-01", "end": "2018-03-31"})
    assert [s["id"] for s in prepare_config(config)["seasons"]] == ["S1", "S2", "S3"]


def test_unreadable_config_file(tmp_path):
    bad = tmp_path / "c.yaml"
    bad.write_text("seasons: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"c\.yaml:\d+: not valid YAML"):
        load_config(bad)


def test_a_missing_publisher_logo_stops_the_run_with_one_line(tmp_path) -> None:
    from hrd_bulletin.config import check_publisher_files, publisher_logos

    config = {
        "publisher": {
            "organisations": [
                {"name_ru": "А", "name_en": "A", "logo": "publisher/a.svg"},
                {"name_ru": "Б", "name_en": "B"},
            ],
            "funder": {"name_ru": "Ф", "name_en": "F", "logo": "publisher/f.png"},
        }
    }
    assert publisher_logos(config) == ["publisher/a.svg", "publisher/f.png"]
    (tmp_path / "publisher").mkdir()
    (tmp_path / "publisher" / "a.svg").write_text("<svg/>", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^config: publisher logo publisher/f\.png: file not found"):
        check_publisher_files(config, tmp_path)
    (tmp_path / "publisher" / "f.png").write_bytes(b"\x89PNG")
    check_publisher_files(config, tmp_path)
    check_publisher_files({}, tmp_path)  # no publisher block: nothing to check
