"""Results from free text: a recipient built from the text that explains its failure, one per
address-led block, and the common reading of a free-text bounce (:func:`parse_text`) that family
recognisers fall back on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from inspector.core.model import RecipientResult
from inspector.core.recognisers.base import Bounce
from inspector.core.recognisers.blocks import Block, address_blocks, addresses_in
from inspector.core.recognisers.message import returned_recipients, text_part_path, x_failed_recipients
from inspector.core.recognisers.notice import clean_diagnostic, list_intro, preface, split_returned, squeeze
from inspector.core.recognisers.replies import Codes, action_for, remote_codes, reply_naming


def make_recipient(
    address: str | None,
    text: str,
    *,
    part: str | None = None,
    action: str | None = None,
    codes: Codes | None = None,
    remote_mta: str | None = None,
) -> RecipientResult:
    """A recipient from the text that explains its failure."""
    diag = squeeze(clean_diagnostic(text)) or squeeze(text)
    c = codes if codes is not None else remote_codes(text)
    return RecipientResult(
        recipient=address,
        action=action or action_for(c),
        status=c.status,
        reply_code=c.reply_code,
        diagnostic=diag or None,
        remote_mta=remote_mta,
        part=part,
    )


def unique_by_address(recs: Iterable[RecipientResult]) -> list[RecipientResult]:
    """Drop repeated recipients, keeping the first result that carries a code."""
    out: dict[str, RecipientResult] = {}
    order: list[str] = []
    for r in recs:
        key = (r.recipient or "").lower()
        if key not in out:
            out[key] = r
            order.append(key)
        elif out[key].reply_code is None and out[key].status is None and (r.reply_code or r.status):
            out[key] = r
    return [out[k] for k in order]


def blocks_to_recipients(
    blocks: Sequence[Block], bounce: Bounce, whole: str, *, default_action: str = "failed"
) -> list[RecipientResult]:
    """One recipient per block. A block without its own explanation (recipients listed together)
    borrows the next explained block's text; codes missing in a block come from a reply elsewhere in
    ``whole`` that names the same address."""
    part = text_part_path(bounce)
    intro = list_intro(whole[: blocks[0].start]) if blocks else None
    out = []
    for i, b in enumerate(blocks):
        text = b.text
        if not squeeze(text):
            for nxt in blocks[i + 1 :]:
                if squeeze(nxt.text):
                    text = nxt.text
                    break
        if not squeeze(text) and blocks:
            # The explanation comes before the list ("The user(s) account is disabled.", then addresses).
            text = preface(whole[: blocks[0].start])
        codes = remote_codes(text)
        if codes.reply_code is None and codes.status is None and intro and intro not in text:
            # No reply under the address: the sentence introducing the list says what happened
            # ("Delivery to the following recipients was aborted after 5.0 hour(s):").
            text = f"{intro}\n{text}"
        if codes.reply_code is None and codes.status is None:
            named = reply_naming(whole, b.address)
            if named is not None:
                codes = remote_codes(named)
                text = (text + "\n" + named).strip()
        out.append(make_recipient(b.address, text, part=part, codes=codes, action=None))
        if out[-1].action is None or not (codes.reply_code or codes.status):
            out[-1].action = default_action
    return unique_by_address(out)


def parse_text(bounce: Bounce, own: str | None = None, inline: str = "") -> list[RecipientResult]:
    """Recipients from the bounce's own text, the common way (see the module docstring)."""
    if own is None:
        own, inline = split_returned(bounce.body_text)
    failed = x_failed_recipients(bounce)
    blocks = address_blocks(own)
    if failed:
        wanted = {a.lower() for a in failed}
        chosen = [b for b in blocks if b.address.lower() in wanted]
        if chosen:
            blocks = chosen
    if blocks:
        return blocks_to_recipients(blocks, bounce, own)
    part = text_part_path(bounce)
    named = failed or addresses_in(own) or returned_recipients(bounce, inline)
    sender = (bounce.header("To") or "").lower()
    named = [a for a in named if a.lower() not in sender] or named[:1]
    if not own.strip():
        return []
    targets: list[str | None] = list(named[:1]) or [None]
    return [make_recipient(a, own, part=part) for a in targets]
