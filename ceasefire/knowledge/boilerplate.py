"""Boilerplate: the lines a publisher puts around every text, which tell no event.

Copyright and rights notices, disclaimers, press contacts ("For media inquiries, contact ..."),
end marks ("-ENDS-", "###"), notes to editors, wire credits ("Reporting by ...; editing by ..."),
correction notes and the standard disclaimer of UN maps. The Clean stage drops such lines; the
Parse stage does not parse a sentence that is one (a notice inside a paragraph), so no event is
ever coded from it.
"""

from __future__ import annotations

import re

BOILERPLATE = re.compile(
    r"(?:"
    r"(?:©|\(c\)|copyright\b).{0,300}"
    r"|.{0,160}\ball rights reserved\b.{0,160}"
    r"|(?:for|with) (?:all )?(?:media|press|news|editorial) (?:inquiries|enquiries|queries|questions)\b.{0,250}"
    r"|(?:for|with) (?:all |any |further |more )?(?:inquiries|enquiries|queries|questions|information)\b[^.]{0,40}?"
    r"(?:contact|call|e-?mail|reach|write to|please|visit)\b.{0,200}"
    r"|(?:media|press|news) (?:contacts?|inquiries|enquiries|office|relations)\s*[:|,-].{0,250}"
    r"|(?:media|press) contacts?"
    r"|contact(?: us)?\s*:.{0,200}"
    r"|(?:e-?mail|tel|telephone|phone|fax|mobile)\s*[:.].{0,120}"
    r"|disclaimer\b.{0,800}"
    r"|the (?:views|opinions|content) (?:and opinions )?expressed .{0,300}"
    r"|the designations employed and the presentation of (?:the )?material.{0,500}"
    r"|notes? (?:to|for) (?:editors|the editor)\s*:?.{0,200}"
    r"|[-–—\s]*(?:ends|end)[-–—\s]*"
    r"|#{3,}"
    r"|reporting by .{1,200}(?:editing|writing) by .{1,120}"
    r"|(?:additional )?reporting by [^.]{1,120}\.?"
    r"|(?:editing|edited|writing|written) by [^.]{1,80};? ?(?:editing by [^.]{1,80})?\.?"
    r"|(?:this|the) (?:article|story|report|press release|statement|post) (?:has been|was) (?:updated|corrected|amended|edited)\b.{0,250}"
    r"|(?:correction|clarification|update)\s*:.{0,300}"
    r"|(?:click|tap) here\b.{0,150}"
    r"|(?:read|download|see) (?:the )?(?:full|complete|original) (?:statement|report|text|release|story)\b.{0,150}"
    r"|(?:this|the) (?:content|material|article) (?:is|was) (?:produced|provided|published|supplied|distributed)\b.{0,250}"
    r"|(?:terms of (?:use|service)|privacy policy|cookie policy|cookies? settings?)\b.{0,150}"
    r")",
    re.IGNORECASE,
)


def is_boilerplate(text: str) -> bool:
    """``text`` (a line or a sentence) is boilerplate as a whole."""
    return BOILERPLATE.fullmatch(text.strip()) is not None
