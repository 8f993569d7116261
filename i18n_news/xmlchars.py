"""Control characters in text, and the characters XML 1.0 allows: feeds, the sitemap and
XLIFF files hold no other.

A catalog may hold control characters that ``msgfmt`` accepts (``\\v``, Word's manual line
break, pasted with a translation; ``\\b``): ``check`` names them, the translation memory does
not pass them on, and, as no XML parser reads a document with one, they are left out of every
XML file written (a line or page break becomes a space).
"""

from __future__ import annotations

import re

#: What XML 1.0 does not allow (its ``Char`` production): C0 controls but tab, line feed
#: and carriage return, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = {"\x0b": " ", "\x0c": " "}


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 does not allow (vertical tab and form feed
    become spaces)."""
    if _NOT_XML.search(text) is None:
        return text
    return _NOT_XML.sub(lambda found: _BREAKS.get(found[0], ""), text)


#: Control characters: tab and newline aside, those of C0, DEL and C1.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def control_characters(text: str) -> list[str]:
    """The control characters of ``text`` (tab and newline aside), each once, in order."""
    if _CONTROL.search(text) is None:  # nearly every text
        return []
    return list(dict.fromkeys(_CONTROL.findall(text)))
