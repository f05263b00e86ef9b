"""An Input that applies its editing keys in the order they were typed."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import Input


def _bindings(widget: Input) -> dict[str, str]:
    found: dict[str, str] = {}
    for binding in type(widget).BINDINGS:
        if isinstance(binding, Binding):
            for key in binding.key.split(","):
                found.setdefault(key.strip(), binding.action)
    return found


class OrderedInput(Input):
    """An Input whose own keys (ctrl+u, backspace, enter, …) act at once, in typing order.

    A plain Input inserts printable keys as it receives them, but runs its key bindings only
    once the key has bubbled up to the app, queued behind what was typed after it: a fast
    `abc ctrl+u 重点 enter` inserted 重点 first, then ctrl+u wiped it and enter submitted ''.
    """

    async def on_key(self, event: events.Key) -> None:
        action = _bindings(self).get(event.key)
        if action is None:
            return
        event.stop()
        event.prevent_default()
        await self.run_action(action)

    def owns(self, event: events.Key) -> bool:
        """Whether the key is one this box types or acts on."""
        return bool(event.is_printable and event.character) or event.key in _bindings(self)

    def type_key(self, event: events.Key) -> bool:
        """Apply a key that was sent elsewhere before this box had focus; False if not ours."""
        if event.is_printable and event.character:
            self.insert_text_at_cursor(event.character)
            return True
        return False
