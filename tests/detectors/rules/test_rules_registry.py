"""The one registry: every Rule subclass is registered, buildable with no arguments, and cheap."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import memprivacy_plugins.detectors.rules as rules_pkg
from memprivacy_plugins.detectors.rules import DEFAULT_RULES, OPT_IN_RULES, CueValueRule, Rule, RulesDetector
from memprivacy_plugins.taxonomy import canonical_type


def _all_rule_classes() -> set[type[Rule]]:
    for info in pkgutil.walk_packages(rules_pkg.__path__, rules_pkg.__name__ + "."):
        importlib.import_module(info.name)
    seen: set[type[Rule]] = set()
    stack: list[type[Rule]] = [Rule]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub.__module__.startswith(rules_pkg.__name__) and sub not in seen:
                seen.add(sub)
                stack.append(sub)
    return {c for c in seen if "PRIVACY_TYPE" in vars(c)}


def test_every_rule_class_is_registered_exactly_once() -> None:
    registered = set(DEFAULT_RULES) | set(OPT_IN_RULES)
    assert len(DEFAULT_RULES) == len(set(DEFAULT_RULES))
    assert not set(DEFAULT_RULES) & set(OPT_IN_RULES)
    assert _all_rule_classes() - {CueValueRule} <= registered
    assert registered <= _all_rule_classes()


def test_every_registered_rule_builds_with_no_arguments_and_has_a_canonical_type() -> None:
    for cls in DEFAULT_RULES + OPT_IN_RULES:
        rule = cls()
        assert canonical_type(rule.PRIVACY_TYPE) == rule.PRIVACY_TYPE
        assert rule.level.value in ("PL2", "PL3", "PL4")


def test_default_detectors_share_their_rules_and_gate() -> None:
    # The engine builds RulesDetector() by default: rules and gate are built once, then shared.
    a, b = RulesDetector(), RulesDetector()
    assert a.rules is b.rules
    assert a._gate is b._gate


def test_import_needs_no_network_and_no_heavy_modules() -> None:
    code = (
        "import sys, socket\n"
        "def refuse(*a, **k): raise RuntimeError('network')\n"
        "socket.socket.connect = refuse\n"
        "from memprivacy_plugins.detectors.rules import RulesDetector\n"
        "RulesDetector().detect(['13800138000 a@b.co +44 20 7946 0958'])\n"
        "heavy = {'torch', 'transformers', 'phonenumbers', 'presidio_analyzer', 'spacy'} & set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
