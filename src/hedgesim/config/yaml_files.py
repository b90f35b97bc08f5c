"""The one YAML reader of every config file (scenarios, sweep specs, timelines): safe on hostile input.

    from hedgesim.config.yaml_files import read_yaml
    data = read_yaml(path)              # plain dicts, lists, strings and numbers
    data = read_yaml(path, max_bytes=5_000_000)

A file is refused with one ``ConfigError`` line naming it, what is wrong and
what is allowed, before it can cost time or memory, when it

* is not a regular file (missing, a folder, a symbolic link loop, a device or a pipe);
* is larger than ``max_bytes`` (1 MB by default; it is never read whole first);
* is not UTF-8 text;
* is not valid YAML, or holds several documents;
* nests deeper than ``max_depth``, or would grow past ``max_nodes`` values once
  its aliases are expanded (a "billion laughs" bomb: a few lines of ``&a`` and
  ``*a`` that expand to 10^9 strings), or refers to itself through an alias;
* repeats a key in one mapping (YAML's last-wins would silently drop the first);
* holds an integer too long to convert.

The expanded size is counted on the parsed node graph, where an alias is one
shared node, so a bomb is refused in milliseconds without being expanded.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hedgesim.game.parameters import ConfigError, excerpt, shorten

MAX_BYTES = 1_000_000     # a scenario or spec is a few kB; 1 MB leaves room for long timelines
MAX_NODES = 100_000       # values after expanding aliases
MAX_DEPTH = 50            # nesting levels (configs use fewer than 10)

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present; same results


def shown(path: str | os.PathLike) -> str:
    """A path as messages show it (a very long one cut short)."""
    return shorten(str(path), 200)


def os_reason(error: OSError) -> str:
    """Why a path cannot be used, in words (for ``stat`` and ``open`` errors)."""
    reasons = {errno.ENOENT: "no such file", errno.ELOOP: "a symbolic link loop",
               errno.ENAMETOOLONG: "the name is too long", errno.ENOTDIR: "no such file (a part of "
               "the path is not a folder)", errno.EACCES: "permission denied"}
    return reasons.get(error.errno, (error.strerror or str(error)).lower())


def check_file(path: str | os.PathLike, what: str = "file") -> os.stat_result:
    """The ``stat`` of ``path`` if it is a regular file; else one ConfigError line saying what it is."""
    try:
        info = os.stat(path)
    except OSError as error:
        raise ConfigError(f"{shown(path)}: {os_reason(error)}; expected a {what}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ConfigError(f"{shown(path)}: is a folder; expected a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(f"{shown(path)}: is not a regular file (a device, pipe or socket); "
                          f"expected a {what}")
    return info


def read_text(path: str | os.PathLike, what: str = "file", max_bytes: int = MAX_BYTES) -> str:
    """A small UTF-8 text file's contents, refused (one line) if it is too large or not UTF-8."""
    info = check_file(path, what)
    limit = f"allowed: at most {max_bytes:,} bytes"
    if info.st_size > max_bytes:
        raise ConfigError(f"{shown(path)}: {info.st_size:,} bytes is too large for a {what}; {limit}")
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)  # a file that grew since stat is still cut off
    except OSError as error:
        raise ConfigError(f"{shown(path)}: cannot be read ({error.strerror or error})") from None
    if len(data) > max_bytes:
        raise ConfigError(f"{shown(path)}: more than {max_bytes:,} bytes is too large for a {what}; "
                          f"{limit}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ConfigError(f"{shown(path)}: not UTF-8 text (byte 0x{data[error.start]:02x} at line "
                          f"{line}); save the file as UTF-8") from None


class _DuplicateKey(Exception):
    def __init__(self, key: Any, first: Node, again: Node):
        super().__init__(f"line {again.start_mark.line + 1}: duplicate key {excerpt(key)} (first at "
                         f"line {first.start_mark.line + 1}); a key may appear once in a mapping")


class _Loader(_Base):
    """The safe loader, refusing duplicate keys."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, MappingNode):
            seen: dict[Any, Node] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node)
                try:
                    first = seen.setdefault(key, key_node)
                except TypeError:
                    continue  # unhashable keys are refused by the constructor itself
                if first is not key_node:
                    raise _DuplicateKey(key, first, key_node)
        return super().construct_mapping(node, deep=deep)


def _measure(root: Node, source: str, max_nodes: int, max_depth: int) -> None:
    """Refuse a node graph that nests too deeply, refers to itself or expands past ``max_nodes``.

    Iterative and memoised by node identity, so an alias (a shared node) is
    counted at its expanded size without being expanded.
    """
    size: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            total = 1 + sum(size[id(child)] for child in _children(node))
            if total > max_nodes:
                raise ConfigError(f"{source}: expands to more than {max_nodes:,} values through its "
                                  f"aliases (&anchor / *alias); allowed: at most {max_nodes:,}")
            size[key] = total
            continue
        if key in size:
            continue
        if key in on_path:
            raise ConfigError(f"{source}: an alias refers to the value that contains it (line "
                              f"{node.start_mark.line + 1}); recursive values are not allowed")
        if depth > max_depth:
            raise ConfigError(f"{source}: nested more than {max_depth} levels deep (line "
                              f"{node.start_mark.line + 1}); allowed: at most {max_depth}")
        on_path.add(key)
        stack.append((node, depth, True))
        for child in _children(node):
            if id(child) in on_path:
                raise ConfigError(f"{source}: an alias refers to the value that contains it (line "
                                  f"{child.start_mark.line + 1}); recursive values are not allowed")
            if id(child) not in size:
                stack.append((child, depth + 1, False))


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def parse_yaml(text: str, source: str, max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH) -> Any:
    """Parse one YAML document from ``text`` with the limits above; ``source`` names it in errors."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _measure(node, source, max_nodes, max_depth)
        return loader.construct_document(node)
    except _DuplicateKey as error:
        raise ConfigError(f"{source}: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or getattr(error, "reason", None) or \
            (str(error).splitlines() or ["invalid YAML"])[0]
        problem = " ".join(str(problem).split())
        raise ConfigError(f"{source}: not valid YAML{where}: {shorten(problem, 160)}") from None
    except ConfigError:
        raise
    except ValueError as error:  # an integer of more digits than Python converts (4300)
        why = str(error).split(":")[0] if "digits" in str(error) else shorten(str(error), 160)
        raise ConfigError(f"{source}: a value cannot be read ({why})") from None
    except RecursionError:
        raise ConfigError(f"{source}: nested too deeply; allowed: at most {max_depth} levels") from None
    finally:
        loader.dispose()


def read_yaml(path: str | os.PathLike, what: str = "YAML file", max_bytes: int = MAX_BYTES,
              max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH) -> Any:
    """Read and parse a YAML config file safely (see the module's docstring for what is refused)."""
    return parse_yaml(read_text(path, what, max_bytes), shown(path), max_nodes, max_depth)


def is_path_like(text: str) -> bool:
    """Whether a command-line name means a file: it ends in .yaml/.yml or names anything on disk."""
    return text.endswith((".yaml", ".yml")) or os.path.lexists(text)


__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "check_file", "is_path_like", "os_reason", "parse_yaml",
           "read_text", "read_yaml", "shown"]
