"""Entities and actors: clean mentions, canonical names, actor grouping.

Reads the one parse (``ctx.doc.ents``: the model's PER / ORG / LOC / MISC plus
the entity ruler's ``EQUIP`` for military equipment) and turns raw spans into
tidy tables a media analyst can count.  The steps, in the order the data flows
(each a public function, dataframe in, dataframe out; :func:`run` calls the
list-based core each one wraps and builds every table once, at the end):

1. :func:`raw_mentions` (:mod:`.mentions`): each span is **cleaned**
   (:mod:`.spans`: elided articles and determiners trimmed, debris dropped
   *with a reason*), read in its **context** (:mod:`.rules`: a nationality
   word is not a place, "la chaîne Haberturk" is an organisation, "ministre de
   l'Économie" is a function); a **dateline** ("PARIS –") is the article's
   place, not a mention, and in a **headline** in title case a name counts only
   when the article confirms it (:mod:`.headlines`); the French lexicon these
   rules read is :mod:`.lexicon`;
2. :func:`resolve_mentions` (:mod:`.resolve`): **canonical names** (aliases,
   surnames joining the full person name), one **label** per entity and
   article, **actors** (``resources/actors.csv``: "Washington" ->
   "États-Unis"; a government body named with a nationality adjective goes to
   its country); then :func:`extend_partial_names` and :func:`extend_titles`
   show a person's name as written ("de Villepin", "général Foch");
3. :func:`entities_table`, :func:`actors_table`, :func:`cooccurrence_table`,
   :func:`entity_summary` (:mod:`.tables`).  Co-occurrence pairs actors, as
   actor tone and agency do.

Every rule is named in :data:`RULES` and can be switched off (:func:`rules_off`)
to measure what it adds (``tools/entity_ablation.py``).  Tables added to
``ctx.tables``: ``mentions``, ``entities``, ``cooccurrence``, ``actors`` and
``mentions_dropped`` (what was dropped and why); figures go to
``ctx.summary["entities"]``.  See ``docs/entities.md``.
"""

from __future__ import annotations

from ...nlp import doc_text
from .headlines import capitals_to_title, dateline, find_datelines, is_headline_case
from .lexicon import (
    LABELS,
    Alias,
    has_role,
    heads,
    is_common_word,
    is_demonym,
    is_nationality,
    known_names,
    load_actors,
    load_aliases,
    load_debris,
    nationalities,
)
from .mentions import (
    DROPPED_COLUMNS,
    RAW_COLUMNS,
    column_table,
    mention_columns,
    mention_rows,
    raw_mentions,
    to_columns,
)
from .resolve import (
    MENTION_COLUMNS,
    dateline_places,
    extend_partial_names,
    extend_titles,
    government_country,
    partial_names,
    place_rows,
    resolve_mentions,
    resolve_rows,
    with_titles,
)
from .rules import PLACE_SHAPE, RULES, rule_on, rules_off
from .spans import clean_span
from .tables import (
    ACTOR_COLUMNS,
    COOCCURRENCE_COLUMNS,
    COUNT_DTYPES,
    ENTITY_COLUMNS,
    actors_table,
    cooccurrence_rows,
    cooccurrence_table,
    entities_table,
    entity_summary,
    polarity_lookup,
    profile_rows,
    summary_figures,
)

__all__ = [
    "ACTOR_COLUMNS", "COOCCURRENCE_COLUMNS", "DROPPED_COLUMNS", "ENTITY_COLUMNS", "LABELS", "MENTION_COLUMNS",
    "PLACE_SHAPE", "RAW_COLUMNS", "RULES", "Alias", "actors_table", "capitals_to_title", "clean_span",
    "cooccurrence_table", "dateline", "dateline_places", "entities_table", "entity_summary", "extend_partial_names",
    "extend_titles", "find_datelines", "government_country", "has_role", "heads", "is_common_word", "is_demonym",
    "is_headline_case", "is_nationality", "known_names", "load_actors", "load_aliases",
    "load_debris", "mention_columns", "nationalities", "raw_mentions", "resolve_mentions", "rule_on", "rules_off",
    "run",
]


def _setting(ctx, name: str):
    settings = getattr(ctx, "settings", None)
    return getattr(settings, name, None) if settings is not None else None


def run(ctx) -> None:
    """Add ``mentions``, ``entities``, ``cooccurrence``, ``actors`` and
    ``mentions_dropped`` to ``ctx.tables`` and ``entities`` to ``ctx.summary``.

    Uses ``ctx.sentences["polarity"]`` for ``mean_polarity`` when the tone
    analyser has added it.  Optional settings (read with ``getattr``):
    ``aliases`` and ``actors``, paths to user CSVs extending the defaults.

    Examples
    --------
    >>> from analysis.article import analyse_text
    >>> res = analyse_text("Le président turc Recep Tayyip Erdogan a reçu l'OTAN à Ankara. "
    ...                    "Pour Erdogan, la question est close.")
    >>> for row in res.tables["entities"][["entity", "label", "mentions", "aliases"]].values.tolist():
    ...     print(row)
    ['Recep Tayyip Erdogan', 'PER', 2, 'Erdogan; Recep Tayyip Erdogan']
    ['Ankara', 'LOC', 1, 'Ankara']
    ['OTAN', 'ORG', 1, 'OTAN']
    """
    aliases, actors = load_aliases(_setting(ctx, "aliases")), load_actors(_setting(ctx, "actors"))
    lines = find_datelines(ctx.doc, ctx.sents)
    # the steps hand each other column lists; each table is built once, at the end
    raw, dropped = mention_rows(ctx.doc, ctx.sents, ctx.article_id, known_names=known_names(aliases, actors),
                                datelines=lines)
    resolved = resolve_rows(raw, aliases, actors)
    mentions = partial_names(resolved, ctx.doc) if rule_on("extend_partial") else resolved
    mentions = with_titles(mentions, ctx.doc) if rule_on("keep_titles") else mentions
    pol = polarity_lookup(ctx.sentences)
    entities = to_columns(profile_rows(mentions, "entity", "text", pol, ENTITY_COLUMNS), ENTITY_COLUMNS)
    actors_ = to_columns(profile_rows(mentions, "actor", "entity", pol, ACTOR_COLUMNS), ACTOR_COLUMNS)
    ctx.tables["mentions"] = column_table(mentions)
    ctx.tables["entities"] = column_table(entities, COUNT_DTYPES)
    # the same actors as the actor table, actor tone and agency ("Ankara" and "Turquie" are one)
    ctx.tables["cooccurrence"] = column_table(to_columns(cooccurrence_rows(mentions, by="actor"),
                                                         COOCCURRENCE_COLUMNS), {"sentences": "int64"})
    ctx.tables["actors"] = column_table(actors_, COUNT_DTYPES)
    ctx.tables["mentions_dropped"] = column_table(to_columns(dropped, DROPPED_COLUMNS))
    # a dateline's place as written in the article (before names are widened over titles)
    places = place_rows(resolved, lines, doc_text(ctx.doc), aliases, actors)
    ctx.summary["entities"] = {**summary_figures(len(mentions["start"]), entities, actors_, len(dropped)),
                               "n_propagated": sum(r["model_label"] == "" for r in raw),
                               "dateline": places[0]["entity"] if places else None,
                               "datelines": places}
