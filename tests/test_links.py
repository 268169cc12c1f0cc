"""Which outside addresses hold, and which publisher family an address belongs to."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from db.links import diagram_link_problem, family_of, outside_address_problem
from db.sources import SourceRetiredDomain
from desktop_app.core.addresses import parse_address

RETIRED = [SourceRetiredDomain("bloodwise", "renamed", Path("r.yaml"), 1),
           SourceRetiredDomain("lrf.org.uk", "", Path("r.yaml"), 3)]


def test_public_https_pages_hold() -> None:
    for url in ("https://www.cancer.gov/types/leukemia/patient/adult-all-treatment-pdq",
                "https://www.who.int/news",  # .int is a real top-level domain
                "https://www.nhs.uk/conditions/acute-lymphoblastic-leukaemia/?tab=1",
                "https://www.testicularcancer.org/", "https://intrepid.org.uk/"):
        assert outside_address_problem(url, RETIRED) is None, url


def test_addresses_that_would_not_hold() -> None:
    for url in ("http://www.nhs.uk/", "ftp://nhs.uk/", "https://localhost/x",
                "https://192.168.1.4/x", "https://www.nhs.uk:8443/x",
                "https://user:pw@www.nhs.uk/", "https://staging.lls.org/x",
                "https://www-preview.cancer.org/x", "https://cms.int.nice.org.uk/x",
                "https://www.bloodwise.org.uk/x", "https://lrf.org.uk/x",
                "https://www.google.com/url?q=https://www.nhs.uk/",
                "https://www.nhs.uk/x?fbclid=1", "https://www.nhs.uk/x?UTM_Campaign=a"):
        assert outside_address_problem(url, RETIRED) is not None, url


def test_trusted_families() -> None:
    assert family_of("https://about-cancer.cancerresearchuk.org/x") == "Cancer Research UK"
    assert family_of("https://www.leicestershospitals.nhs.uk/x") == "NHS"
    assert family_of("https://bloodcancerunited.org/x") == family_of("https://www.lls.org/")
    assert family_of("https://www.cancer.gov/x") == "NCI PDQ (cancer.gov)"
    assert family_of("https://www.cancer.org/x") == "American Cancer Society"
    assert family_of("https://notcancer.org/x") is None
    assert family_of("https://www.healthline.com/x") is None


def test_diagram_links_must_name_a_view_and_a_cell_the_diagram_has() -> None:
    views, cells = {"healthy", "all", "mrd"}, {"stem-cell", "lymphoblast"}
    for good in ("app:diagram", "app:diagram?view=all", "app:diagram?view=mrd",
                 "app:diagram?view=all&cell=lymphoblast"):
        assert diagram_link_problem(parse_address(good), views, cells) is None, good
    problem = diagram_link_problem(parse_address("app:diagram?view=b-cell"), views, cells)
    assert problem is not None and "no view 'b-cell'" in problem
    problem = diagram_link_problem(parse_address("app:diagram?view=all&cell=blast"), views,
                                   cells)
    assert problem is not None and "no cell 'blast'" in problem


def test_db_check_names_the_line_of_a_link_to_a_missing_diagram_view(
        content_copy: Path) -> None:
    article = content_copy / "articles" / "what-is-all.md"
    article.write_text(article.read_text()
                       + "\nSee [the picture](app:diagram?view=no-such-view).\n")
    line = len(article.read_text().splitlines())
    result = subprocess.run([sys.executable, "-m", "db", "check", "--content",
                             str(content_copy)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"what-is-all.md:{line}: broken link: the diagram has no view 'no-such-view'" \
        in result.stdout
