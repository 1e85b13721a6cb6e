"""``python -m hrd_bulletin.reconstruct OUT_DIR [--scale S] [--seed N] [--config FILE] [--as csv|kobo|odk]``.

``--example 2018``: the example edition's dataset instead (data/examples/2018/raw).
"""

from __future__ import annotations

import argparse
import sys

from hrd_bulletin.errors import UserError


def main(argv: list[str] | None = None) -> int:
    """Write a reconstructed dataset; scale 1 and seed 0 give the bundled one."""
    parser = argparse.ArgumentParser(
        prog="python -m hrd_bulletin.reconstruct",
        description="Write the reconstructed raw dataset (scale 1, seed 0 = the bundled data/raw).",
    )
    parser.add_argument("out_dir", help="directory to write the raw CSV files into")
    parser.add_argument("--scale", type=int, default=1, help="multiply every count (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="vary the non-published detail (default 0)")
    parser.add_argument("--config", help="take the seasons from this config file instead of the bulletin's")
    parser.add_argument(
        "--as",
        dest="export",
        choices=("csv", "kobo", "odk"),
        default="csv",
        help="write the survey and incidents as CSV (default), a KoboToolbox XLSX export or an ODK Central CSV export",
    )
    parser.add_argument(
        "--example",
        choices=("2018",),
        help="write this example edition's dataset (the bundled seasons, a third and late reports) instead",
    )
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale must be >= 1")
    from hrd_bulletin.reconstruct import write_dataset

    try:
        if args.example:
            from hrd_bulletin.reconstruct.examples import write_example

            paths = write_example(args.out_dir, args.example)
            print(f"wrote {len(paths)} files to {args.out_dir}")
            return 0
        seasons = None
        if args.config:
            from hrd_bulletin.config import load_config

            seasons = load_config(args.config)["seasons"]
        paths = write_dataset(args.out_dir, scale=args.scale, seed=args.seed, seasons=seasons, export=args.export)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {len(paths)} files to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
