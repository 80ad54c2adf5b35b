"""Who speaks in the article: direct, indirect and « selon » quotes, and their speakers.

Everything is read from the shared spaCy ``Doc`` (no second parse):

* **direct** quotes are found on the cleaned text between « », “ ” or "…" (nested
  marks belong to the outer quote; a « left open at the end of a paragraph is
  closed there, the French convention for quotes running over paragraphs).  A
  quoted span of fewer than ``quote_min_words`` words is a scare quote («créatifs»),
  a span right after a naming word (« le film », « intitulé ») is a title, and an
  unattributed span with no verb is a quoted term; none of them is a quote, but
  they are listed in the summary so nothing disappears silently;
* the **attribution** of a direct quote is, in order: a verb right after the
  closing mark in an incise (« », a déclaré Sherman », « », glisse-t-il »), the
  nearest reporting verb before the quote, the nearest reporting verb after it, a
  « selon X » / « d'après X » / « pour X, » / « de source X » outside the quote, a
  colon introduction (« Sherman : « … » »), the subject of the clause that holds a
  partial quote (« X a défendu une offre « responsable et équilibrée » »), and
  finally the **continuation** rule: an unattributed quote that starts in the
  sentence right after a direct quote keeps that quote's speaker;
* **indirect** speech is a reporting verb (``resources/reporting_verbs.tsv``,
  matched on lemmas, so any tense or mood, with present-tense forms the tagger
  missed recovered by :func:`~analysis.analysers.cues.speech_lemma`) that is not negated and carries a
  content clause introduced by « que »/« si »/a question word, a bare infinitive
  (« assure avoir reçu »), or stands in an incise after the reported content
  (« …, ont indiqué les sources »);
* **selon** attributions are « selon X » / « d'après X » / « Pour X, » / « de source
  X » / « auprès de X » where X is a name, a pronoun or a source noun
  (``resources/sources_anonymous.tsv``);
* the **speaker** is the subject of the reporting verb (the inverted subject in
  an incise, the antecedent of « qui », the subject of the main verb for
  « …, ajoutant que »), a name in apposition wins over a role noun (« le
  porte-parole du Kremlin, Dmitri Peskov »), and names resolve to canonical
  entity names through the ``mentions`` table (or the raw ``doc.ents`` when the
  entities analyser has not run), then by surname (« Sherman » → « Wendy Sherman »).
  :class:`~.discourse.Discourse` then resolves pronouns to the nearest agreeing referent
  (gender and number from morphology), titles to the person named with them
  (« le ministre » → « le ministre de la Santé Roman Prymula »), and « les
  sources » to the source that introduced them.  ``speaker_rule`` records how.

The package reads in the order the data flows: :mod:`.marks` (quotation marks, spans),
:mod:`.nouns` and :mod:`.speakers` (a speaker phrase on its own), :mod:`.referents` and
:mod:`.discourse` (resolved by the article), :mod:`.reports` and :mod:`.direct` (indirect
speech, « selon », the attribution of direct quotes), :mod:`.extraction`
(:func:`extract_quotes`), :mod:`.tables`; the cue words are in
:mod:`analysis.analysers.cues`, the shared syntax helpers in :mod:`analysis.analysers.syntax`.

The tables and columns added are described in ``docs/framing.md``.
"""

from __future__ import annotations

from ..names import article_names
from .discourse import Discourse
from .extraction import MIN_QUOTE_WORDS, extract_quotes
from .marks import Spans, find_quote_marks
from .speakers import SPEAKER_HOW, UNKNOWN, Speaker, describe_speaker, speaker_rule
from .tables import (
    QUOTE_COLUMNS,
    QUOTE_KINDS,
    SPEAKER_KINDS,
    quoted_share,
    quotes_table,
    sentence_quote_columns,
    summarise,
)

__all__ = ["MIN_QUOTE_WORDS", "QUOTE_COLUMNS", "QUOTE_KINDS", "SPEAKER_HOW", "SPEAKER_KINDS", "UNKNOWN",
           "Discourse", "Speaker", "Spans", "describe_speaker", "extract_quotes",
           "find_quote_marks", "quoted_share", "quotes_table", "run", "sentence_quote_columns",
           "speaker_rule", "summarise"]


def run(ctx) -> None:
    """Add ``quotes``, ``sentences.is_quote``/``speaker``, ``entities.quoted_share`` and
    ``summary["sources"]``.

    Examples
    --------
    >>> from analysis.article import analyse_text
    >>> res = analyse_text("« Nous ne céderons pas », a déclaré le ministre Jean Dupont.")
    >>> res.tables["quotes"][["kind", "speaker"]].values.tolist()
    [['direct', 'Jean Dupont']]
    """
    names = article_names(ctx)
    min_words = int(getattr(ctx.settings, "quote_min_words", MIN_QUOTE_WORDS))
    rows, other = extract_quotes(ctx.doc, ctx.sents, names=names, min_words=min_words)
    ctx.tables["quotes"] = quotes_table(rows, ctx.article_id)
    ctx.sentences = sentence_quote_columns(ctx.sentences, rows)
    entities = ctx.tables.table("entities")
    if entities is not None and "entity" in entities:
        segments = [seg for r in rows for seg in r["segments"]]
        ctx.tables["entities"] = quoted_share(entities, names, segments)
    ctx.summary["sources"] = summarise(rows, ctx.sentences, other)
