"""memprivacy-mem0: Mem0 that stores typed placeholders, never your users' private values.

.. code-block:: python

    from mem0 import Memory
    from memprivacy_mem0 import PrivateMemory

    memory = PrivateMemory(Memory.from_config(config))      # or PrivateMemory.from_config(config)
    memory.add("I'm Alice, my phone is +1 415 555 0132", user_id="alice", infer=False)
    # Mem0 stored: "I'm Alice, my phone is <Phone_Number_1>"
    memory.search("phone", filters={"user_id": "alice"})     # results restored for alice

Importing this package does not import mem0 (so ``MEM0_DIR`` can still be set first).
"""

from __future__ import annotations

from .client import AsyncPrivateMemoryClient, PrivateMemoryClient
from .memory import AsyncPrivateMemory, PrivateMemory

__version__ = "0.1.0"

__all__ = [
    "AsyncPrivateMemory",
    "AsyncPrivateMemoryClient",
    "PrivateMemory",
    "PrivateMemoryClient",
    "__version__",
]
