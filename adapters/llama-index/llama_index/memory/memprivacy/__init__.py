"""Private memory for LlamaIndex: typed, reversible placeholders (memprivacy-plugins).

``MemPrivacyMemory`` wraps ``Memory`` / any ``BaseMemory``; ``MemPrivacyChatStore`` wraps
any ``BaseChatStore``; ``restore_stream`` / ``arestore_stream`` restore streamed answers.
"""

from llama_index.memory.memprivacy.base import MemPrivacyMemory
from llama_index.memory.memprivacy.chat_store import MemPrivacyChatStore
from llama_index.memory.memprivacy.streaming import arestore_stream, restore_stream

__all__ = ["MemPrivacyChatStore", "MemPrivacyMemory", "arestore_stream", "restore_stream"]
