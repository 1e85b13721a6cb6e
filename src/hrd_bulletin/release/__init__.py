"""The open-data release of an edition: every published aggregate as CSV, with a Frictionless
data package, a Russian and English README, and a zip of it all (docs/open-data.md)."""
