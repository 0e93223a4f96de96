"""Our rules prompt and user prompt files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from memprivacy_plugins.detectors._llm_prompt import PromptTemplate
from memprivacy_plugins.errors import ConfigError
from memprivacy_plugins.taxonomy import CANONICAL_TYPES


def test_packaged_prompt_names_every_canonical_type_and_level() -> None:
    text = PromptTemplate.load().text
    missing = [t for t in CANONICAL_TYPES if t not in text]
    assert missing == []
    for level in ("PL1", "PL2", "PL3", "PL4"):
        assert level in text


def test_render_follows_the_reference_layout() -> None:
    prompt = PromptTemplate.load().render("我叫张伟 {{message}} {{user_name}}", "张伟")
    assert prompt.content.startswith(prompt.prefix)
    assert "User's Real Name: 张伟\n\n{\n" in prompt.content
    tail = prompt.content[prompt.content.rindex('{\n  "role"') :]
    assert json.loads(tail) == {"role": "user", "content": "我叫张伟 {{message}} {{user_name}}"}  # markers stay literal
    assert "\\u" not in tail  # non-ASCII kept


def test_prefix_is_shared_by_every_message() -> None:
    template = PromptTemplate.load()
    a, b = template.render("msg-one", "A"), template.render("msg-two", None)
    assert a.prefix == b.prefix and len(a.prefix) > 1000
    assert a.content[: len(a.prefix)] == b.content[: len(b.prefix)]
    assert "msg-one" not in a.prefix


def test_user_prompt_file_without_markers_gets_the_reference_tail(tmp_path: Path) -> None:
    path = tmp_path / "upstream.txt"
    path.write_text("Extract private spans as JSON.\n", encoding="utf-8")
    prompt = PromptTemplate.load(path).render("hello", "Bob")
    assert prompt.content == (
        "Extract private spans as JSON.\n\nUser's Real Name: Bob\n\n"
        + json.dumps({"role": "user", "content": "hello"}, ensure_ascii=False, indent=2)
    )
    assert prompt.prefix == "Extract private spans as JSON.\n\nUser's Real Name: "


def test_user_prompt_file_with_markers_is_used_as_is(tmp_path: Path) -> None:
    path = tmp_path / "mine.md"
    path.write_text("Message:\n{{message}}\nName: {{user_name}}", encoding="utf-8")
    content = PromptTemplate.load(path).render("hi", None).content
    assert content.startswith("Message:\n{") and content.endswith("Name: Unknown")


@pytest.mark.parametrize("text", ["", "   ", "a {{message}} b {{message}}", "{{user_name}} {{user_name}} {{message}}"])
def test_bad_prompts_are_config_errors(text: str) -> None:
    with pytest.raises(ConfigError):
        PromptTemplate(text)


def test_missing_or_binary_prompt_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        PromptTemplate.load(tmp_path / "absent.md")
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe\x00rules")
    with pytest.raises(ConfigError, match="not UTF-8"):
        PromptTemplate.load(bad)
