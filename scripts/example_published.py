"""Write config/published/example_2018.yaml: the 2017 bulletin's figures the example edition keeps.

The example edition (config/examples/2018.yaml, data/examples/2018/raw) is the bundled data plus
a third season, four late-reported incidents of season 2 and a third survey wave. Its
reproduction audit is against the 2017 bulletin's figures that none of these additions moves, so
that it reports 0 mismatches: a mismatch there means the pipeline changed a figure it should not
have. Each figure of config/published/bulletin_2017.yaml is copied as it is, rewritten, or
dropped by the groups of ``decide`` (the header of the written file lists them):

    python scripts/example_published.py          # rewrite the file
    python scripts/example_published.py --check  # exit 1 when the committed file differs
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "config" / "published" / "bulletin_2017.yaml"
TARGET = ROOT / "config" / "published" / "example_2018.yaml"

# Incident-based tables: the four late reports of season 2 change season 2's counts, and every
# share, rank and settlement count built from them. Media and court monitoring have no late
# reports (the example adds to them in season 3 only), so their season-2 figures stay.
INCIDENT_TABLES = frozenset(
    {"incidents_by_season", "incidents_by_settlement", "victim_categories", "threat_types", "threat_sources"}
)
SURVEY_WAVE_OF_2017 = 2  # the 2017 bulletin's "latest wave"

HEADER = """\
# The 2017 bulletin's published figures that the example edition (config/examples/2018.yaml) does
# not move: its reproduction audit. Written by scripts/example_published.py from
# config/published/bulletin_2017.yaml (do not edit by hand; rerun the script). Every figure is
# copied unchanged except:
#
# - dropped, `consistent: false`: figures the 2017 bulletin contradicts (its notes say how); they
#   mismatch in the bundled edition's audit as well, whatever the data;
# - dropped, `season: all` on any table: season 3 adds to every total over the seasons
#   (incidents, media, courts, state response, the months observed);
# - dropped, season S2 (alone or in a list) of the incident tables (incidents_by_season,
#   incidents_by_settlement, victim_categories, threat_types, threat_sources): the four
#   late-reported incidents of season 2 change its counts and every share, rank and settlement
#   count built from them (media and courts have no late reports: their season-2 figures stay);
# - dropped, index_dynamics: the example's dynamics are between waves 2 and 3, the bulletin's
#   between waves 1 and 2;
# - rewritten, `wave: latest` -> `wave: 2`: the survey figures of the 2017 bulletin are of its
#   latest wave, wave 2 (the example's latest is wave 3); wave 2 is the bundled one, byte for byte.
#
# Kept as they are: season 1's figures, media's season-2 figures (and seasons 1 and 2 together)
# and the figures no table holds (`table: null`, not computable in any edition).
"""


def decide(fig: Mapping[str, Any]) -> str:
    """``keep``, ``pin`` (wave: latest -> 2) or the group a figure is dropped for."""
    if not fig["consistent"]:
        return "drop: inconsistent"
    table, filt = fig["table"], fig["filter"] or {}
    filters = [filt, *([fig["divide_by"]["filter"]] if "divide_by" in fig else [])]
    seasons = [
        s for f in filters if "season" in f for s in (f["season"] if isinstance(f["season"], list) else [f["season"]])
    ]
    if "all" in seasons:
        return "drop: over all seasons"
    if table in INCIDENT_TABLES and "S2" in seasons:
        return "drop: season 2 incidents"
    if table == "index_dynamics":
        return "drop: index dynamics"
    if any(f.get("wave") == "latest" for f in filters):
        return "pin"
    return "keep"


def _blocks(lines: list[str]) -> tuple[list[str], list[tuple[list[str], list[str]]]]:
    """The lines up to ``figures:``, then (comment lines before, figure lines) per figure."""
    start = lines.index("figures:\n") + 1
    blocks: list[tuple[list[str], list[str]]] = []
    pending: list[str] = []
    for line in lines[start:]:
        if line.startswith("  - id: "):
            blocks.append((pending, [line]))
            pending = []
        elif line.startswith("  #") or (not line.strip() and (pending or not blocks)):
            # a section heading, or a blank line before the first figure or after a heading
            pending.append(line)
        else:
            blocks[-1][1].append(line)
    return lines[:start], blocks


def example_text(source: str) -> str:
    """The example's published-figures YAML, from the text of bulletin_2017.yaml."""
    figures = yaml.safe_load(source)["figures"]
    lines = source.splitlines(keepends=True)
    head, blocks = _blocks(lines)
    if len(blocks) != len(figures):
        raise RuntimeError(f"{len(blocks)} figure blocks for {len(figures)} figures")
    body = [line for line in head if not line.startswith("#")]
    comments: list[str] = []
    for fig, (before, block) in zip(figures, blocks):
        # a new section's heading replaces that of a section whose figures were all dropped
        comments = before if any(line.startswith("  #") for line in before) else comments + before
        verdict = decide(fig)
        if verdict.startswith("drop"):
            continue
        if block[0] != f"  - id: {fig['id']}\n":
            raise RuntimeError(f"figure block {block[0]!r} is not {fig['id']}")
        if verdict == "pin":
            block = [line.replace("wave: latest", f"wave: {SURVEY_WAVE_OF_2017}") for line in block]
        body += comments + block
        comments = []
    text = HEADER + "".join(body)
    return text.rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed file differs")
    args = parser.parse_args(argv)
    text = example_text(SOURCE.read_text(encoding="utf-8"))
    if args.check:
        same = TARGET.is_file() and TARGET.read_text(encoding="utf-8") == text
        print(f"{TARGET.relative_to(ROOT)}: {'up to date' if same else 'differs from the script'}")
        return 0 if same else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: {text.count(chr(10) + '  - id: ')} figures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
