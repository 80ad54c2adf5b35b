"""Where batches run: in this process, on an embedded Dask ``LocalCluster`` or on an existing scheduler.

Dask (``distributed``) is imported only when a cluster is asked for.
"""

from __future__ import annotations

import secrets
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..intake import InputError
from .batch import warm_up


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for it in items:
        batch.append(it)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Local:
    """Runs batches in this process (no Dask)."""

    def submit(self, fn, *args):
        return fn(*args)

    @staticmethod
    def result(fut):
        return fut

    def close(self):
        pass


#: Dask polling intervals lengthened for the embedded cluster (defaults 20 ms, 500 ms and
#: 100 ms): the event-loop tick (it only times blocked loops), the system monitor (CPU and
#: memory statistics for the dashboard, which is off) and the memory monitor of the workers
#: and nannies (spill, pause, restart: a batch's memory grows over seconds, not
#: milliseconds).  An idle 2-worker cluster took 0.9 s of CPU per 10 s with the defaults,
#: 0.16 s with these (docs/corpus.md).
DASK_QUIET = {"distributed.admin.tick.interval": "1s", "distributed.admin.system-monitor.interval": "2s",
              "distributed.worker.memory.monitor-interval": "500ms"}


class DaskExecutor:
    """Runs batches on a Dask cluster: an embedded LocalCluster or an existing scheduler.

    Use it directly to keep a cluster warm across several :func:`run_corpus` calls
    (notebooks, benchmarks); :meth:`warm_up` loads the model on every worker.
    """

    def __init__(self, workers: int, scheduler: str | None):
        # dask/distributed: optional heavy dependencies (about a second to import), only for clusters
        from distributed import Client, LocalCluster

        if scheduler:
            self.cluster = None
            self.client = Client(scheduler)
        else:
            import dask

            # Two Dask defaults cost the parse dearly here (measured, docs/corpus.md):
            # MALLOC_TRIM_THRESHOLD_=65536, which hands memory back to the OS sooner but
            # makes spaCy's many short-lived arrays ~30% slower (memory stays bounded
            # without it: batches are streamed), and the workers' statistical profiler,
            # which samples every thread's stack 100 times a second.  Three polling
            # intervals are lengthened (DASK_QUIET): their callbacks took the GIL from the
            # parse and, with the scheduler and the nannies, CPU from the workers.
            with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                                  "distributed.worker.profile.enabled": False, **DASK_QUIET}):
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            dashboard_address=None, silence_logs=40)
            self.client = Client(self.cluster)

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    @staticmethod
    def result(fut):
        return fut.result()

    def warm_up(self) -> None:
        """Load the spaCy model and every analyser's resources on every worker (timing then
        excludes start-up)."""
        self.client.run(warm_up)

    def close(self):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _in_order(runner, tasks: Iterable[tuple], in_flight: int) -> Iterator:
    """Submit ``(fn, *args)`` tasks with at most ``in_flight`` pending; yield results in order."""
    pending: deque = deque()
    try:
        for task in tasks:
            pending.append(runner.submit(*task))
            if len(pending) >= in_flight:
                yield runner.result(pending.popleft())
        while pending:
            yield runner.result(pending.popleft())
    finally:
        for fut in pending:  # stopped early: do not start what is still queued
            if hasattr(fut, "cancel"):
                fut.cancel()


def _make_runner(workers: int, scheduler: str | None):
    if not (scheduler or workers > 1):
        return _Local()
    if not scheduler:
        return DaskExecutor(workers, None)
    try:
        return DaskExecutor(workers, scheduler)
    except (OSError, ValueError, TypeError, TimeoutError) as exc:  # a bad or unreachable address
        raise InputError(f"--scheduler {scheduler}", f"cannot reach the Dask scheduler "
                                                     f"({type(exc).__name__}: {exc})") from None


def _sees(path: str, token: str) -> bool:
    try:
        return Path(path).read_text(encoding="utf-8") == token
    except OSError:
        return False


def workers_share_files(runner, *folders: Path) -> bool:
    """Whether every worker sees ``folders`` as this process does (a shared file system).

    True for in-process and local-cluster runs; for a remote scheduler, a probe
    file written here is looked for on every worker.
    """
    if isinstance(runner, _Local) or getattr(runner, "cluster", None) is not None:
        return True
    token = secrets.token_hex(8)
    probes = []
    try:
        for folder in folders:
            probe = Path(folder) / f".cadrage-probe-{token}"
            probe.write_text(token, encoding="utf-8")
            probes.append(probe)
        seen = [runner.client.run(_sees, str(p), token) for p in probes]
        return all(seen) and all(all(s.values()) for s in seen)
    except Exception:  # noqa: BLE001 - no answer means: do not rely on it
        return False
    finally:
        for p in probes:
            p.unlink(missing_ok=True)
