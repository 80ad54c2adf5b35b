"""Wording of charts and the report, in French (default) and English.

Charts and the HTML report never hard-code a caption: they ask this module
with a key and a language, so wording can be corrected (or a language added)
in one place.  Two kinds of look-up:

* :func:`text` for captions, axis labels and sentences (keys such as
  ``"tone_arc.title"``), with ``str.format`` fields;
* :func:`value` for category values found in the tables (entity labels,
  speaker kinds, quote kinds, frame names, agency roles), which fall back to
  the value itself, made readable, when the kit does not know it.

The names of the figures of ``summary.json`` are in :mod:`analysis.viz.summary_labels`.
"""

from __future__ import annotations

import functools
import re

from .. import config
from ..resource_files import read_rows

#: The frame dimensions (``frame, label, label_fr, description``), also read by the framing analyser:
#: renaming a frame there renames it in every chart and in the report.
FRAMES_DIMENSIONS_FILE = config.RESOURCES_DIR / "frames_dimensions.tsv"
#: Supported languages; the first is the default.
LANGS = ("fr", "en")
DEFAULT_LANG = LANGS[0]

_TEXT: dict[str, tuple[str, str]] = {
    # generic
    "empty": ("Aucune donnée à afficher", "No data to show"),
    "missing_table": ("Table « {name} » absente : analyse non disponible",
                      "Table '{name}' missing: analysis not available"),
    "missing_columns": ("Colonnes absentes de « {name} » : {columns}",
                        "Columns missing from '{name}': {columns}"),
    "sentence_axis": ("Phrase (ordre de lecture)", "Sentence (reading order)"),
    "polarity": ("Polarité", "Polarity"),
    "subjectivity": ("Subjectivité", "Subjectivity"),
    "sentences": ("Phrases", "Sentences"),
    "mentions": ("Mentions", "Mentions"),
    "count": ("Nombre", "Count"),
    "share_sentences": ("Part des phrases", "Share of sentences"),
    "other": ("autre", "other"),
    # corpus comparisons
    "by_group.title": ("{measure} par {group}", "{measure} by {group}"),
    "by_group.outlet": ("média", "outlet"),
    "by_group.date": ("date", "date"),
    "by_group.tone_mean_polarity": ("Polarité moyenne des articles", "Mean article polarity"),
    "by_group.share_anonymous_sources": ("Part des sources anonymes", "Share of anonymous sources"),
    "by_group.hedging_share_hedged": ("Part des phrases modalisées", "Share of hedged sentences"),
    # keyness (analysis/viz/keyness.py)
    "keyness.title": ("Termes distinctifs", "Distinctive terms"),
    "keyness.title_group": ("Termes distinctifs : {group}", "Distinctive terms: {group}"),
    "keyness.none": ("Aucun terme distinctif (z ≥ {z})", "No distinctive term (z ≥ {z})"),
    "keyness.z": ("score z du log-odds (a priori informatif)", "z-score of the log-odds (informative prior)"),
    "keyness.lemma": ("mot (lemme)", "word (lemma)"),
    "keyness.entity": ("entité", "entity"),
    "keyness.scatter_title": ("Fréquence et spécificité des termes", "Frequency and distinctiveness of terms"),
    "keyness.scatter_title_group": ("Fréquence et spécificité : {group} face aux autres",
                                    "Frequency and distinctiveness: {group} against the rest"),
    "keyness.frequency": ("Occurrences dans le corpus (échelle log)", "Occurrences in the corpus (log scale)"),
    "keyness.z_vs": ("z : {group} (haut) ou les autres (bas)", "z: {group} (top) or the rest (bottom)"),
    # tone arc
    "tone_arc.title": ("Ton phrase par phrase", "Tone sentence by sentence"),
    "tone_arc.sentence": ("polarité de la phrase", "sentence polarity"),
    "tone_arc.unscored": ("phrase sans mot noté", "sentence with no scored word"),
    "tone_arc.smooth": ("moyenne mobile ({window} phrases)", "moving average ({window} sentences)"),
    "tone_arc.quote": ("citation", "quote"),
    "tone_arc.hedged": ("modalisée (conditionnel, atténuation)", "hedged (conditional, hedge words)"),
    # polarity vs subjectivity
    "polsub.title": ("Polarité et subjectivité des phrases", "Polarity and subjectivity of sentences"),
    "polsub.scored": ("phrase notée", "scored sentence"),
    "polsub.size": ("taille : mots notés", "size: scored words"),
    # entities
    "entities.title": ("Entités les plus mentionnées", "Most mentioned entities"),
    "actor_tone.title": ("Ton des phrases où apparaît chaque acteur",
                         "Tone of the sentences naming each actor"),
    "actor_tone.xlabel": ("Polarité moyenne (± écart type)", "Mean polarity (± standard deviation)"),
    "actor_tone.n": ("n = {n}", "n = {n}"),
    "cooc.title": ("Acteurs cités dans les mêmes phrases", "Actors named in the same sentences"),
    "cooc.cbar": ("nombre de phrases partagées", "number of shared sentences"),
    # sources
    "sources.title": ("Sources citées : nommées ou anonymes", "Sources quoted: named or anonymous"),
    "sources.xlabel": ("Citations", "Quotes"),
    # hedging
    "hedging.title": ("Modalisation au fil de l'article", "Hedging through the article"),
    "hedging.share": ("part modalisée (moyenne mobile, {window} phrases)",
                      "share hedged (moving average, {window} sentences)"),
    "hedging.hedged": ("phrase modalisée", "hedged sentence"),
    # frames
    "frames.title": ("Cadres (dimensions du Policy Frames Codebook)",
                     "Frames (Policy Frames Codebook dimensions)"),
    # agency
    "agency.title": ("Qui agit, qui subit", "Who acts, who is acted upon"),
    "agency.xlabel": ("Occurrences (← subit, agit →)", "Occurrences (← acted upon, acts →)"),
    # evidence
    "evidence.title": ("Mots qui font le ton", "Words that set the tone"),
    "evidence.xlabel": ("Polarité cumulée", "Summed polarity"),
    "evidence.positive": ("positif", "positive"),
    "evidence.negative": ("négatif", "negative"),
    "tone_key.title": ("Couleur des mots qui font le ton :", "Colour of the words that set the tone:"),
    "tone_key.neg_strong": ("très négatif", "very negative"),
    "tone_key.neg": ("négatif", "negative"),
    "tone_key.pos": ("positif", "positive"),
    "tone_key.pos_strong": ("très positif", "very positive"),
    "tone_key.hint": ("(survolez un mot pour ses valeurs)", "(hover over a word for its values)"),
    # several articles
    "frames_by_article.title": ("Cadres par article (part des phrases)", "Frames by article (share of sentences)"),
    "sources_by_article.title": ("Sources citées par article", "Sources quoted by article"),
    # report
    "report.title": ("Cadrage : {title}", "Cadrage: {title}"),
    "report.untitled": ("article sans titre", "untitled article"),
    "report.summary": ("Chiffres clés", "Key figures"),
    "report.figures": ("Graphiques", "Charts"),
    "report.text": ("Texte de l'article", "Article text"),
    "report.text_note": ("Mots notés colorés selon leur polarité.",
                         "Scored words coloured by polarity."),
    "report.text_plain": ("Texte nettoyé, phrase par phrase (surlignage non disponible).",
                          "Cleaned text, sentence by sentence (highlighting not available)."),
    "report.tables": ("Tableaux", "Tables"),
    "report.removed": ("Texte retiré au nettoyage", "Text removed by cleaning"),
    "report.rows": ("{shown} lignes sur {total}", "{shown} rows of {total}"),
    "report.not_available": ("Non disponible pour cet article : {names}",
                             "Not available for this article: {names}"),
    "report.footer": ("Produit par Cadrage. Les fichiers CSV, Parquet et les figures sont dans ce dossier.",
                      "Made by Cadrage. CSV and Parquet tables and the figures are in this folder."),
    "report.key": ("Mesure", "Measure"),
    "report.value": ("Valeur", "Value"),
    "report.brief": ("En bref", "In brief"),
    "report.all_figures": ("Tous les chiffres (summary.json)", "All figures (summary.json)"),
    "report.all_figures_note": ("Les mêmes chiffres que summary.json, nommés en clair ; la clé de chaque ligne "
                                "est en infobulle.",
                                "The figures of summary.json, named in plain words; each row's key shows "
                                "on hover."),
    "report.columns_note": ("Colonnes : noms des fichiers CSV (voir docs/tables.md).",
                            "Columns: as in the CSV files (see docs/tables.md)."),
    "report.none": ("aucun", "none"),
    "report.dictionary": ("dictionnaire", "dictionary"),
    "report.yes": ("oui", "yes"),
    "report.no": ("non", "no"),
    # the brief at the top of the report (analysis.output.brief)
    "brief.tone": ("Ton", "Tone"),
    "brief.tone_more_negative": ("plus de phrases négatives ({neg}) que positives ({pos}) sur {n}",
                                 "more negative sentences ({neg}) than positive ({pos}) out of {n}"),
    "brief.tone_more_positive": ("plus de phrases positives ({pos}) que négatives ({neg}) sur {n}",
                                 "more positive sentences ({pos}) than negative ({neg}) out of {n}"),
    "brief.tone_balanced": ("autant de phrases positives que négatives ({pos}) sur {n}",
                            "as many positive as negative sentences ({pos}) out of {n}"),
    "brief.tone_mean": ("polarité moyenne {mean} (de -1 à +1)", "mean polarity {mean} (from -1 to +1)"),
    "brief.tone_method": ("méthode « {method} »", "method '{method}'"),
    "brief.tone_validated": ("sur {n} phrases de presse codées à la main (jeu de test du kit, docs/tone.md), "
                             "elle donne le ton des codeurs pour {accuracy} d'entre elles (macro-F1 {f1})",
                             "on {n} hand-coded news sentences (the kit's test set, docs/tone.md) it gives "
                             "the coders' tone for {accuracy} of them (macro-F1 {f1})"),
    "brief.tone_not_validated": ("méthode non validée sur le jeu codé du kit", "method not validated on the kit's "
                                 "coded set"),
    "brief.appears": ("Qui apparaît", "Who appears"),
    "brief.mentions": ("{name} ({n} mentions)", "{name} ({n} mentions)"),
    "brief.speaks": ("Qui parle", "Who speaks"),
    "brief.no_quote": ("aucune citation repérée", "no quote found"),
    "brief.quotes": ("{n} citations", "{n} quotes"),
    "brief.quotes_one": ("1 citation", "1 quote"),
    "brief.named": ("{n} de {k} sources nommées ({names})", "{n} from {k} named sources ({names})"),
    "brief.named_one": ("{n} d'une source nommée ({names})", "{n} from one named source ({names})"),
    "brief.anonymous": ("{n} de {k} sources anonymes ({names})", "{n} from {k} anonymous sources ({names})"),
    "brief.anonymous_one": ("{n} d'une source anonyme ({names})", "{n} from one anonymous source ({names})"),
    "brief.unknown": ("{n} sans orateur identifié", "{n} with no speaker found"),
    "brief.hedging": ("Modalisation", "Hedging"),
    "brief.hedged": ("{n} phrases sur {total} ({share}) au conditionnel ou atténuées",
                     "{n} sentences out of {total} ({share}) in the conditional or hedged"),
    "brief.hedged_one": ("1 phrase sur {total} ({share}) au conditionnel ou atténuée",
                         "1 sentence out of {total} ({share}) in the conditional or hedged"),
    "brief.cues": ("indices : {cues}", "cues: {cues}"),
    "brief.frames": ("Cadres principaux", "Main frames"),
    "brief.frame": ("{frame} ({share} des phrases)", "{frame} ({share} of sentences)"),
    "brief.no_frame": ("aucun cadre repéré", "no frame found"),
}

_VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "entity_label": {
        "per": ("Personne", "Person"),
        "org": ("Organisation", "Organisation"),
        "loc": ("Lieu", "Place"),
        "gpe": ("Lieu", "Place"),
        "misc": ("Divers", "Other"),
        "equip": ("Équipement", "Equipment"),
    },
    "speaker_kind": {
        "person": ("personne nommée", "named person"),
        "organisation": ("organisation nommée", "named organisation"),
        "organization": ("organisation nommée", "named organisation"),
        "anonymous": ("source anonyme", "anonymous source"),
        "unknown": ("orateur inconnu", "unknown speaker"),
    },
    "quote_kind": {
        "direct": ("directe", "direct"),
        "indirect": ("indirecte", "indirect"),
        "selon": ("« selon »", "'selon' (according to)"),
    },
    "role": {
        "agent": ("agit (agent)", "acts (agent)"),
        "patient": ("subit (patient)", "acted upon (patient)"),
        "recipient": ("destinataire", "recipient"),
    },
    "measure": {
        "mean polarity": ("Polarité moyenne (toutes les phrases)", "Mean polarity (all sentences)"),
        "mean polarity scored": ("Polarité moyenne (phrases notées)", "Mean polarity (scored sentences)"),
        "share quoted": ("Part des phrases citées", "Share of sentences quoted"),
        "share hedged": ("Part des phrases modalisées", "Share of sentences hedged"),
        "quotes": ("Citations", "Quotes"),
        "named sources": ("Citations de sources nommées", "Quotes from named sources"),
        "anonymous sources": ("Citations de sources anonymes", "Quotes from anonymous sources"),
        "n sentences": ("Phrases", "Sentences"),
        "n words": ("Mots", "Words"),
        "alpha ordinal": ("Alpha de Krippendorff (ordinal)", "Krippendorff's alpha (ordinal)"),
        "alpha nominal": ("Alpha de Krippendorff (nominal)", "Krippendorff's alpha (nominal)"),
        "accuracy": ("Accord brut (part des phrases codées pareil)", "Raw agreement (share coded the same)"),
    },
    "table": {
        "entities": ("Entités", "Entities"),
        "actors": ("Acteurs", "Actors"),
        "quotes": ("Citations", "Quotes"),
        "hedges": ("Modalisation (indices)", "Hedging (cues)"),
        "agency": ("Qui agit, qui subit", "Who acts, who is acted upon"),
        "frames": ("Cadres (mots repérés)", "Frames (words found)"),
        "evidence": ("Mots notés (ce qui fait le ton)", "Scored words (what sets the tone)"),
        "sentences": ("Phrases", "Sentences"),
        "removed": ("Texte retiré au nettoyage", "Text removed by cleaning"),
        "terms": ("Termes (lemmes et entités)", "Terms (lemmas and entities)"),
    },
    "frame": {
        "economic": ("Économie", "Economic"),
        "capacity and resources": ("Capacités et ressources", "Capacity and resources"),
        "morality": ("Morale", "Morality"),
        "fairness and equality": ("Équité et égalité", "Fairness and equality"),
        "legality constitutionality and jurisprudence": (
            "Légalité et droit", "Legality, constitutionality, jurisprudence"),
        "policy prescription and evaluation": ("Politiques publiques", "Policy prescription and evaluation"),
        "crime and punishment": ("Crime et sanction", "Crime and punishment"),
        "security and defense": ("Sécurité et défense", "Security and defense"),
        "health and safety": ("Santé et sûreté", "Health and safety"),
        "quality of life": ("Qualité de vie", "Quality of life"),
        "cultural identity": ("Identité culturelle", "Cultural identity"),
        "public opinion": ("Opinion publique", "Public opinion"),
        "political": ("Politique", "Political"),
        "external regulation and reputation": ("Régulation externe et réputation",
                                               "External regulation and reputation"),
    },
}
# Frame identifiers may be written snake_case, shortened or in another order: a
# few aliases keep the French wording when the frame lexicon uses short keys.
_FRAME_ALIASES = {
    "economy": "economic", "capacity": "capacity and resources",
    "fairness": "fairness and equality", "legality": "legality constitutionality and jurisprudence",
    "policy": "policy prescription and evaluation", "crime": "crime and punishment",
    "security": "security and defense", "security and defence": "security and defense",
    "defense": "security and defense", "health": "health and safety", "culture": "cultural identity",
    "cultural": "cultural identity", "opinion": "public opinion", "politics": "political",
    "external regulation": "external regulation and reputation",
    "external": "external regulation and reputation", "quality": "quality of life",
}


def check_lang(lang: str) -> int:
    """Index of ``lang`` in :data:`LANGS`; a clear error for any other value.

    Examples
    --------
    >>> check_lang("en")
    1
    """
    try:
        return LANGS.index(lang)
    except ValueError:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}") from None


def text(key: str, lang: str = DEFAULT_LANG, **fields) -> str:
    """Caption ``key`` in ``lang``, with ``{fields}`` filled in.

    Examples
    --------
    >>> text("polarity")
    'Polarité'
    >>> text("tone_arc.smooth", "en", window=3)
    'moving average (3 sentences)'
    """
    i = check_lang(lang)
    s = _TEXT[key][i]
    return s.format(**fields) if fields else s


def _norm(value: str) -> str:
    s = str(value).strip().lower().replace("&", " and ")
    s = re.sub(r"[\s_\-/,]+", " ", s)
    return s.strip()


@functools.lru_cache(maxsize=1)
def _frame_dimension_labels() -> dict[str, tuple[str, str]]:
    """Frame labels from the frame dimensions file (:data:`FRAMES_DIMENSIONS_FILE`), if present."""
    try:
        rows = read_rows(FRAMES_DIMENSIONS_FILE, "\t")
        return {_norm(r["frame"]): (r["label_fr"], r["label"]) for r in rows}
    except (OSError, KeyError):  # no such file or column: the built-in names are used
        return {}


def value(kind: str, val, lang: str = DEFAULT_LANG) -> str:
    """Readable name of a table value (entity label, frame, speaker kind...).

    Unknown values come back as written, underscores turned into spaces, so a
    label added by another analyser still shows.  Frame names come first from
    ``resources/frames_dimensions.tsv`` (``label_fr``, ``label``), the file the
    framing analyser reads, so renaming a frame there renames it in every chart.

    Examples
    --------
    >>> value("entity_label", "PER")
    'Personne'
    >>> value("frame", "security_defense", "fr")
    'Sécurité et défense'
    >>> value("frame", "new_frame")
    'new frame'
    """
    i = check_lang(lang)
    table = _VALUES.get(kind, {})
    key = _norm(val)
    if kind == "frame":
        dims = _frame_dimension_labels()
        if key in dims:
            return dims[key][i]
        key = _FRAME_ALIASES.get(key, key)
    if key in table:
        return table[key][i]
    return str(val).replace("_", " ")
