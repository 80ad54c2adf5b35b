"""Plain names of the figures of ``summary.json``, in French (default) and English.

The report's table of every figure (:mod:`analysis.output.figures_table`) names
each dotted key of ``summary.json`` with :func:`summary_label`, and the columns
and values of its lists with :func:`field_label` and :func:`field_value`.
Categories (frames, entity labels, speaker kinds...) are named by
:func:`analysis.viz.labels.value`, so they read the same as in the charts.
"""

from __future__ import annotations

from .labels import DEFAULT_LANG, check_lang, value

#: Names of the figures of ``summary.json``, by dotted key (as :func:`analysis.output.figures_table.flatten_summary`
#: writes them).  A ``*`` stands for one key naming a method, a frame, a type...: the name is
#: filled in as ``{item}`` (translated with :func:`value` and the kind in :data:`_SUMMARY_ITEMS`).
_SUMMARY: dict[str, tuple[str, str]] = {
    "article_id": ("Identifiant de l'article", "Article id"),
    "title": ("Titre", "Title"),
    "source": ("Fichier lu", "File read"),
    "outlet": ("Média", "Outlet"),
    "date": ("Date", "Date"),
    "url": ("Adresse", "Address"),
    "n_sentences": ("Phrases", "Sentences"),
    "n_words": ("Mots", "Words"),
    "n_removed": ("Morceaux retirés au nettoyage", "Pieces removed by cleaning"),
    "french_share": ("Part des mots qui sont des mots-outils français (« de », « la », « que »…), "
                     "qui vérifie que le texte est en français",
                     "Share of words that are French function words ('de', 'la', 'que'...), "
                     "which checks that the text is French"),
    "settings.*": ("Réglage : {item}", "Setting: {item}"),
    "settings.sentiment": ("Réglage : méthode de ton", "Setting: tone method"),
    "tone.method": ("Ton : méthode", "Tone: method"),
    "tone.n_sentences": ("Ton : phrases", "Tone: sentences"),
    "tone.n_words": ("Ton : mots", "Tone: words"),
    "tone.title_counted": ("Ton : titre compté", "Tone: title counted"),
    "tone.title_polarity": ("Ton : polarité du titre", "Tone: title polarity"),
    "tone.mean_polarity": ("Ton : polarité moyenne (toutes les phrases, de -1 à +1)",
                           "Tone: mean polarity (all sentences, -1 to +1)"),
    "tone.mean_polarity_scored": ("Ton : polarité moyenne des phrases notées",
                                  "Tone: mean polarity of scored sentences"),
    "tone.weighted_polarity": ("Ton : polarité moyenne pondérée par la longueur des phrases",
                               "Tone: mean polarity weighted by sentence length"),
    "tone.mean_subjectivity": ("Ton : subjectivité moyenne (0 à 1)", "Tone: mean subjectivity (0 to 1)"),
    "tone.positive_threshold": ("Ton : seuil d'une phrase positive", "Tone: threshold of a positive sentence"),
    "tone.negative_threshold": ("Ton : seuil d'une phrase négative", "Tone: threshold of a negative sentence"),
    "tone.share_positive": ("Ton : part des phrases positives", "Tone: share of positive sentences"),
    "tone.share_negative": ("Ton : part des phrases négatives", "Tone: share of negative sentences"),
    "tone.share_neutral": ("Ton : part des phrases sans ton marqué", "Tone: share of sentences with no clear tone"),
    "tone.coverage": ("Ton : part des phrases avec au moins un mot noté",
                      "Tone: share of sentences with at least one scored word"),
    "tone.coverage_emotive": ("Ton : part des phrases avec un mot noté non nul",
                              "Tone: share of sentences with a non-zero scored word"),
    "tone.n_scored": ("Ton : mots notés", "Tone: scored words"),
    "tone.gdelt_positive_pct": ("Ton : % de mots positifs (à la manière de GDELT)",
                                "Tone: % of positive words (GDELT style)"),
    "tone.gdelt_negative_pct": ("Ton : % de mots négatifs (à la manière de GDELT)",
                                "Tone: % of negative words (GDELT style)"),
    "tone.gdelt_tone": ("Ton : % positifs moins % négatifs (ton GDELT)",
                        "Tone: % positive minus % negative (GDELT tone)"),
    "tone.gdelt_polarity_pct": ("Ton : % de mots positifs ou négatifs (polarité GDELT)",
                                "Tone: % of positive or negative words (GDELT polarity)"),
    "tone.lexicon": ("Ton : lexique ajouté", "Tone: added lexicon"),
    "tone_by_method.*": ("Méthode {item} : {label}", "Method {item}: {label}"),
    "tone_agreement": ("Accord entre méthodes de ton", "Agreement between tone methods"),
    "entities.n_mentions": ("Entités : mentions", "Entities: mentions"),
    "entities.n_entities": ("Entités : entités distinctes", "Entities: distinct entities"),
    "entities.n_actors": ("Entités : acteurs (entités regroupées)", "Entities: actors (entities grouped)"),
    "entities.n_dropped": ("Entités : détections écartées", "Entities: detections discarded"),
    "entities.entities_by_label.*": ("Entités de type « {item} »", "Entities of type '{item}'"),
    "entities.top_entities": ("Entités les plus mentionnées", "Most mentioned entities"),
    "entities.top_actors": ("Acteurs les plus mentionnés", "Most mentioned actors"),
    "entities.n_propagated": ("Entités : mentions retrouvées par leur nom court",
                              "Entities: mentions found by their short name"),
    "entities.dateline": ("Lieu de la dépêche (en tête)", "Dateline"),
    "entities.datelines": ("Lieux de dépêche", "Datelines"),
    "sources.n_quotes": ("Citations", "Quotes"),
    "sources.by_kind.*": ("Citations de forme {item}", "Quotes, {item}"),
    "sources.by_speaker_kind.*": ("Citations : {item}", "Quotes: {item}"),
    "sources.named": ("Citations de sources nommées", "Quotes from named sources"),
    "sources.anonymous": ("Citations de sources anonymes", "Quotes from anonymous sources"),
    "sources.unknown": ("Citations sans orateur identifié", "Quotes with no speaker found"),
    "sources.named_speakers": ("Sources nommées distinctes", "Distinct named sources"),
    "sources.anonymous_speakers": ("Sources anonymes distinctes", "Distinct anonymous sources"),
    "sources.share_sentences_quoted": ("Part des phrases citées", "Share of sentences quoted"),
    "sources.share_sentences_direct": ("Part des phrases en citation directe",
                                       "Share of sentences quoted directly"),
    "sources.speakers": ("Sources citées", "Sources quoted"),
    "sources.scare_quotes": ("Mots entre guillemets sans orateur (guillemets de distance)",
                             "Words in quotation marks with no speaker (scare quotes)"),
    "sources.quoted_names": ("Noms entre guillemets", "Names in quotation marks"),
    "hedging.n_hedged": ("Modalisation : phrases modalisées", "Hedging: hedged sentences"),
    "hedging.share_hedged": ("Modalisation : part des phrases", "Hedging: share of sentences"),
    "hedging.share_hedged_outside_quotes": ("Modalisation : part des phrases hors citations",
                                            "Hedging: share of sentences outside quotes"),
    "hedging.n_conditional": ("Modalisation : verbes au conditionnel", "Hedging: verbs in the conditional"),
    "hedging.n_expressions": ("Modalisation : expressions (« peut-être »…)", "Hedging: expressions ('perhaps'...)"),
    "hedging.top_cues": ("Modalisation : indices les plus fréquents", "Hedging: most frequent cues"),
    "frames.method": ("Cadres : méthode", "Frames: method"),
    "frames.n_sentences_framed": ("Cadres : phrases avec un cadre", "Frames: sentences with a frame"),
    "frames.n_matches": ("Cadres : mots repérés", "Frames: words found"),
    "frames.shares.*": ("Cadre « {item} » : part des mots repérés", "Frame '{item}': share of the words found"),
    "frames.sentence_shares.*": ("Cadre « {item} » : part des phrases", "Frame '{item}': share of sentences"),
    "frames.dominant": ("Cadres dominants", "Dominant frames"),
    "agency.n_actors": ("Agentivité : acteurs", "Agency: actors"),
    "agency.n_roles.*": ("Agentivité : {item}", "Agency: {item}"),
    "agency.most_active": ("Agentivité : acteurs les plus actifs", "Agency: most active actors"),
}
#: What the ``*`` of a :data:`_SUMMARY` key names (a :func:`value` kind; None: shown as written).
_SUMMARY_ITEMS = {"settings.*": None, "tone_by_method.*": None, "entities.entities_by_label.*": "entity_label",
                  "sources.by_kind.*": "quote_kind", "sources.by_speaker_kind.*": "speaker_kind",
                  "frames.shares.*": "frame", "frames.sentence_shares.*": "frame", "agency.n_roles.*": "role"}
#: Keys of :data:`_SUMMARY` whose items are named elsewhere (not shown in the figures table).
SUMMARY_HIDDEN = ("article_id", "title", "frames.labels")
#: Column names of the lists of ``summary.json`` (top entities, speakers, cues...).
_FIELDS: dict[str, tuple[str, str]] = {
    "entity": ("entité", "entity"), "label": ("type", "type"), "mentions": ("mentions", "mentions"),
    "actor": ("acteur", "actor"), "speaker": ("source", "source"), "speaker_kind": ("type de source", "kind of source"),
    "n_quotes": ("citations", "quotes"), "first_sentence": ("première phrase", "first sentence"),
    "cue": ("indice", "cue"), "n": ("nombre", "count"), "agent": ("agit", "acts"), "patient": ("subit", "acted upon"),
    "recipient": ("destinataire", "recipient"), "text": ("texte", "text"), "start": ("début", "start"),
    "end": ("fin", "end"), "methods": ("méthodes", "methods"),
    "pearson": ("corrélation (Pearson)", "correlation (Pearson)"),
    "sign_agreement": ("même signe", "same sign"),
    "sign_agreement_scored": ("même signe (phrases notées)", "same sign (scored sentences)"),
    "n_scored_both": ("phrases notées par les deux", "sentences scored by both"),
    "most_disagreeing": ("phrases les plus en désaccord", "sentences disagreeing most"),
}
#: Which :func:`value` kind names the values of a list column.
_FIELD_VALUES = {"label": "entity_label", "speaker_kind": "speaker_kind", "kind": "quote_kind", "role": "role",
                 "frame": "frame"}


def summary_label(key: str, lang: str = DEFAULT_LANG) -> str | None:
    """Plain name of a ``summary.json`` figure (dotted key), or None when the kit has none.

    Examples
    --------
    >>> summary_label("tone.gdelt_positive_pct")
    'Ton : % de mots positifs (à la manière de GDELT)'
    >>> summary_label("frames.sentence_shares.security_defense", "en")
    "Frame 'Security and defense': share of sentences"
    >>> summary_label("tone_by_method.news.mean_polarity", "en")
    'Method news: Tone: mean polarity (all sentences, -1 to +1)'
    >>> summary_label("no.such.key") is None
    True
    """
    i = check_lang(lang)
    if key in _SUMMARY:
        return _SUMMARY[key][i]
    head, _, rest = key.partition(".")
    if head == "tone_by_method" and "." in rest:
        method, _, sub = rest.partition(".")
        inner = summary_label("tone." + sub, lang)
        return None if inner is None else _SUMMARY["tone_by_method.*"][i].format(item=method, label=inner)
    parent, _, item = key.rpartition(".")
    pattern = parent + ".*"
    if pattern in _SUMMARY:
        kind = _SUMMARY_ITEMS.get(pattern)
        return _SUMMARY[pattern][i].format(item=value(kind, item, lang) if kind else item)
    return None


def field_label(name: str, lang: str = DEFAULT_LANG) -> str:
    """Column name of a list in ``summary.json`` (as written when the kit has none).

    Examples
    --------
    >>> field_label("first_sentence"), field_label("speaker_kind", "en"), field_label("other")
    ('première phrase', 'kind of source', 'other')
    """
    i = check_lang(lang)
    return _FIELDS[name][i] if name in _FIELDS else name.replace("_", " ")


def field_value(name: str, val, lang: str = DEFAULT_LANG) -> str:
    """A value of a list column of ``summary.json``, named with :func:`value` when it is a category.

    Examples
    --------
    >>> field_value("label", "LOC"), field_value("speaker_kind", "anonymous", "en"), field_value("n", 3)
    ('Lieu', 'anonymous source', '3')
    """
    return value(_FIELD_VALUES[name], val, lang) if name in _FIELD_VALUES else str(val)
