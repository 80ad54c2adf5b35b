"""Is this text French?  A transparent function-word vote, no model, no download.

French news has about a third of its words among a few dozen function words
("de", "la", "les", "et", "que" …).  We count, for French and five languages a
French-language kit is most often fed by mistake, the words that are that
language's function words.  Words shared between languages count for each of
them, and a tie goes to French.

* A text of at least :data:`SHORT_WORDS` words is French when French has the
  top share and at least :data:`MIN_SHARE` of its words.
* A shorter text (a tweet, a headline, a one-line post) has too few function
  words to prove it is French: it is taken as French unless it is *clearly*
  another language: :data:`MIN_SHARE` of its words are that language's
  function words, and the words only that language has ("the", "el", "und",
  not the shared "la" or "de") number at least :data:`MIN_HITS` and more than
  twice the words only French has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FUNCTION_WORDS = {
    "fr": "le la les de des du un une et est en que qui dans pour pas sur au aux il elle ne se ce avec par "
          "son sa ses ont été mais ou nous vous ils elles leur cette sont comme tout très aussi été être "
          "avait fait dont où lors selon entre après sans",
    "en": "the of and to in is that for it with as was on be by this are from at or an have not but "
          "has had which were their they been would its who will there more said",
    "es": "el la los las de del que y en un una es por con para se no su al lo como más pero sus le "
          "ha fue este esta son entre cuando muy sin sobre también",
    "it": "il la le di che e è un una per non in del della con si da al lo gli sono come ma più anche "
          "nel alla dei delle questo sua suo ha",
    "de": "der die das und den von zu mit sich des auf für ist im dem nicht ein eine als auch es an "
          "werden aus er hat dass sie nach wird bei einer um am sind noch wie",
    "pt": "o a os as de do da dos das que e em um uma para com não no na por mais se ao como mas foi "
          "seu sua ou ser quando muito há nos já está também",
}
_SETS = {lang: frozenset(words.split()) for lang, words in FUNCTION_WORDS.items()}
#: Minimum share of French function words for a long text to count as French (and of
#: another language's for a short text to count as that language).
MIN_SHARE = 0.12
#: Below this many words the vote alone cannot refuse a text: a short text is French
#: unless it is clearly another language.
SHORT_WORDS = 60
#: Function words only another language has that a short text needs before it is refused.
MIN_HITS = 3
#: Kept for compatibility: the old "too short to judge" threshold.
MIN_WORDS = 12
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


@dataclass(frozen=True)
class LanguageGuess:
    """Result of :func:`guess_language`."""

    language: str
    french_share: float
    shares: dict
    n_words: int

    @property
    def is_french(self) -> bool:
        return self.language == "fr"


def guess_language(text: str) -> LanguageGuess:
    """Vote on function words.

    Examples
    --------
    >>> guess_language("Le ministre a déclaré que la réforme des retraites serait votée en mai.").language
    'fr'
    >>> guess_language("The minister said that the pension reform would be passed in May by the house.").language
    'en'
    >>> guess_language("Bonjour.").language  # too short to judge: assumed French
    'fr'
    >>> guess_language("Quel match hier soir 🔥 Mbappé encore décisif, Dembélé intenable #PSGOM #Ligue1").language
    'fr'
    """
    words = [w.split("'")[-1] for w in _WORD.findall(text[:200000].lower())]
    n = len(words)
    if n == 0:
        return LanguageGuess("fr", 0.0, {}, 0)
    hits = {lang: sum(w in s for w in words) for lang, s in _SETS.items()}
    shares = {lang: h / n for lang, h in hits.items()}
    fr = shares["fr"]
    if n < SHORT_WORDS:
        other = max((lang for lang in shares if lang != "fr"), key=lambda k: (hits[k], k))
        own = sum(w in _SETS[other] and w not in _SETS["fr"] for w in words)
        french_own = sum(w in _SETS["fr"] and w not in _SETS[other] for w in words)
        clearly = shares[other] >= MIN_SHARE and own >= MIN_HITS and own > 2 * french_own
        return LanguageGuess(other if clearly else "fr", round(fr, 4), shares, n)
    best = max(shares, key=lambda k: (shares[k], k == "fr"))
    lang = "fr" if best == "fr" and fr >= MIN_SHARE else (best if best != "fr" else "unknown")
    return LanguageGuess(lang, round(fr, 4), shares, n)
