"""Parse documents on a Dask cluster (`fiscal build --executor dask --scheduler ADDRESS`).

Each document is one task: the worker that runs it parses the file and writes its rows to the
document's folder of the parse cache (ingest.worker.parse_to_folder), so files and cache must be
on a path every worker reaches (a shared disk) and every worker runs this project's Python
environment. The build then lands and runs dbt on one machine, as with local workers. Summaries
come back as tasks finish, with their input position. A task that raises (its worker died, say)
gives a `failed` document with the reason; memory and time limits are the cluster's own
(`--memory-limit` of `dask worker`), not `--timeout`/`--memory-mb`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ingest.land import DocumentSummary
from ingest.worker import Job, failed_job, parse_to_folder


def ingest_on_cluster(jobs: list[Job], scheduler: str) -> Iterator[tuple[int, DocumentSummary]]:
    """Parse the jobs as tasks of the Dask scheduler at `scheduler`; yield (input position, summary)."""
    from distributed import Client, as_completed  # the cluster's client: imported only when used

    with Client(scheduler) as client:  # type: ignore[no-untyped-call]
        futures = client.map(parse_to_folder, jobs, pure=False)
        position = {future.key: k for k, future in enumerate(futures)}
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            k = position[future.key]
            try:
                summary: DocumentSummary = future.result()
            except Exception as exc:  # the task, not the document, failed: reported, the rest goes on
                summary = failed_job(jobs[k], f"cluster task failed ({type(exc).__name__}: {exc})")
            yield k, summary
