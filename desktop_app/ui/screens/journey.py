"""The treatment journey: the phases as a timeline whose steps open their explainers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.core.addresses import Address
from desktop_app.core.repository import ContentRepository
from desktop_app.ui.screens import Navigate, Screen
from desktop_app.ui.widgets import CardButton, ScrollingPage, heading

COLUMNS = 3


class JourneyScreen(Screen):
    def __init__(self, repository: ContentRepository, navigate: Navigate) -> None:
        super().__init__()
        journey = repository.journey()
        page = ScrollingPage(self)
        page.column.addWidget(heading(self.tr("Your treatment journey")))
        page.column.addWidget(heading(journey.intro, "pageLead"))
        self.steps: list[CardButton] = []
        for lane_number, (lane_title, steps) in enumerate(journey.lanes()):
            page.column.addWidget(heading(lane_title, "sectionTitle"))
            grid_holder = QWidget()
            grid = QGridLayout(grid_holder)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setHorizontalSpacing(8)
            timeline = lane_number == 0  # the main phases read as one line, with arrows
            for number, step in enumerate(steps):
                card = CardButton(step.label, f"<b>{step.when}</b><br/>{step.text}")
                card.setAccessibleName(f"{step.label}: {step.when}")
                card.setAccessibleDescription(step.text)
                target = f"app:treatment/{step.treatment_id}"
                card.clicked.connect(lambda _=False, t=target: navigate(t))
                self.steps.append(card)
                if timeline:
                    grid.addWidget(card, 0, number * 2)
                    if number < len(steps) - 1:
                        arrow = QLabel("→")
                        arrow.setAccessibleName(self.tr("then"))
                        arrow.setAlignment(Qt.AlignmentFlag.AlignCenter)
                        grid.addWidget(arrow, 0, number * 2 + 1)
                else:
                    grid.addWidget(card, number // COLUMNS, number % COLUMNS)
            page.column.addWidget(grid_holder)
        page.column.addWidget(heading(self.tr(
            "Everyone's plan is different. Ask your care team which of these steps are part "
            "of yours, and how long each will take."), "pageLead"))
        page.column.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(page)

    def show_address(self, address: Address) -> bool:
        return True

    def page_title(self) -> str:
        return self.tr("Your treatment journey")
