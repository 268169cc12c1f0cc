"""Which outside addresses hold, and which publisher family an address belongs to."""

from __future__ import annotations

from pathlib import Path

from db.links import family_of, outside_address_problem
from db.sources import SourceRetiredDomain

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
