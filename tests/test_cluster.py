"""A real Dask cluster: a scheduler and two workers started as separate processes on localhost.

``--scheduler tcp://127.0.0.1:PORT`` must give the very dataset a one-process run
gives, whether the workers write it themselves (they see the output folder) or
send their results back to the client (as on a cluster without shared storage).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import config, corpus
from analysis.cli import main

DASK = Path(sys.executable).parent / "dask"
START_TIMEOUT = 90  # seconds, on a busy 2-core machine


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:  # each in its own session: the whole group goes
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(timeout=20)


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """Address of a ``dask scheduler`` with two ``dask worker`` processes (one thread each)."""
    from distributed import Client

    home = tmp_path_factory.mktemp("cluster")
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False"}
    procs: list[subprocess.Popen] = []

    def start(*args: str, log: str) -> None:
        with open(home / log, "wb") as fh:
            procs.append(subprocess.Popen([str(DASK), *args], cwd=home, env=env, stdout=fh,
                                          stderr=subprocess.STDOUT, start_new_session=True))

    try:
        info = home / "scheduler.json"
        start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
              "--scheduler-file", str(info), log="scheduler.log")
        deadline = time.monotonic() + START_TIMEOUT
        while not info.is_file() or not info.read_text(encoding="utf-8").strip():
            if time.monotonic() > deadline or procs[0].poll() is not None:
                pytest.fail("the Dask scheduler did not start: "
                            + (home / "scheduler.log").read_text(encoding="utf-8", errors="replace")[-2000:])
            time.sleep(0.2)
        address = json.loads(info.read_text(encoding="utf-8"))["address"]
        for name in ("w1", "w2"):
            start("worker", address, "--name", name, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                  "--local-directory", str(home / name), log=f"{name}.log")
        with Client(address, timeout=START_TIMEOUT) as client:
            client.wait_for_workers(2, timeout=START_TIMEOUT)
            pids = client.run(os.getpid)
        assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()  # separate processes
        yield address
    finally:
        _stop(procs[::-1])  # workers first, then the scheduler


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """24 articles (more than PER_ARTICLE_MAX: the dataset alone) from the bundled article's sentences."""
    body = max(config.SAMPLE_ARTICLE.read_text(encoding="utf-8").splitlines(), key=len)
    sents = re.split(r"(?<=[.!?»])\s+(?=[«A-ZÀ-Ý])", body)
    rng = random.Random(3)
    d = tmp_path_factory.mktemp("in")
    for i in range(24):
        (d / f"depeche-{i:02d}.txt").write_text(f"Dépêche {i}\n\n" + " ".join(rng.sample(sents, rng.randint(3, 8)))
                                                + "\n", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def one_process(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("one") / "out"
    assert main(["report", str(folder), "--out", str(out), "--no-cache", "--no-figures", "-q"]) == 0
    return out


def test_an_external_scheduler_gives_the_one_process_dataset(scheduler, folder, one_process, tmp_path):
    out = tmp_path / "out"
    assert main(["report", str(folder), "--out", str(out), "--scheduler", scheduler, "--no-cache", "--no-figures",
                 "-q"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["corpus"]
    assert _digest(out / "corpus") == _digest(one_process / "corpus")
    assert len(corpus.read_corpus_table(out, "summaries")) == 24


def test_workers_without_shared_storage_send_results_back(scheduler, folder, one_process, tmp_path, monkeypatch):
    monkeypatch.setattr(corpus.run, "workers_share_files", lambda *a: False)  # as if OUT lived on the client only
    out = tmp_path / "out"
    assert main(["report", str(folder), "--out", str(out), "--scheduler", scheduler, "--no-cache", "--no-figures",
                 "-q"]) == 0
    assert _digest(out / "corpus") == _digest(one_process / "corpus")
