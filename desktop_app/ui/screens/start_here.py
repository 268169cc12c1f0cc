""""Just diagnosed? Start here": a short path of the first pages to read, in order."""

from __future__ import annotations

from functools import partial

from desktop_app.core.addresses import QUESTIONS, Address, content_address
from desktop_app.core.repository import ContentRepository
from desktop_app.ui.screens import Navigate, Screen
from desktop_app.ui.widgets import CardButton, ScrollingPage, connect_clicked, heading


class StartHereScreen(Screen):
    def __init__(self, repository: ContentRepository, navigate: Navigate) -> None:
        super().__init__()
        page = ScrollingPage(self)
        page.column.addWidget(heading(self.tr("Just diagnosed? Start here")))
        page.column.addWidget(heading(self.tr(
            "A diagnosis of ALL brings a lot to take in. These pages are a good place to "
            "begin, one at a time. Read them in any order you like, and stop whenever you "
            "need to."), "pageLead"))
        self.steps: list[CardButton] = []
        for number, summary in enumerate(repository.start_here(), start=1):
            card = CardButton(self.tr("{n}. {title}").format(n=number, title=summary.title),
                              summary.why or summary.summary)
            connect_clicked(card, partial(navigate, content_address(summary.kind, summary.id)))
            page.column.addWidget(card)
            self.steps.append(card)
        page.column.addWidget(heading(self.tr(
            "Your care team knows your situation best. Write down what you want to ask "
            "them as you read."), "pageLead"))
        questions = CardButton(self.tr("My questions for the care team"),
                               self.tr("Questions to ask at each stage."))
        connect_clicked(questions, lambda: navigate(QUESTIONS))
        page.column.addWidget(questions)
        page.column.addStretch()
        self.fill_with(page)

    def show_address(self, address: Address) -> bool:
        return True

    def page_title(self) -> str:
        return self.tr("Start here")
