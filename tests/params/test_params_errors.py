"""Every loader error names the file and the parameter."""
from __future__ import annotations

import re

import pytest

from partage.core.params import ParameterError


def _error(write_tree, files: dict[str, str]) -> str:
    from partage.core.params import load_parameters

    with pytest.raises(ParameterError) as info:
        load_parameters(write_tree(files))
    return str(info.value)


def test_missing_reference(write_tree):
    message = _error(write_tree, {"ss/rate.yaml": "values:\n  2021-01-01:\n    value: 0.1307\n"})
    assert "ss/rate.yaml" in message and "ss.rate" in message and "no reference" in message


def test_reference_on_some_values_only_is_not_enough(write_tree):
    message = _error(write_tree, {"r.yaml": """
        values:
          2021-01-01: {value: 1, reference: law A}
          2022-01-01: {value: 2}
    """})
    assert "r.yaml" in message and re.search(r"\br: values: 2022-01-01: no reference", message)


def test_reference_on_every_value_is_enough(load_tree):
    tree = load_tree({"r.yaml": """
        values:
          2021-01-01: {value: 1, reference: law A}
          2022-01-01: {value: 2, metadata: {reference: law B}}
    """})
    assert tree.names() == ["r"]


def test_duplicate_date(write_tree):
    message = _error(write_tree, {"dup.yaml": """
        reference: x
        values:
          2021-01-01: {value: 1}
          2021-01-01: {value: 2}
    """})
    assert "dup.yaml" in message and "dup: values" in message and "duplicate key '2021-01-01'" in message


@pytest.mark.parametrize("bad", ["2025-13-01", "2025-1-1", "not a date", "2025-02-30", "2025"])
def test_malformed_date(write_tree, bad):
    message = _error(write_tree, {"m.yaml": f"reference: x\nvalues:\n  {bad}:\n    value: 1\n"})
    assert "m.yaml" in message and "m: values" in message and f"malformed date '{bad}'" in message


def test_malformed_last_reviewed(write_tree):
    message = _error(write_tree, {"m.yaml": "reference: x\nlast_reviewed: 2025-11-31\nvalues: {2021-01-01: 1}\n"})
    assert "m.yaml: m: last_reviewed: malformed date '2025-11-31'" in message


def test_unknown_key_in_parameter(write_tree):
    message = _error(write_tree, {"u.yaml": "reference: x\nrefrence: y\nvalues: {2021-01-01: 1}\n"})
    assert "u.yaml: u: unknown key(s) refrence" in message


def test_unknown_key_in_dated_value(write_tree):
    message = _error(write_tree, {"u.yaml": "reference: x\nvalues: {2021-01-01: {value: 1, vale: 2}}\n"})
    assert "u.yaml: u: values: 2021-01-01: unknown key(s) vale" in message


def test_unknown_key_in_bracket(write_tree):
    message = _error(write_tree, {"s.yaml": """
        reference: x
        brackets:
          - threshold: {2021-01-01: {value: 0}}
            rat: {2021-01-01: {value: 0.1}}
    """})
    assert "s.yaml: s: bracket 1: unknown key(s) rat" in message


def test_value_must_be_scalar(write_tree):
    message = _error(write_tree, {"v.yaml": "reference: x\nvalues: {2021-01-01: {value: [1, 2]}}\n"})
    assert "v.yaml: v: values: 2021-01-01: value must be" in message


def test_missing_value_key(write_tree):
    message = _error(write_tree, {"v.yaml": "reference: x\nvalues: {2021-01-01: {reference: y}}\n"})
    assert "v.yaml: v: values: 2021-01-01: missing 'value'" in message


def test_invalid_yaml_names_file(write_tree):
    message = _error(write_tree, {"bad.yaml": "reference: [unclosed\n"})
    assert "bad.yaml: invalid YAML" in message


def test_empty_file(write_tree):
    assert "empty parameter file" in _error(write_tree, {"e.yaml": ""})


def test_name_defined_twice(write_tree):
    message = _error(write_tree, {
        "a.yaml": "reference: x\nb: {values: {2021-01-01: 1}}\n",
        "a/b.yaml": "reference: x\nvalues: {2021-01-01: 2}\n",
    })
    assert "a.b: defined twice" in message


def test_parameter_and_node_with_same_name(write_tree):
    message = _error(write_tree, {
        "a.yaml": "reference: x\nvalues: {2021-01-01: 1}\n",
        "a/b.yaml": "reference: x\nvalues: {2021-01-01: 2}\n",
    })
    assert "a.b: 'a' is already a parameter" in message


def test_missing_directory(tmp_path):
    from partage.core.params import load_parameters

    with pytest.raises(ParameterError, match="parameter directory not found"):
        load_parameters(tmp_path / "nope")
