"""Developer scripts: data generators, documentation hooks and checks (not part of the packages)."""
