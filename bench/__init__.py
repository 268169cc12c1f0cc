"""Benchmarks that print figures against a baseline measured in the same run.

Run `python -m bench`. Nothing here asserts a time: machines are shared and noisy, so
every figure sits beside a baseline measured alongside it, interleaved.
"""
