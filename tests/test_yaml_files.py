"""The safe YAML reader every config goes through, and the short excerpts errors quote."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hedgesim.config.yaml_files import MAX_NODES, parse_yaml, read_yaml
from hedgesim.game.parameters import ConfigError, excerpt


def test_ordinary_yaml_reads_as_before():
    text = "title: x\nparams:\n  risk_weight: 2.0\n  strategy: hedge\nlist: [1, 2.5, null, true]\n"
    assert parse_yaml(text, "t") == {"title": "x", "params": {"risk_weight": 2.0, "strategy": "hedge"},
                                     "list": [1, 2.5, None, True]}
    assert parse_yaml("", "t") is None


def test_a_few_aliases_and_merge_keys_are_fine():
    text = "base: &b {risk_weight: 1.0, esg_rigidity: 0.5}\nmine:\n  <<: *b\n  risk_weight: 2.0\nagain: *b\n"
    data = parse_yaml(text, "t")
    assert data["mine"] == {"risk_weight": 2.0, "esg_rigidity": 0.5} and data["again"] == data["base"]


@pytest.mark.parametrize("levels, width", [(9, 9), (20, 2), (4, 1000)])
def test_alias_bombs_are_refused_without_expanding(levels, width):
    lines = [f"l0: &l0 [{', '.join(['x'] * width)}]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
    with pytest.raises(ConfigError, match=f"more than {MAX_NODES:,} values through its aliases"):
        parse_yaml("\n".join(lines), "bomb.yaml")


def test_an_expansion_just_under_the_cap_is_read():
    text = "a: &a [" + ", ".join(["x"] * 99) + "]\nb: [" + ", ".join(["*a"] * 900) + "]\n"
    assert len(parse_yaml(text, "t")["b"]) == 900


@pytest.mark.parametrize("text, words", [
    ("a: 1\nb: 2\na: 3\n", "line 3: duplicate key 'a' (first at line 1)"),
    ("x: {k: 1, k: 2}\n", "duplicate key 'k'"),
    ("- {a: 1}\n- {b: 1, b: 2}\n", "duplicate key 'b'"),
    ("1: a\n1: b\n", "duplicate key 1"),
])
def test_duplicate_keys_are_refused_with_both_lines(text, words):
    with pytest.raises(ConfigError, match=words.replace("(", r"\(").replace(")", r"\)")):
        parse_yaml(text, "dup.yaml")


def test_files_too_large_or_not_utf8_are_refused_before_parsing(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * 2000)
    with pytest.raises(ConfigError, match="2,003 bytes is too large for a YAML file; allowed: at most 1,000"):
        read_yaml(big, max_bytes=1000)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("a: 1\nb: Almaty\ncity: Nur-Sultan\u00e9\n".encode("latin-1"))
    with pytest.raises(ConfigError, match=r"not UTF-8 text \(byte 0xe9 at line 3\)"):
        read_yaml(latin)
    bom = tmp_path / "bom.yaml"
    bom.write_bytes("\ufeffa: 1\n".encode())
    assert read_yaml(bom) == {"a": 1}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.printable + "&*[]{}:-!|>'\"\u00e9\u2014", max_size=300))
def test_any_text_parses_or_is_one_short_config_error(text):
    try:
        parse_yaml(text, "fuzz.yaml")
    except ConfigError as error:
        message = str(error)
        assert message.startswith("fuzz.yaml: ") and "\n" not in message and len(message) < 400


values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=300),
                      lambda children: st.lists(children, max_size=10)
                      | st.dictionaries(st.text(max_size=100), children, max_size=10), max_leaves=60)


@settings(max_examples=100, deadline=None)
@given(values)
def test_an_excerpt_is_short_whatever_the_value(value):
    assert len(excerpt(value)) <= 60


def test_an_excerpt_of_a_deeply_nested_or_self_containing_value_is_cheap():
    deep: list = []
    for _ in range(10_000):
        deep = [deep]
    looped: list = []
    looped.append(looped)
    assert len(excerpt(deep)) <= 60 and len(excerpt(looped)) <= 60
    assert excerpt("x" * 10**7).startswith("'xxx") and len(excerpt("x" * 10**7)) == 60
