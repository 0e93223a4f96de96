"""HTTP plumbing for the OpenAI-compatible detector: retries, error mapping, reply parsing.

Error messages carry status codes and exception type names only: response bodies can echo
the prompt, and so the message, back.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import DetectionError, DetectorOutputError, DetectorTimeoutError
from ._llm_base import ModelReply

if TYPE_CHECKING:
    import httpx

__all__ = ["REQUEST_SCHEMA_NAME", "RetryPolicy", "parse_completion", "send_async", "send_sync"]

REQUEST_SCHEMA_NAME = "memprivacy_spans"
_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
_MAX_RETRY_AFTER_S = 30.0
_HINTS = {
    400: "the server rejected the request; if it does not know the structured-output field, "
    "try structured_output='structured_outputs', 'guided_json' or 'none'",
    401: "check the API key (--api-key or $OPENAI_API_KEY)",
    403: "check the API key (--api-key or $OPENAI_API_KEY)",
    404: "check that base_url ends in /v1 and that model is the served model name",
}


@dataclass(frozen=True)
class RetryPolicy:
    timeout_s: float = 120.0
    max_retries: int = 2
    backoff_s: float = 0.5

    def __post_init__(self) -> None:
        if self.timeout_s <= 0 or self.max_retries < 0 or self.backoff_s < 0:
            raise ValueError("timeout_s must be > 0, max_retries and backoff_s >= 0")

    def delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after:
            try:
                return min(max(float(retry_after), 0.0), _MAX_RETRY_AFTER_S)
            except ValueError:
                pass
        return self.backoff_s * (2**attempt) * (0.75 + random.random() / 2)  # jitter spreads retries


class _Retry(Exception):
    def __init__(self, error: DetectionError, retry_after: str | None = None) -> None:
        self.error = error
        self.retry_after = retry_after


def _check(response: httpx.Response, detector: str) -> Any:
    """The decoded JSON body; raise _Retry for transient failures, DetectionError otherwise."""
    status = response.status_code
    if status in _RETRY_STATUS:
        raise _Retry(DetectionError(f"the server answered HTTP {status}", detector=detector),
                     response.headers.get("retry-after"))
    if status >= 400:
        raise DetectionError(f"the server answered HTTP {status}", detector=detector, hint=_HINTS.get(status))
    try:
        return json.loads(response.content)
    except ValueError:
        raise _Retry(DetectorOutputError("the server reply is not JSON", detector=detector)) from None


def _transport_error(exc: Exception, detector: str, timeout_s: float) -> DetectionError:
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return DetectorTimeoutError(f"no answer within {timeout_s:g}s ({type(exc).__name__})", detector=detector)
    error = DetectionError(f"cannot reach the server ({type(exc).__name__})", detector=detector)
    error.retryable = True
    return error


def send_sync(client: httpx.Client, url: str, body: Mapping[str, Any], headers: Mapping[str, str],
              policy: RetryPolicy, *, detector: str) -> Any:
    import httpx

    last: DetectionError | None = None
    for attempt in range(policy.max_retries + 1):
        retry_after = None
        try:
            response = client.post(url, json=body, headers=dict(headers), timeout=policy.timeout_s)
            return _check(response, detector)
        except _Retry as retry:
            last, retry_after = retry.error, retry.retry_after
        except httpx.HTTPError as exc:
            last = _transport_error(exc, detector, policy.timeout_s)
        if attempt < policy.max_retries:
            time.sleep(policy.delay(attempt, retry_after))
    assert last is not None
    raise last


async def send_async(client: httpx.AsyncClient, url: str, body: Mapping[str, Any], headers: Mapping[str, str],
                     policy: RetryPolicy, *, detector: str) -> Any:
    import httpx

    last: DetectionError | None = None
    for attempt in range(policy.max_retries + 1):
        retry_after = None
        try:
            response = await client.post(url, json=body, headers=dict(headers), timeout=policy.timeout_s)
            return _check(response, detector)
        except _Retry as retry:
            last, retry_after = retry.error, retry.retry_after
        except httpx.HTTPError as exc:
            last = _transport_error(exc, detector, policy.timeout_s)
        if attempt < policy.max_retries:
            await asyncio.sleep(policy.delay(attempt, retry_after))
    assert last is not None
    raise last


def parse_completion(data: Any, *, detector: str) -> ModelReply:
    """The first choice of a chat completion as a ModelReply."""
    try:
        choice = data["choices"][0]
        content = choice["message"].get("content")
        finish = choice.get("finish_reason")
    except (KeyError, IndexError, TypeError, AttributeError):
        raise DetectorOutputError("the server reply is not a chat completion", detector=detector) from None
    if content is not None and not isinstance(content, str):
        raise DetectorOutputError("the server reply has non-text content", detector=detector)
    usage = data.get("usage") if isinstance(data, dict) else None
    tokens = usage.get("completion_tokens") if isinstance(usage, dict) else None
    return ModelReply(text=content or "", complete=finish != "length", tokens=tokens if isinstance(tokens, int) else None)
