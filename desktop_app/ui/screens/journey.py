"""The treatment journey: the phases as a timeline whose steps open their explainers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop_app.core.addresses import Address, treatment_address
from desktop_app.core.repository import ContentRepository
from desktop_app.ui.flow_layout import FlowLayout
from desktop_app.ui.screens import Navigate, Screen
from desktop_app.ui.widgets import CardButton, ScrollingPage, heading


class JourneyScreen(Screen):
    def __init__(self, repository: ContentRepository, navigate: Navigate) -> None:
        super().__init__()
        journey = repository.journey()
        page = ScrollingPage(self, characters=110)  # a wide column: the steps flow in rows
        page.column.addWidget(heading(self.tr("Your treatment journey")))
        page.column.addWidget(heading(journey.intro, "pageLead"))
        self.steps: list[CardButton] = []
        for lane_number, (lane_title, steps) in enumerate(journey.lanes()):
            page.column.addWidget(heading(lane_title, "sectionTitle"))
            # steps flow onto as many rows as the width allows (at 200% text, one or
            # two a row), rather than a fixed row running off the right edge
            grid_holder = QWidget()
            timeline = lane_number == 0  # the main phases read as one line, with arrows
            flow = FlowLayout(grid_holder, spacing=8, stretch=not timeline)
            for number, step in enumerate(steps):
                card = CardButton(step.label, f"<b>{step.when}</b><br/>{step.text}")
                card.setAccessibleName(f"{step.label}: {step.when}")
                card.setAccessibleDescription(step.text)
                target = treatment_address(step.treatment_id)
                card.clicked.connect(lambda _=False, t=target: navigate(t))
                self.steps.append(card)
                if timeline:
                    # a step wraps with the arrow before it, so an arrow always points
                    # at its step, even first in a row (after its row's last step it
                    # pointed at nothing)
                    step_holder = QWidget()
                    row = QHBoxLayout(step_holder)
                    row.setContentsMargins(0, 0, 0, 0)
                    if number > 0:
                        arrow = QLabel("→")
                        arrow.setAccessibleName(self.tr("then"))
                        arrow.setAlignment(Qt.AlignmentFlag.AlignCenter)
                        row.addWidget(arrow)
                    row.addWidget(card, 1)
                    flow.addWidget(step_holder)
                else:
                    flow.addWidget(card)
            page.column.addWidget(grid_holder)
        page.column.addWidget(heading(self.tr(
            "Everyone's plan is different. Ask your care team which of these steps are part "
            "of yours, and how long each will take."), "pageLead"))
        page.column.addStretch()
        self.fill_with(page)

    def show_address(self, address: Address) -> bool:
        return True

    def page_title(self) -> str:
        return self.tr("Your treatment journey")
