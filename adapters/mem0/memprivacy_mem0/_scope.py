"""Which vault scope a Mem0 call belongs to.

The rule (documented in the README):

* ``user_id`` is the scope, whether it comes as a keyword or inside ``filters``;
  with ``agent_id``/``run_id`` beside it, the user still owns the values.
* A call without ``user_id`` uses an agent scope ``agent:<agent_id>``, else an app
  scope ``app:<app_id>`` (hosted client), else a run scope ``run:<run_id>``.
  ``agent_scopes=False`` on a wrapper refuses such calls with ``ScopeError``.
* A ``user_id`` that starts with ``agent:``, ``app:`` or ``run:`` is refused, so a
  user can never name their way into an agent's or a run's scope.
* Filters that select several scopes (``{"user_id": {"in": [...]}}``, ``"*"``,
  ids only inside ``OR``/``NOT``, two different ids under ``AND``) are refused:
  one call masks and restores in exactly one scope.

Ids are normalised the way Mem0 does (``str()``, stripped), so ``" alice"`` and
``"alice"`` share one scope as they share one Mem0 user.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from memprivacy_plugins import ScopeError

__all__ = ["FOREIGN", "ID_KEYS", "merge_ids", "scope_from_filters", "scope_from_ids", "scope_of_item"]

# Order matters: the first id present names the scope.
ID_KEYS = ("user_id", "agent_id", "app_id", "run_id")
_PREFIX = {"agent_id": "agent:", "app_id": "app:", "run_id": "run:"}
_RESERVED = tuple(_PREFIX.values())
_LOGICAL = ("AND", "OR", "NOT", "$and", "$or", "$not")


def _norm(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list, tuple, set)):
        raise ScopeError("an entity id must be a single value, not a collection or an operator")
    text = str(value).strip()
    return text or None


def scope_from_ids(ids: Mapping[str, Any], *, agent_scopes: bool = True) -> str | None:
    """The scope named by entity ids, or None when there are none."""
    user_id = _norm(ids.get("user_id"))
    if user_id is not None:
        if user_id.startswith(_RESERVED):
            raise ScopeError("a user_id may not start with 'agent:', 'app:' or 'run:' (reserved scope prefixes)")
        if user_id == "*":
            raise ScopeError("a wildcard user_id selects several scopes")
        return user_id
    for key in ("agent_id", "app_id", "run_id"):
        value = _norm(ids.get(key))
        if value is not None:
            if value == "*":
                raise ScopeError(f"a wildcard {key} selects several scopes")
            if not agent_scopes:
                raise ScopeError(
                    f"no user_id given and agent_scopes=False: pass user_id to scope the call ({key} only)"
                )
            return _PREFIX[key] + value
    return None


def merge_ids(*sources: Mapping[str, Any] | None) -> dict[str, str]:
    """Union of entity ids from keywords and filters; two different values for one key are refused."""
    merged: dict[str, str] = {}
    for source in sources:
        if not source:
            continue
        for key in ID_KEYS:
            value = _norm(source.get(key))
            if value is None:
                continue
            if key in merged and merged[key] != value:
                raise ScopeError(f"two different {key} values in one call")
            merged[key] = value
    return merged


def _ids_in_filters(filters: Mapping[str, Any]) -> dict[str, str]:
    """Entity ids that every matching memory must carry (top level and AND)."""
    found: dict[str, str] = {}
    for key, value in filters.items():
        if key in ID_KEYS:
            if isinstance(value, Mapping):
                # {"user_id": {"eq": "u"}} pins one id; other operators select several.
                if set(value) == {"eq"}:
                    value = value["eq"]
                else:
                    raise ScopeError(f"filters select several values of {key}")
            found.update(merge_ids(found, {key: value}))
        elif key in ("AND", "$and"):
            if not isinstance(value, list):
                continue
            for condition in value:
                if isinstance(condition, Mapping):
                    found.update(merge_ids(found, _ids_in_filters(condition)))
        elif key in ("OR", "$or", "NOT", "$not") and _mentions_ids(value) and not _has_top_ids(filters):
            raise ScopeError(f"entity ids inside {key} select several scopes; put user_id at the top level")
    return found


def _has_top_ids(filters: Mapping[str, Any]) -> bool:
    return any(k in filters for k in ID_KEYS)


def _mentions_ids(value: Any) -> bool:
    if isinstance(value, Mapping):
        return any(k in ID_KEYS or _mentions_ids(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_mentions_ids(v) for v in value)
    return False


def scope_from_filters(
    filters: Mapping[str, Any] | None, *extra: Mapping[str, Any] | None, agent_scopes: bool = True
) -> str | None:
    """The scope selected by ``filters`` (plus ids given as keywords)."""
    ids = _ids_in_filters(filters) if filters else {}
    return scope_from_ids(merge_ids(ids, *extra), agent_scopes=agent_scopes)


# Never equal to a real scope: items whose stored ids make no valid scope are left alone.
FOREIGN = "\x00foreign"


def scope_of_item(item: Mapping[str, Any]) -> str | None:
    """The scope a returned memory belongs to (None when it carries no ids)."""
    try:
        return scope_from_ids({k: item.get(k) for k in ID_KEYS})
    except ScopeError:
        return FOREIGN
