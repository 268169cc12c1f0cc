"""About ALL Guide: what it is, how its pages are checked, and which version of the app
and of the content this is (the version stays off the reading pages)."""

from __future__ import annotations

from desktop_app import __version__
from desktop_app.core.addresses import Address
from desktop_app.core.repository import ContentRepository
from desktop_app.ui.screens import Navigate, Screen
from desktop_app.ui.widgets import ScrollingPage, heading


class AboutScreen(Screen):
    def __init__(self, repository: ContentRepository, navigate: Navigate) -> None:
        super().__init__()
        page = ScrollingPage(self)
        column = page.column
        column.addWidget(heading(self.tr("About ALL Guide")))
        column.addWidget(heading(self.tr(
            "ALL Guide explains acute lymphoblastic leukaemia (ALL) and its treatment in "
            "plain words, for patients, families and carers. It gives general information, "
            "not medical advice: your care team knows your situation."), "pageLead"))
        column.addWidget(heading(self.tr("How the pages are checked"), "sectionTitle"))
        column.addWidget(heading(self.tr(
            "Every page lists the sources its facts were checked against, such as the "
            "National Cancer Institute, the NHS and national cancer charities, and says "
            "when it was last reviewed and by whom. Pages are reviewed again every year."),
            "bodyText"))
        column.addWidget(heading(self.tr("Works without the internet"), "sectionTitle"))
        column.addWidget(heading(self.tr(
            "ALL Guide never goes online. Addresses of websites are shown as text and as a "
            "code to scan with your own phone."), "bodyText"))
        column.addWidget(heading(self.tr("Version"), "sectionTitle"))
        self.version_label = heading(self.tr(
            "App version {app}. Content version {content}.").format(
                app=__version__, content=repository.content_version), "bodyText")
        column.addWidget(self.version_label)
        column.addWidget(heading(self.tr(
            "Text is set in Atkinson Hyperlegible, a typeface made for readers with low "
            "vision (SIL Open Font License)."), "pageLead"))
        column.addStretch()
        self.fill_with(page)

    def show_address(self, address: Address) -> bool:
        return True

    def page_title(self) -> str:
        return self.tr("About ALL Guide")
