"""graphgrad's benchmarks: each module has `run(quick=False) -> list[dict]` and `main()`."""
