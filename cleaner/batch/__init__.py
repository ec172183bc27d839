"""Cleaning a dump: the local multi-process engine (``run``), the Dask engine
(``dask_engine``) and the run summary and report (``summary``).
"""
