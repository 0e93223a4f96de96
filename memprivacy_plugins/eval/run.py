"""Run any detector over examples in batches, with a progress bar on stderr."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence

from ..detectors.base import Detector
from ..spans import Span
from .dataset import Example

__all__ = ["batches", "detect_examples"]


def batches(examples: Sequence[Example], size: int) -> Iterator[list[Example]]:
    """Consecutive examples, at most ``size`` per batch, one ``user_name`` per batch
    (``detect`` takes a single name for its whole batch)."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    batch: list[Example] = []
    for ex in examples:
        if batch and (len(batch) == size or ex.user_name != batch[0].user_name):
            yield batch
            batch = []
        batch.append(ex)
    if batch:
        yield batch


def detect_examples(
    detector: Detector, examples: Sequence[Example], *, batch_size: int = 32, progress: bool = True
) -> tuple[dict[str, list[Span]], float]:
    """Predictions by example id and the seconds spent inside ``detector.detect``."""
    from tqdm import tqdm

    out: dict[str, list[Span]] = {}
    busy = 0.0
    with tqdm(total=len(examples), unit="msg", file=sys.stderr, disable=not progress, leave=False) as bar:
        for batch in batches(examples, batch_size):
            start = time.perf_counter()
            results = detector.detect([ex.text for ex in batch], user_name=batch[0].user_name)
            busy += time.perf_counter() - start
            if len(results) != len(batch):
                from ..errors import DetectionError

                raise DetectionError("detector returned a different number of results than texts")
            for ex, spans in zip(batch, results):
                out[ex.id] = list(spans)
            bar.update(len(batch))
    return out, busy
