"""Which libraries a binary names itself, for pruning the libraries only dropped files need.

On Linux PyInstaller asks `ldd`, which also lists what those libraries link in turn, so the
ELF file's own DT_NEEDED entries are read instead, with pyelftools. Elsewhere PyInstaller's
own reader (PE imports on Windows, Mach-O load commands on macOS) already gives direct links.
"""

from __future__ import annotations

from desktop_app.packaging.identity import IS_LINUX


def direct_imports(path: str) -> set[str]:
    """The names of the libraries `path` links directly (empty if it is no binary)."""
    if IS_LINUX:
        return elf_needed(path)
    from PyInstaller.depend import bindepend

    try:
        return {name for name, _ in bindepend.get_imports(path)}
    except Exception:  # not a binary this platform's tools can read
        return set()


def elf_needed(path: str) -> set[str]:
    """The DT_NEEDED names of an ELF shared library or executable (empty if not ELF)."""
    from elftools.common.exceptions import ELFError
    from elftools.elf.dynamic import DynamicSection
    from elftools.elf.elffile import ELFFile

    with open(path, "rb") as stream:
        if stream.read(4) != b"\x7fELF":
            return set()
        stream.seek(0)
        try:
            elf = ELFFile(stream)
            # pyelftools sets .needed, the name from the linked string table, on DT_NEEDED tags
            return {str(tag.needed)  # type: ignore[attr-defined]
                    for section in elf.iter_sections() if isinstance(section, DynamicSection)
                    for tag in section.iter_tags() if tag.entry.d_tag == "DT_NEEDED"}
        except ELFError:  # a damaged or truncated file: it links nothing we can tell
            return set()
