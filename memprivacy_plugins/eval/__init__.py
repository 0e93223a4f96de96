"""Evaluation: dataset I/O, span metrics and leak rate, and the benchmarks behind ``memprivacy bench``.

Nothing here is imported by the engine; it is for ``memprivacy eval``/``bench`` and tests.
"""
