"""authlint on a real Dask LocalCluster (2 worker processes, 127.0.0.1, no dashboard): results
identical to a serial run row for row, a worker killed mid-run, `authlint batch --scheduler`."""

from __future__ import annotations

import os
import pickle
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

pytest.importorskip("distributed")
import dask.bag as db
import dask.dataframe as dd
from distributed import Client

from authlint import Linter
from authlint.batch import lint_partition
from authlint.batch.cluster import local_cluster
from authlint.batch.sinks import records
from authlint.cli import cli
from authlint.dask import lint_bag, lint_dataframe

CONFIG = {"select": ["PRO", "SNK", "CON", "SEL"]}
TEXTS = [
    "Buy now!!! Only 3 left, link in bio.",
    "Huge thanks to @lina_dev for rewriting the importer over a weekend.",
    "Oh great, another Monday of waiting an hour for the bus.",
    "So proud to announce that I crushed my sales targets again. #blessed",
    "What slows you down most when you publish? Reply and tell me.",
]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with local_cluster(2) as cluster, Client(cluster) as c:
        c.run(lambda: __import__("authlint.batch.partition").batch.partition.worker_linter(CONFIG)[0].prepare())  # spaCy, once per worker
        yield c


@pytest.fixture(scope="module")
def posts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dask") / "posts.parquet"
    rows = [{"post_id": f"id{i}", "body": f"{TEXTS[i % len(TEXTS)]} ({i})"} for i in range(40)]
    rows[17]["body"] = None  # a bad row mid-input
    pd.DataFrame(rows).astype({"post_id": "string", "body": "string"}).to_parquet(path, row_group_size=5)
    return path


@pytest.fixture(scope="module")
def serial(client: Client, posts: Path) -> list[dict[str, Any]]:
    """The reference: the whole table as one partition, one process, posts in order (run on a
    worker, whose Linter is already loaded, to spare the test process a spaCy load)."""
    task = client.submit(lint_partition, pd.read_parquet(posts), text="body", id="post_id", config=CONFIG, pure=False)
    return records(task.result())


def test_a_two_worker_cluster_gives_the_serial_results_row_for_row(client: Client, posts: Path, serial: list[dict[str, Any]]) -> None:
    ddf = dd.read_parquet(posts, split_row_groups=True)
    assert ddf.npartitions >= 4
    result = lint_dataframe(ddf, text="body", id="post_id", config=CONFIG)
    assert result._meta["id"].dtype == pd.StringDtype() and result._meta["error"].dtype == pd.StringDtype()
    computed = result.compute()
    assert computed["id"].dtype == pd.StringDtype()
    assert records(computed.reset_index(drop=True)) == serial
    assert serial[17]["error"] == "field 'body' is not a string" and serial[17]["score"] is None
    assert sum(r["error_count"] + r["warning_count"] for r in serial) > 0  # the comparison has findings in it
    workers = client.run(os.getpid)
    assert len(set(workers.values())) == 2 and all(addr.startswith("tcp://127.0.0.1:") for addr in workers)


def test_a_bag_of_posts(client: Client) -> None:
    bag = db.from_sequence([TEXTS[0], {"id": "t", "text": TEXTS[1]}, TEXTS[2]], npartitions=2)
    rows = lint_bag(bag, config=CONFIG).compute()
    assert [r["id"] for r in rows] == ["0", "t", "0"]  # ids: the position in each partition when absent
    assert [f["rule"] for f in rows[0]["findings"]][:1] == ["PRO101"]


def test_batch_command_on_the_cluster(client: Client, posts: Path, serial: list[dict[str, Any]], tmp_path: Path) -> None:
    config = tmp_path / ".authlint.yaml"
    config.write_text("select: [PRO, SNK, CON, SEL]\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    result = CliRunner().invoke(cli, [
        "batch", str(posts), "--out", str(out), "--text-field", "body", "--id-field", "post_id",
        "--config", str(config), "--scheduler", client.scheduler.address, "--partition-rows", "9",
    ], catch_exceptions=False)
    assert result.exit_code == 2, result.output  # row 18 has no text: written, reported, exit 2
    assert result.stderr == (f"authlint: error: 1 row not checked (bad input; the error column of {out} says why), "
                             "the first: row 18: field 'body' is not a string (fields: body, post_id; use --text-field)\n")
    assert "40 rows in 5 partitions" in result.stdout and "on 2 workers" in result.stdout
    got = records(pd.read_parquet(out))
    assert [r["id"] for r in got] == [r["id"] for r in serial]
    assert [(r["score"], r["findings"] and [f["rule"] for f in r["findings"]]) for r in got] == [
        (r["score"], r["findings"] and [f["rule"] for f in r["findings"]]) for r in serial
    ]


def test_a_linter_pickles_by_its_config_even_after_checking(linter: Linter) -> None:
    linter.check("Buy now!!!")  # the tagger has run
    copy = pickle.loads(pickle.dumps(linter))
    assert copy.config == linter.config and copy.list_claims == linter.list_claims
    assert len(pickle.dumps(linter)) < 20_000  # the config, not a pipeline
    assert copy.check("Buy now!!!") == linter.check("Buy now!!!")


def test_a_local_cluster_forks_workers_that_share_what_the_driver_prepared() -> None:
    """``--scheduler local``: the Linter the driver built before the cluster started is already
    in each worker's cache (forked, not spawned and rebuilt), and Dask's profiler is off there."""
    from authlint.batch.cluster import connect
    from authlint.batch.partition import _cached, worker_linter

    def warm() -> None:
        worker_linter(CONFIG)  # rules bound; spaCy is not needed for what is asserted

    with connect("local:1", warm=warm) as c:
        info = _cached.cache_info()  # after warm: the driver built CONFIG's Linter
        # in the worker, asking for CONFIG's Linter is a hit on the inherited cache: none is built
        after = c.run(lambda: (worker_linter(CONFIG), tuple(_cached.cache_info()[:2]))[1])
        profiling = c.run(lambda: __import__("dask").config.get("distributed.worker.profile.enabled"))
    assert list(after.values()) == [(info.hits + 1, info.misses)] and list(profiling.values()) == [False]


# Last: the killed worker's nanny may take a while to bring it back.
def test_a_worker_killed_mid_run_is_retried_and_every_row_comes_back_once(
    client: Client, posts: Path, serial: list[dict[str, Any]],
) -> None:
    ddf = dd.read_parquet(posts, split_row_groups=True)
    future = client.compute(lint_dataframe(ddf, text="body", id="post_id", config=CONFIG))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # wait until some worker is linting a partition
        busy = {w: keys for w, keys in client.processing().items() if any("lint_partition" in str(k) for k in keys)}
        if busy:
            break
        time.sleep(0.05)
    assert busy, "no partition ever started"
    victim = next(iter(busy))
    os.kill(client.run(os.getpid, workers=[victim])[victim], signal.SIGKILL)
    computed = future.result(timeout=120)
    assert records(computed.reset_index(drop=True)) == serial
    assert computed["id"].is_unique and len(computed) == len(serial)
