"""Streaming restore equals batch restore, however the text is split."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from memprivacy_plugins import PrivacyEngine
from memprivacy_plugins.placeholders import hold_back_index

PIECES = [
    "<Email_1>", "<Email_2>", "<email_1>", "[Email_1]", "{{Email_1}}", "{Email_2}", "< Email_1 >",
    "<Phone Number 1>", "<Phone_Number_1", "Phone_Number_1", "Email_1", "Email_12", "<Email_9>",
    "<Key_1>", "【Key_1】", "<<Email_1>>", "<Pet_Name_1>", "Email_", "<", ">", "[", "]", "{", "}", "_", "1",
]
TEXT = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(alphabet="ab _-<>[]{}19.,你好\n", max_size=6)), max_size=14
).map("".join)


def _setup(engine: PrivacyEngine) -> None:
    engine.mask("a@b.co bob@x.io 13800138000 sk-AbCdEfGhIjKlMnOpQr", user_id="s")


def _stream(engine: PrivacyEngine, text: str, cuts: list[int]) -> str:
    restorer = engine.restorer("s")
    out, last = [], 0
    for cut in sorted(set(cuts)):
        out.append(restorer.feed(text[last:cut]))
        last = cut
    out.append(restorer.feed(text[last:]))
    out.append(restorer.flush())
    return "".join(out)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_stream_equals_batch_for_any_split(engine: PrivacyEngine, data: st.DataObject) -> None:
    _setup(engine)
    text = data.draw(TEXT)
    cuts = data.draw(st.lists(st.integers(0, len(text)), max_size=8))
    assert _stream(engine, text, cuts) == engine.unmask(text, user_id="s")


def test_every_single_split_of_a_reply(engine: PrivacyEngine) -> None:
    _setup(engine)
    reply = "Sure! I'll email <Email_1> and text <Phone_Number_1>; key {{Key_1}}, unknown <Email_9>."
    expected = engine.unmask(reply, user_id="s")
    assert "a@b.co" in expected and "<Email_9>" in expected
    for i in range(len(reply) + 1):
        assert _stream(engine, reply, [i]) == expected
    assert _stream(engine, reply, list(range(len(reply)))) == expected  # one char at a time


def test_holds_back_only_a_possible_placeholder() -> None:
    assert hold_back_index("hello there. ") == len("hello there. ")
    assert hold_back_index("hello <Ema") == len("hello ")
    assert hold_back_index("mail Email") == len("mail ")
    assert hold_back_index("done <Email_1>> ok.") == len("done <Email_1>> ok.")
