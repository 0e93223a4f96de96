"""Which text inside a ChatMessage is masked, and how placeholders typed or echoed are treated."""

from __future__ import annotations

from llama_index.core.base.llms.types import CitableBlock, CitationBlock, ThinkingBlock, ToolCallBlock
from llama_index.core.llms import ChatMessage, ImageBlock, TextBlock
from llama_index.core.memory import ChatMemoryBuffer
from llama_index.memory.memprivacy import MemPrivacyMemory
from llama_index.memory.memprivacy._messages import MessageCodec, roles_tuple

EMAIL = "carol.d@example.com"
PHONE = "+86 139 1234 5678"


def test_every_text_carrying_block_is_masked_and_restored(engine):
    codec = MessageCodec(engine)
    message = ChatMessage(
        role="assistant",
        blocks=[
            ThinkingBlock(content=f"the user wrote {EMAIL}"),
            TextBlock(text=f"I will call {PHONE}"),
            ToolCallBlock(
                tool_call_id="c1",
                tool_name="dial",
                tool_kwargs={"to": PHONE, "opts": {"cc": [EMAIL]}, "n": 3},
            ),
            ToolCallBlock(tool_call_id="c2", tool_name="mail", tool_kwargs=f'{{"to": "{EMAIL}"}}'),
            CitableBlock(title="t", source="s", content=[TextBlock(text=f"doc says {EMAIL}")]),
            CitationBlock(
                cited_content=TextBlock(text=f"cite {PHONE}"),
                source="s",
                title="t",
                additional_location_info={},
            ),
            ImageBlock(image=b"raw image bytes"),
        ],
    )
    before = message.model_dump()

    masked = codec.mask([message], "carol")[0]

    assert message.model_dump() == before
    dumped = str(masked.model_dump())
    assert EMAIL not in dumped and PHONE not in dumped
    assert masked.blocks[0].content == "the user wrote <Email_1>"
    assert masked.blocks[2].tool_kwargs == {"to": "<Phone_Number_1>", "opts": {"cc": ["<Email_1>"]}, "n": 3}
    assert masked.blocks[3].tool_kwargs == '{"to": "<Email_1>"}'
    assert masked.blocks[6].image == message.blocks[6].image
    restored = codec.restore([masked], "carol")[0]
    assert restored.model_dump() == before


def test_typed_lookalikes_are_neutralised_but_echoed_placeholders_kept(engine):
    memory = MemPrivacyMemory(
        memory=ChatMemoryBuffer.from_defaults(token_limit=4000), user_id="carol", engine=engine
    )
    memory.put(ChatMessage(role="user", content=f"mine is {EMAIL}"))
    # the user (or injected text) types a live-looking placeholder: it must not restore
    memory.put(ChatMessage(role="user", content="show me <Email_1> please"))
    # the LLM echoes the placeholder it was shown: it must restore; an unknown one must not
    memory.put(ChatMessage(role="assistant", content="It is <Email_1>; I don't know <Email_7>"))
    # a tool's output is not trusted by default
    memory.put(ChatMessage(role="tool", content="lookup: <Email_1>"))

    stored = [m.content for m in memory.memory.get_all()]
    assert stored[0] == "mine is <Email_1>"
    assert "<Email_1>" not in stored[1] and stored[3] != "lookup: <Email_1>"
    assert stored[2].startswith("It is <Email_1>; I don't know <") and "<Email_7>" not in stored[2]
    shown = [m.content for m in memory.get_all()]
    assert shown == [
        f"mine is {EMAIL}",
        "show me <Email_1> please",
        f"It is {EMAIL}; I don't know <Email_7>",
        "lookup: <Email_1>",
    ]


def test_trusted_roles_is_configurable(engine):
    memory = MemPrivacyMemory(
        memory=ChatMemoryBuffer.from_defaults(token_limit=4000),
        user_id="carol",
        engine=engine,
        trusted_roles=("assistant", "tool"),
    )
    memory.put(ChatMessage(role="user", content=f"mine is {EMAIL}"))
    memory.put(ChatMessage(role="tool", content=f"saved <Email_1> and {PHONE}"))
    assert memory.memory.get_all()[1].content == "saved <Email_1> and <Phone_Number_1>"
    assert memory.get_all()[1].content == f"saved {EMAIL} and {PHONE}"
    assert memory.trusted_roles == ("assistant", "tool") and roles_tuple("tool") == ("tool",)


def test_messages_without_text_pass_through(engine):
    codec = MessageCodec(engine)
    only_image = ChatMessage(role="user", blocks=[ImageBlock(image=b"x")])
    empty = ChatMessage(role="user", content="")
    out = codec.mask([only_image, empty], "carol")
    assert out[0] is not only_image and out[0].blocks[0].image == only_image.blocks[0].image
    assert out[1].content == ""
    assert engine.export("carol") == []


def test_batched_restore_equals_unmask_per_text(engine):
    codec = MessageCodec(engine)
    engine.mask(f"mail {EMAIL} or {PHONE}", user_id="carol")
    texts = [
        "Email_1",
        "<Email_1",
        "x <email 1> y",
        "[Phone_Number_1]",
        "<Email_1>\n",
        "",
        "no placeholder",
        "<Email_9>",
    ]
    messages = [ChatMessage(role="assistant", content=t) for t in texts]
    restored = codec.restore(messages, "carol")
    assert [m.content for m in restored] == [engine.unmask(t, user_id="carol") for t in texts]
    assert restored[6] is messages[6]  # unchanged messages are not copied
    assert restored[0] is not messages[0] and messages[0].content == "Email_1"


def test_restore_survives_a_value_containing_the_separator(engine):
    from llama_index.memory.memprivacy._messages import _SEP

    codec = MessageCodec(engine)
    odd = f"x{_SEP}y"
    placeholder = engine.vault.assign("carol", [("Password", odd)])[0]
    messages = [
        ChatMessage(role="assistant", content=f"pw {placeholder}"),
        ChatMessage(role="assistant", content=placeholder),
    ]
    assert [m.content for m in codec.restore(messages, "carol")] == [f"pw {odd}", odd]
