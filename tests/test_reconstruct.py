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
