"""Loading and checking the pipeline configuration (seasons, directories, thresholds)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from hrd_bulletin.errors import ConfigError

# Inside the package, so that an installed copy validates configs without the checkout.
SCHEMA_PATH = Path(str(resources.files("hrd_bulletin") / "schemas" / "config.schema.yaml"))


# The seasons of the 2015-2017 bulletin, the bundled config/config.yaml's: the default of a check
# run without a config (a monitor's installed copy) and of the dataset generator.
BULLETIN_SEASONS: tuple[dict[str, str], ...] = (
    {"id": "S1", "start": "2015-08-01", "end": "2016-04-30"},
    {"id": "S2", "start": "2016-05-01", "end": "2017-03-31"},
)


def _as_date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{where}: expected a date YYYY-MM-DD, got {value!r}") from None


def check_seasons(seasons: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Return the seasons with ISO-string dates; raise ConfigError if they are impossible."""
    if not seasons:
        raise ConfigError("config: seasons: at least one season is required")
    checked: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, season in enumerate(seasons):
        sid = str(season.get("id", ""))
        where = f"config: seasons[{i}] ({sid or 'no id'})"
        if not sid:
            raise ConfigError(f"{where}: every season needs an id")
        if sid in seen:
            raise ConfigError(f"{where}: duplicate season id {sid!r}")
        if sid == "all":
            raise ConfigError(f"{where}: 'all' is reserved for the whole-period rows")
        seen.add(sid)
        start = _as_date(season.get("start"), f"{where}: start")
        end = _as_date(season.get("end"), f"{where}: end")
        if end < start:
            raise ConfigError(f"{where}: ends ({end}) before it starts ({start})")
        checked.append({**season, "id": sid, "start": start.isoformat(), "end": end.isoformat()})
    ordered = sorted(checked, key=lambda s: s["start"])
    if [s["id"] for s in ordered] != [s["id"] for s in checked]:
        raise ConfigError("config: seasons: list the seasons in chronological order")
    for prev, cur in itertools.pairwise(ordered):
        if cur["start"] <= prev["end"]:
            raise ConfigError(
                f"config: seasons {prev['id']} and {cur['id']} overlap "
                f"({prev['id']} ends {prev['end']}, {cur['id']} starts {cur['start']})"
            )
    return checked


DEFAULT_DATASET = "default"
_DIR_KEYS = ("raw_dir", "processed_dir", "report_dir")


def datasets(config: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Every dataset to build: the contract's single keys as ``default``, then ``datasets:``."""
    out = {DEFAULT_DATASET: {k: str(config[k]) for k in _DIR_KEYS}}
    for name, entry in (config.get("datasets") or {}).items():
        if name == DEFAULT_DATASET:
            raise ConfigError(f"config: datasets.{name}: the name is reserved for raw_dir/processed_dir/report_dir")
        out[str(name)] = {k: str(entry[k]) for k in _DIR_KEYS}
    return out


def _check_datasets(config: Mapping[str, Any]) -> None:
    # Each dataset's outputs must be its own: the workflow tells datasets apart by directory.
    for key in ("processed_dir", "report_dir"):
        seen: dict[str, str] = {}
        for name, dirs in datasets(config).items():
            path = dirs[key].rstrip("/")
            for other_path, other in seen.items():
                if path == other_path or path.startswith(other_path + "/") or other_path.startswith(path + "/"):
                    raise ConfigError(
                        f"config: datasets {other} and {name} share {key} {dirs[key]!r}: give each its own"
                    )
            seen[path] = name


def _check_previous_edition(config: Mapping[str, Any]) -> None:
    # The previous edition's release is an input: a copy kept apart, never a release this build
    # writes (its report directory's open-data/ or zip would be rewritten under the comparison).
    previous = config.get("previous_edition")
    if not previous:
        return
    where = Path(str(previous)).resolve()
    for name, dirs in datasets(config).items():
        report = Path(dirs["report_dir"]).resolve()
        if where == report or report in where.parents:
            raise ConfigError(
                f"config: previous_edition {previous!r} is inside report_dir {dirs['report_dir']!r} "
                f"(dataset {name}): keep the previous edition's release outside the build"
            )


def check_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """Check what JSON Schema cannot (season order and overlap, datasets); return a normalised copy."""
    out = dict(config)
    out["seasons"] = check_seasons(config.get("seasons") or [])
    _check_datasets(out)
    _check_previous_edition(out)
    min_cell = out.get("disclosure", {}).get("min_cell", 5)
    if int(min_cell) < 1:
        raise ConfigError(f"config: disclosure.min_cell must be >= 1, got {min_cell}")
    return out


def publisher_logos(config: Mapping[str, Any]) -> list[str]:
    """The publisher's logo files as the config names them (organisations in order, then the
    funder), relative to a dataset's raw directory."""
    publisher = config.get("publisher") or {}
    owners = [*publisher.get("organisations", []), publisher.get("funder") or {}]
    return [str(o["logo"]) for o in owners if o.get("logo")]


def check_publisher_files(config: Mapping[str, Any], raw_dir: str | Path) -> None:
    """Stop at start-up, with one line, when a logo the config names is not in the raw directory."""
    for logo in publisher_logos(config):
        path = Path(raw_dir) / logo
        if not path.is_file():
            raise ConfigError(f"config: publisher logo {logo}: file not found ({path})")


def load_config(path: str | Path) -> dict[str, Any]:
    """Read a YAML config file, validate it against the schema and check it."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}{line}: not valid YAML") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping of config keys")
    return prepare_config(raw)


def prepare_config(config: Mapping[str, Any], schema_path: str | Path = SCHEMA_PATH) -> dict[str, Any]:
    """Normalise YAML dates, validate against the JSON Schema, then check what it cannot."""
    out = dict(config)
    seasons = out.get("seasons")
    if isinstance(seasons, list):
        # YAML reads unquoted 2015-08-01 as a date; the schema (and Parquet params) want text.
        out["seasons"] = [
            {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in s.items()} if isinstance(s, Mapping) else s
            for s in seasons
        ]
    publisher = out.get("publisher")
    edition = publisher.get("edition") if isinstance(publisher, Mapping) else None
    if isinstance(edition, Mapping) and edition.get("date") is not None:
        # the release records the date (x-edition.date): as ISO text, and a real date
        day = _as_date(edition["date"], "config: publisher.edition.date").isoformat()
        out["publisher"] = {**publisher, "edition": {**edition, "date": day}}
    validate_schema(out, schema_path)
    return check_config(out)


def validate_schema(config: dict[str, Any], schema_path: str | Path = SCHEMA_PATH) -> None:
    """Validate (and fill defaults) with snakemake.utils.validate; one-line ConfigError on failure."""
    from snakemake.exceptions import WorkflowError
    from snakemake.utils import validate

    try:
        validate(config, str(schema_path))
    except WorkflowError as exc:
        raise ConfigError(f"config: {_schema_message(exc)}") from None


def _schema_message(exc: Exception) -> str:
    # snakemake wraps the jsonschema error; dig out the innermost one for a short message.
    import jsonschema

    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        err = stack.pop()
        if id(err) in seen:
            continue
        seen.add(id(err))
        if isinstance(err, jsonschema.ValidationError):
            path = ".".join(str(p) for p in err.absolute_path) or "(top level)"
            return f"{path}: {err.message}"
        stack.extend(a for a in getattr(err, "args", ()) if isinstance(a, BaseException))
        for attr in ("__cause__", "__context__"):
            inner = getattr(err, attr, None)
            if inner is not None:
                stack.append(inner)
    return str(exc).strip().splitlines()[0]


def edition_id(publisher: Mapping[str, Any]) -> str:
    """The edition's identifier: publisher.edition.id, by default its year."""
    edition = publisher.get("edition") or {}
    value = edition.get("id") or edition.get("year")
    if value is None:
        raise ConfigError("config: publisher.edition has neither an id nor a year (the commentary's folder)")
    return str(value)
