"""The fuzz corpus (tests/fuzz): each hostile or mistaken input gets one short line and exit 2,
writes nothing, and is refused in bounded time and memory.

tests/fuzz/run_cases.py runs every case of tests/fuzz/cases.yaml in its own forked
process (a fresh folder, a memory ceiling, an alarm) and reports exit code, stderr,
time, memory growth and what changed in the folder; each case is one test here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

FUZZ = Path(__file__).parent / "fuzz"
CASES = {case["name"]: case for case in yaml.safe_load((FUZZ / "cases.yaml").read_text())}
MAX_LINE = 1000  # the longest lists what is allowed (27 outcome names)


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, dict]:
    path = tmp_path_factory.mktemp("fuzz") / "results.json"
    done = subprocess.run([sys.executable, str(FUZZ / "run_cases.py"), str(path)], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return {result["name"]: result for result in json.loads(path.read_text())}


def test_the_corpus_covers_the_issue():
    assert len(CASES) >= 80
    assert len({c["name"] for c in CASES.values()}) == len(CASES)
    for case in CASES.values():
        for name in case.get("files", []) + list(case.get("replace", {}).values()):
            assert (FUZZ / "corpus" / name).is_file(), name
        assert case.get("expect") or case.get("lines") == 0, case["name"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(name, results):
    case, result = CASES[name], results[name]
    lines = result["stderr"].strip().splitlines()
    assert result["code"] == case.get("code", 2), result["stderr"]
    assert len(lines) == case.get("lines", 1), result["stderr"][:3000]
    assert all(len(line) <= MAX_LINE for line in lines), lines
    assert "Traceback" not in result["stderr"]
    if case.get("expect"):
        assert case["expect"] in result["stderr"], result["stderr"]
    assert result["changed"] == [], f"the case wrote or changed {result['changed']}"
    assert result["seconds"] < case.get("seconds", 5), result["seconds"]
    assert result["memory_growth"] < case.get("memory_mb", 100) * 2**20, result["memory_growth"]


def test_an_alias_bomb_costs_under_a_second_and_100_mb():
    """The issue's bound, measured in a process of its own: the reader alone, from a cold start."""
    code = ("import resource, time; from hedgesim.config.yaml_files import read_yaml;"
            "from hedgesim.game.parameters import ConfigError;"
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; t = time.perf_counter()\n"
            "try: read_yaml(%r)\nexcept ConfigError as e: message = str(e)\n"
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before,"
            " len(message))" % str(FUZZ / "corpus" / "bomb_params.yaml"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    seconds, kilobytes, length = done.stdout.split()
    assert float(seconds) < 1.0 and int(kilobytes) < 100 * 1024 and int(length) < 300, done.stdout
