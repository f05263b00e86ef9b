"""The reader app's copy of the library for the UI: sections and heads read once, and the
section to open first, read from its briefing's own files before the catalog."""

from __future__ import annotations

from collections.abc import Iterable

from store import Library
from store.errors import NotFound
from store.glance import first_briefing, glance, reading_order
from store.models import Briefing, Section, SectionHead
from tui.host import Recheck


class LibraryCache:
    """Mixed into the app (before `App`): the cached sections and heads of `library`."""

    library: Library

    def start_cache(self, start_section: str | None) -> None:
        """Start with nothing cached; `start_section` is the section asked for, if any."""
        self._start_section = start_section
        self._sections: dict[str, Section] = {}
        self._heads: dict[str, tuple[SectionHead, ...]] = {}
        # Briefings read from their own files for the first frame, not yet held against the
        # catalog (see store.glance and `check_glanced`).
        self._glanced: dict[str, Briefing] = {}
        # The first section as the catalog's opening bytes name it, while not yet checked.
        self._guessed_first: str | None = None

    def load_section(self, section_id: str) -> Section:
        """A section with its blocks (cached; raises NotFound)."""
        section = self._sections.get(section_id)
        if section is None:
            section = self.library.section(section_id)
            self._sections[section_id] = section
        return section

    def briefing_heads(self, briefing_id: str) -> tuple[SectionHead, ...]:
        """The section heads of one briefing (cached until the library changes; () if gone)."""
        got = self._heads.get(briefing_id)
        if got is None:
            try:
                got = self.library.heads(briefing_id)
            except NotFound:
                got = ()
            self._heads[briefing_id] = got
        return got

    def has_section(self, section_id: str | None) -> bool:
        """Whether a section is in the library (reads only its briefing's heads)."""
        if not section_id:
            return False
        briefing_id = section_id.rpartition("-")[0]
        return any(h.id == section_id for h in self.briefing_heads(briefing_id))

    def briefing_title(self, briefing_id: str) -> str:
        """The title of a briefing, for the status line."""
        b = self._glanced.get(briefing_id) or self.library.find_briefing(briefing_id)
        return b.title if b is not None else briefing_id

    def step_section(self, section_id: str, step: int) -> str | None:
        """The section `step` (1 or -1) away in the outline's order, crossing into the next
        briefing that has sections; None at either end."""
        briefing_id = section_id.rpartition("-")[0]
        ids = [h.id for h in self.briefing_heads(briefing_id)]
        if section_id in ids and 0 <= ids.index(section_id) + step < len(ids):
            return ids[ids.index(section_id) + step]
        walk = self.library.walk()
        if briefing_id not in walk.at:
            return None
        at = walk.at[briefing_id] + step
        while 0 <= at < len(walk.briefings):
            heads = self.briefing_heads(walk.briefings[at].id)
            if heads:
                return heads[0].id if step > 0 else heads[-1].id
            at += step
        return None

    def section_near(self, briefing_id: str) -> str | None:
        """For a reader whose briefing is gone: the first section of the briefing that came
        after it in the outline as it was (or the last before it, at the end); None when
        no outline's order held it."""
        old = self.library.walk_holding(briefing_id)
        if old is None:
            return None
        at = old.at[briefing_id]
        live = self.library.walk().at
        for b in [*old.briefings[at + 1 :], *reversed(old.briefings[:at])]:
            if b.id in live and b.section_count:
                heads = self.briefing_heads(b.id)
                if heads:
                    return heads[0].id
        return None

    def first_section(self) -> str | None:
        """The first section of the library in the outline's order."""
        # The order the outline's worker has sorted, when it has; else from the catalog's
        # rows: a large library's first frame builds no Briefing for each.
        walk = self.library.walk_made()
        if walk is not None:
            order: Iterable[tuple[str, int]] = ((b.id, b.section_count) for b in walk.briefings)
        else:
            order = reading_order(self.library)
        for briefing_id, count in order:
            if count:
                heads = self.briefing_heads(briefing_id)
                if heads:
                    return heads[0].id
        return None

    def forget_sections(self) -> None:
        """Drop cached sections and heads (after an import or delete)."""
        self._sections.clear()
        self._heads.clear()
        self._glanced.clear()
        self._guessed_first = None

    def start_section(self) -> str | None:
        """The section to open first: the one asked for, the last one read, or the first.

        The one asked for or last read is read from its briefing's own files when they
        agree (store.glance), so the first frame does not wait for the catalog;
        `check_glanced` holds it against the catalog afterwards.
        """
        for candidate in (self._start_section, self.library.user.last_section()):
            if candidate and self._glance(candidate):
                return candidate
            if self.has_section(candidate):
                return candidate
        first = first_briefing(self.library)
        if first is not None and self._glance(f"{first}-1"):
            if self._heads[first][0].id == f"{first}-1":
                self._guessed_first = f"{first}-1"
                return self._guessed_first
            self.forget_sections()
        return self.first_section()

    def _glance(self, section_id: str) -> bool:
        seen = glance(self.library, section_id)
        if seen is None:
            return False
        briefing_id = seen.briefing.id
        self._glanced[briefing_id] = seen.briefing
        self._heads[briefing_id] = seen.heads
        self._sections[section_id] = seen.section
        return True

    def check_glanced(self) -> Recheck:
        """Hold what the first frame read from a briefing's own files against the catalog
        (read by now): "same" when it agrees, "reload" when the catalog changed or lost that
        briefing, "restart" when the section guessed to be the first is not; the cached
        sections and heads are dropped unless it agrees."""
        glanced, self._glanced = self._glanced, {}
        guessed, self._guessed_first = self._guessed_first, None
        verdict: Recheck = "same"
        if any(self.library.find_briefing(bid) != b for bid, b in glanced.items()):
            verdict = "reload"
        elif guessed is not None and self.first_section() != guessed:
            verdict = "restart"
        if verdict != "same":
            self.forget_sections()
        return verdict
