"""A MemPrivacy model behind an OpenAI-compatible server (vLLM, SGLang, llama.cpp server...).

One ``/chat/completions`` request per message (per window of a long message), sent with
bounded concurrency, retried on timeouts, connection errors, 429 and 5xx. httpx is imported
on first use. Nothing here logs or raises with message text, replies or the API key in it.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..errors import ConfigError
from ._llm_base import DEFAULT_MAX_MESSAGE_CHARS, LLMDetector, ModelReply
from ._llm_http import REQUEST_SCHEMA_NAME, RetryPolicy, parse_completion, send_async, send_sync
from ._llm_prompt import ExtractionPrompt

if TYPE_CHECKING:
    import httpx

__all__ = ["STRUCTURED_OUTPUT_MODES", "OpenAICompatibleDetector", "from_openai_compatible"]

# How the schema is sent: the OpenAI field (vLLM, SGLang), vLLM >= 0.10's own field, the
# older vLLM field, or not at all (then replies are parsed and repaired as they come).
STRUCTURED_OUTPUT_MODES = ("response_format", "structured_outputs", "guided_json", "none")
_DEFAULT_SAMPLING: Mapping[str, Any] = {"temperature": 0.0, "top_p": 1.0, "repetition_penalty": 1.05}


class _Secret:
    def __init__(self, value: str | None) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "**********" if self.value else "None"


class OpenAICompatibleDetector(LLMDetector):
    """Detect with a MemPrivacy model served over the OpenAI chat completions API.

    Setup:
        ``pip install "memprivacy-plugins[server]"`` and serve a model, e.g.
        ``vllm serve IAAR-Shanghai/MemPrivacy-4B-RL --served-model-name memprivacy``.

    Key init args:
        base_url: the API root, e.g. ``http://127.0.0.1:8000/v1``. model: the served name.
        api_key: default ``$OPENAI_API_KEY`` (read here, at construction) or none.
        timeout_s / max_retries / backoff_s: per request. max_concurrency: requests in flight.
        cache_size: answers kept per (message, user name), LRU; 0 turns the cache off.
        structured_output: one of ``STRUCTURED_OUTPUT_MODES``. sampling: overrides of
        ``temperature`` / ``top_p`` / ``repetition_penalty`` (greedy by default).
        client / async_client: your own ``httpx.Client`` / ``httpx.AsyncClient`` (not closed by us).

    Instantiate:
        >>> from memprivacy_plugins.detectors import OpenAICompatibleDetector
        >>> detector = OpenAICompatibleDetector("http://127.0.0.1:8000/v1", "memprivacy")

    Async:
        ``await detector.adetect([...])`` sends the requests concurrently on an event loop.
    """

    name = "openai-compatible"

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        timeout_s: float = 120.0,
        max_retries: int = 2,
        backoff_s: float = 0.5,
        max_concurrency: int = 8,
        max_tokens: int = 6144,
        structured_output: str = "response_format",
        sampling: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        client: httpx.Client | None = None,
        async_client: httpx.AsyncClient | None = None,
        prompt_path: str | os.PathLike[str] | None = None,
        schema: dict[str, Any] | None = None,
        max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS,
        cache_size: int = 1024,
    ) -> None:
        super().__init__(
            prompt_path=prompt_path, schema=schema, max_message_chars=max_message_chars, cache_size=cache_size
        )
        parts = urlsplit(base_url or "")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError("base_url must be an http(s) URL such as http://127.0.0.1:8000/v1")
        if not model:
            raise ConfigError("model (the served model name) is required")
        if structured_output not in STRUCTURED_OUTPUT_MODES:
            raise ConfigError(f"structured_output must be one of {', '.join(STRUCTURED_OUTPUT_MODES)}")
        if not isinstance(max_concurrency, int) or max_concurrency < 1:
            raise ConfigError("max_concurrency must be a positive int")
        if not isinstance(max_tokens, int) or max_tokens < 1:
            raise ConfigError("max_tokens must be a positive int")
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self._api_key = _Secret(api_key if api_key is not None else os.environ.get("OPENAI_API_KEY") or None)
        self.retry = RetryPolicy(timeout_s=timeout_s, max_retries=max_retries, backoff_s=backoff_s)
        self.max_concurrency = max_concurrency
        self.max_tokens = max_tokens
        self.structured_output = structured_output
        self.sampling = {**_DEFAULT_SAMPLING, **dict(sampling or {})}
        self.extra_body = dict(extra_body or {})
        self.headers = dict(headers or {})
        self._client = client
        self._owns_client = client is None
        self._async_client = async_client
        self._client_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"OpenAICompatibleDetector(url={self.url!r}, model={self.model!r}, api_key={self._api_key!r})"

    # -- requests ------------------------------------------------------------------------

    def request_body(self, prompt: ExtractionPrompt) -> dict[str, Any]:
        """The JSON body sent for one prompt."""
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": "user", "content": prompt.content}],
            "max_tokens": self.max_tokens,
            "n": 1,
            "stream": False,
            "chat_template_kwargs": {"enable_thinking": False},
            **self.sampling,
        }
        if self.structured_output == "response_format":
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": REQUEST_SCHEMA_NAME, "schema": self.schema, "strict": True},
            }
        elif self.structured_output == "structured_outputs":
            body["structured_outputs"] = {"json": self.schema}
        elif self.structured_output == "guided_json":
            body["guided_json"] = self.schema
        body.update(self.extra_body)
        return body

    def _request_headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json", **self.headers}
        if self._api_key.value:
            headers["Authorization"] = f"Bearer {self._api_key.value}"
        return headers

    # -- sync ----------------------------------------------------------------------------

    def _sync_client(self) -> httpx.Client:
        with self._client_lock:
            if self._client is None:
                import httpx

                self._client = httpx.Client(
                    limits=httpx.Limits(max_connections=self.max_concurrency), follow_redirects=False
                )
            return self._client

    def _one(self, prompt: ExtractionPrompt) -> ModelReply:
        data = send_sync(self._sync_client(), self.url, self.request_body(prompt), self._request_headers(),
                         self.retry, detector=self.name)
        return parse_completion(data, detector=self.name)

    def _generate(self, prompts: Sequence[ExtractionPrompt]) -> list[ModelReply]:
        if len(prompts) == 1 or self.max_concurrency == 1:
            return [self._one(p) for p in prompts]
        with ThreadPoolExecutor(max_workers=min(self.max_concurrency, len(prompts))) as pool:
            futures = [pool.submit(self._one, p) for p in prompts]
            done, pending = wait(futures, return_when=FIRST_EXCEPTION)
            for future in pending:
                future.cancel()  # fail closed at the first error; no partial answer
            for future in futures:
                if future in done and future.exception() is not None:
                    raise future.exception()  # type: ignore[misc]
            return [f.result() for f in futures]

    # -- async ---------------------------------------------------------------------------

    async def _agenerate(self, prompts: Sequence[ExtractionPrompt]) -> list[ModelReply]:
        if self._async_client is not None:
            return await self._agather(self._async_client, prompts)
        import httpx

        # A client per call: an AsyncClient is bound to the event loop it was first used on.
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=self.max_concurrency)) as client:
            return await self._agather(client, prompts)

    async def _agather(self, client: httpx.AsyncClient, prompts: Sequence[ExtractionPrompt]) -> list[ModelReply]:
        gate = asyncio.Semaphore(self.max_concurrency)

        async def one(prompt: ExtractionPrompt) -> ModelReply:
            async with gate:
                data = await send_async(client, self.url, self.request_body(prompt), self._request_headers(),
                                        self.retry, detector=self.name)
            return parse_completion(data, detector=self.name)

        tasks = [asyncio.ensure_future(one(p)) for p in prompts]
        try:
            done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        except BaseException:
            for task in tasks:
                task.cancel()
            raise
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        for task in tasks:
            if task in done and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]
        return [t.result() for t in tasks]

    # -- lifecycle -----------------------------------------------------------------------

    def close(self) -> None:
        """Close the HTTP client this detector created (not one you passed in)."""
        with self._client_lock:
            if self._client is not None and self._owns_client:
                self._client.close()
                self._client = None

    def __enter__(self) -> OpenAICompatibleDetector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def from_openai_compatible(base_url: str, model: str, **options: Any) -> OpenAICompatibleDetector:
    """Function-style entry point, like outlines' ``from_openai``."""
    return OpenAICompatibleDetector(base_url, model, **options)
