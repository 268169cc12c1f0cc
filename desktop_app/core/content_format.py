"""Constants that the content build (`db/`) writes and the app checks when it opens content."""

from typing import Final

# `PRAGMA application_id`: "ALLG" in ASCII, so `file` and the app can tell our databases apart.
APPLICATION_ID: Final = 0x414C4C47
# `PRAGMA user_version`: bump whenever the schema changes in a way the app must know about.
SCHEMA_VERSION: Final = 2  # 2: asked, reviewer, related, start_here
CONTENT_FILE_NAME: Final = "content.sqlite"

SECTION_IDS: Final = (
    "understanding",
    "diagnosis",
    "treatment",
    "relapse",
    "trials",
    "research",
    "living",
    "support",
)
AUDIENCES: Final = ("everyone", "child", "teen-young-adult", "adult", "parent-carer")
DOCUMENT_KINDS: Final = ("article", "treatment")
