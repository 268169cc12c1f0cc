"""What a reader does during one session that the app must remember while it runs.

Plain Python, so a kiosk can wipe it completely and a laptop can save it (issue 5):
ticked questions and the reader's own questions, per question list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class QuestionStore(Protocol):
    """Where a laptop keeps questions between sessions (core.user_data.UserData)."""

    def set_ticked(self, list_id: str, question: str, ticked: bool) -> None: ...
    def add_question(self, list_id: str, question: str) -> None: ...
    def remove_question(self, list_id: str, question: str) -> None: ...


@dataclass
class ReaderSession:
    ticked: set[tuple[str, str]] = field(default_factory=set)  # (list id, question)
    own_questions: dict[str, list[str]] = field(default_factory=dict)  # list id -> texts
    store: QuestionStore | None = None  # None on kiosks and tablets: nothing is kept

    def is_ticked(self, list_id: str, question: str) -> bool:
        return (list_id, question) in self.ticked

    def set_ticked(self, list_id: str, question: str, ticked: bool) -> None:
        if ticked:
            self.ticked.add((list_id, question))
        else:
            self.ticked.discard((list_id, question))
        if self.store is not None:
            self.store.set_ticked(list_id, question, ticked)

    def add_question(self, list_id: str, text: str) -> str | None:
        """Add the reader's own question; returns it cleaned, or None if empty or known."""
        cleaned = " ".join(text.split())
        if not cleaned or cleaned in self.own_questions.get(list_id, []):
            return None
        self.own_questions.setdefault(list_id, []).append(cleaned)
        self.ticked.add((list_id, cleaned))
        if self.store is not None:
            self.store.add_question(list_id, cleaned)
            self.store.set_ticked(list_id, cleaned, True)
        return cleaned

    def remove_question(self, list_id: str, text: str) -> None:
        """Take a question off the reader's list: their own is forgotten, a listed one
        is unticked."""
        own = self.own_questions.get(list_id, [])
        if text in own:
            own.remove(text)
            self.ticked.discard((list_id, text))
            if self.store is not None:
                self.store.remove_question(list_id, text)
        else:
            self.set_ticked(list_id, text, False)

    def chosen(self) -> list[tuple[str, str]]:
        """Every ticked question as (list id, question), own ones included, in a stable
        order: for My pages and the printout."""
        return sorted(self.ticked)

    def clear(self) -> None:
        self.ticked.clear()
        self.own_questions.clear()
