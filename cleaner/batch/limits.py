"""Per-record limits of a batch run, in a module light enough for the CLI to import before it
knows whether it will run a batch at all."""

RECORD_SECONDS = 120.0
"""A record still being cleaned after this long becomes a RecordTimeout error record, so one
pathological page cannot stall an ordered run (process workers and one-job runs only: Dask
runs tasks in threads, which cannot take the alarm signal)."""
