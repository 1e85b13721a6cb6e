"""The bulletin: the registry of figures, charts, maps, the context of each part, HTML and PDF."""
