"""Speaker rules of issue 14 (« Who speaks »), each on French sentences written for the test.

Every rule here is general French (syntax, morphology, lexicon): an acronym in brackets
stands for the name before it, a local body is the body of the place the article names it
with, … Each test has a case the rule must leave alone.
"""

from __future__ import annotations

from analysis.analysers.cues import load_source_nouns
from analysis.analysers.names import bracket_acronyms, spells
from analysis.analysers.quotes.discourse import _bare
from analysis.analysers.quotes.nouns import form_gender
from analysis.analysers.quotes.speakers import _one_of_them


def _rows(res) -> list[tuple]:
    q = res.tables["quotes"]
    return list(zip(q["kind"], q["speaker"], q["speaker_kind"], q["speaker_rule"]))


# --- acronyms: « le Centre … (CISSS-O) » then « selon le CISSS-O » -----------------------

def _brackets(nlp, text: str) -> list[tuple]:
    doc = nlp(text)
    return [(b.start, b.end, b.acronym, b.name) for b in bracket_acronyms(doc) if b.name]


def test_bracket_acronym_spelled_by_the_name_before_it(nlp):
    text = ("Le Centre intégré de santé et de services sociaux de l'Outaouais (CISSS-O) a "
            "fermé l'urgence.")
    [(start, end, acronym, name)] = _brackets(nlp, text)
    assert (acronym, name) == ("CISSS-O", "Centre intégré de santé et de services sociaux "
                                          "de l'Outaouais")
    assert text[start:end].endswith("(CISSS-O)")
    # a hyphenated word gives one letter per part when that makes the name shortest
    assert [a[3] for a in _brackets(nlp, "un cadre de l'Office du blé-maïs (OBM) dit")] \
        == ["Office du blé-maïs"]
    # capitalised words after the bracket, with or without « de », belong to the name
    assert [a[3] for a in _brackets(nlp, "Le Syndicat des eaux (SDE) du Morbihan a dit")] \
        == ["Syndicat des eaux du Morbihan"]
    assert [a[3] for a in _brackets(nlp, "Le service départemental d'incendie et de secours "
                                         "(Sdis) de la Lozère a dit")] \
        == ["service départemental d'incendie et de secours de la Lozère"]


def test_bracket_words_that_spell_nothing_are_not_acronyms(nlp):
    assert _brackets(nlp, "Elle vit à Annecy (Haute-Savoie) depuis 2012.") == []
    assert _brackets(nlp, "Le député Marc Royer (LR) a voté contre.") == []
    assert _brackets(nlp, "La réunion (PDF) est en ligne.") == []
    # a word in brackets that spells nothing is kept unspelled, for a name that owns it
    assert [(b.acronym, b.name) for b in bracket_acronyms(nlp("L'Agence américaine de "
                                                              "protection (EPA) a dit."))] \
        == [("EPA", "")]


def test_one_initials_function_for_bracketed_and_bare_acronyms():
    # « de », « d' » may give nothing; a word in capitals gives itself; a hyphenated word one
    # letter per part
    assert spells(["AS", "Nancy-Lorraine"], "ASNL") == 0
    assert spells(["Conseil", "d'", "État"], "CE") == 0
    assert spells(["Organisation", "mondiale", "de", "la", "santé"], "OMS") == 0
    assert spells(["Parti", "socialiste"], "PSE") is None
    # the shortest run ending the words, not opening with a link word
    assert spells(["il", "dirige", "le", "Syndicat", "des", "eaux"], "SDE", whole=False) == 3


def test_acronym_without_brackets_stands_for_the_one_name_spelling_it(analyse):
    res = analyse("Le Mouvement des jeunes agriculteurs bretons a manifesté mardi devant la "
                  "préfecture. Selon le MJAB, trois cents tracteurs ont bloqué la rocade.")
    assert ("selon", "Mouvement des jeunes agriculteurs bretons", "organisation",
            "selon:name") in _rows(res)


def test_acronym_speaker_gets_the_full_name(analyse):
    res = analyse("Le Centre intégré de santé et de services sociaux de l'Outaouais (CISSS-O) "
                  "a fermé l'urgence de nuit pour l'été. Selon le CISSS-O, six postes "
                  "d'infirmières sont vacants depuis le printemps.")
    assert ("selon", "Centre intégré de santé et de services sociaux de l'Outaouais",
            "organisation", "selon:acronym") in _rows(res)


def test_speaker_inside_a_name_with_its_acronym_gets_the_whole_name(analyse):
    res = analyse("L'agence régionale de santé (ARS) Bretagne appelle les baigneurs à « ne pas "
                  "entrer dans l'eau avant vendredi ». Selon l'ARS, trois plages restent "
                  "fermées au public.")
    speakers = {(kind, speaker) for kind, speaker, _, _ in _rows(res)}
    assert speakers == {("indirect", "agence régionale de santé Bretagne"),
                        ("selon", "agence régionale de santé Bretagne")}


def test_acronym_without_brackets_keeps_its_own_name(analyse):
    res = analyse("La Fédération des usagers du rail a publié un rapport mardi. Selon la CGT, "
                  "les retards ont doublé en un an sur la ligne.")
    assert ("selon", "CGT", "organisation", "selon:name") in _rows(res)


# --- local bodies: « la mairie » is the mairie of the town the article names ---------------

def test_local_body_takes_the_place_named_with_its_family(analyse):
    res = analyse("Le maire de Montauban, Paul Dufresne, a visité l'école mardi. Dans un "
                  "communiqué, la mairie a indiqué que les cours reprendraient lundi.")
    assert ("indirect", "la mairie de Montauban", "organisation", "subject:place") in _rows(res)
    res = analyse("Le conseil municipal de Saint-Dié a voté le budget lundi soir. La "
                  "municipalité assure que les impôts locaux n'augmenteront pas cette année.")
    assert ("indirect", "la municipalité de Saint-Dié", "organisation", "subject:place") \
        in _rows(res)


def test_prefecture_takes_the_prefect_place_even_named_after_it(analyse):
    res = analyse("Selon la préfecture, deux maisons ont été détruites par les flammes. Le "
                  "préfet du Gard s'est rendu sur place dans la matinée.")
    assert ("selon", "la préfecture du Gard", "organisation", "selon:place") in _rows(res)


def test_local_body_without_a_place_of_its_family_stays_as_written(analyse):
    # Nîmes is named, but not as a commune's, a prefect's or a department's place
    res = analyse("Un incendie a touché un entrepôt près de Nîmes. Selon la préfecture, deux "
                  "maisons ont été détruites par les flammes.")
    assert ("selon", "la préfecture", "organisation", "selon:organisation") in _rows(res)
    # a prefect's place does not complete a mairie
    res = analyse("Le préfet du Gard s'est rendu sur place. La mairie a indiqué que l'école "
                  "resterait fermée jusqu'à lundi.")
    assert ("indirect", "la mairie", "organisation", "subject:organisation") in _rows(res)


# --- « l'institution », « l'organisme »: the body named just before, whatever its gender ------

def test_generic_body_noun_takes_the_organisation_of_either_gender(analyse):
    res = analyse("Le Conseil interprofessionnel du vin a publié ses chiffres lundi. "
                  "L'institution assure que les ventes progressent depuis janvier.")
    assert ("indirect", "Conseil interprofessionnel du vin", "organisation",
            "subject:description") in _rows(res)


def test_generic_body_noun_with_no_organisation_before_stays_a_body(analyse):
    res = analyse("Les ventes de vin reculent depuis un an. L'institution assure que la "
                  "tendance s'inversera en juin.")
    [(kind, speaker, speaker_kind, rule)] = _rows(res)
    assert (speaker_kind, rule) == ("organisation", "subject:organisation")


# --- a new unnamed person is not the person named before ----------------------------------

def test_description_with_an_indefinite_complement_is_someone_new(analyse, nlp):
    text = ("La conseillère municipale Sophie Marchand juge que la ville « a trop attendu ». "
            "« Tout le monde savait que le pont était fragile », accuse l'élue. "
            "Les commerçants du quartier s'inquiètent. « Il n'y a plus personne le soir », "
            "soupire la serveuse d'un café de la place Wilson.")
    rows = _rows(analyse(text))
    assert rows[1][1:3] == ("Sophie Marchand", "person")  # « l'élue »: the one named before
    assert rows[-1][2:] == ("anonymous", "incise:anonymous")  # someone new
    # the parser hangs « d'un café » on the verb here: the words after the noun still count
    assert not _bare(_word(nlp, "« Rien », soupire la serveuse d'un café du quartier.",
                             "serveuse"))
    assert not _bare(_word(nlp, "Le patron du bar a dit non.", "patron"))
    assert _bare(_word(nlp, "La gérante a dit non.", "gérante"))


def _word(nlp, text, word):
    return next(t for t in nlp(text) if t.text == word)


# --- a quote attributed only in the sentence after it -------------------------------------

def test_quote_attributed_by_the_next_sentence_with_ainsi(analyse):
    res = analyse("Le syndicat réclame des primes de rétention. « On ne nous écoute plus depuis "
                  "des mois. » L'infirmière qui parle ainsi travaille à l'urgence depuis douze "
                  "ans. Elle a demandé que son nom ne soit pas publié.")
    rows = _rows(res)
    assert rows[0] == ("direct", "infirmière", "anonymous", "next:anonymous")
    # and the pronoun after it is that nurse, not the union
    assert rows[1][2:] == ("anonymous", "subject:pronoun")
    res = analyse("Le maire Paul Girard a inauguré la halle mardi. « Ce marché, c'est le cœur "
                  "du village. » Ainsi s'exprime une commerçante installée depuis vingt ans.")
    assert _rows(res)[0][2:] == ("anonymous", "next:anonymous")


def test_ainsi_as_a_manner_attributes_nothing(analyse):
    res = analyse("Le syndicat réclame des primes. « On ne nous écoute plus depuis des mois. » "
                  "Il parle ainsi de son métier depuis des années.")
    assert _rows(res)[0][3] != "next:pronoun"


# --- « un Breton de 45 ans » describes someone; it is no name -----------------------------

def test_apposition_with_un_is_a_description_not_a_name(analyse):
    res = analyse("Le conducteur du car, un Breton de 45 ans, a reconnu devant le tribunal "
                  "avoir roulé trop vite. « Le virage est arrivé trop vite », a-t-il déclaré.")
    rows = _rows(res)
    assert [r[2] for r in rows] == ["anonymous", "anonymous"]
    assert all("Breton" != r[1] for r in rows)
    # the pronoun takes the driver: one person, not a pair (« , un Breton » is no « et »)
    assert rows[1][1] == rows[0][1] and rows[1][3] == "incise:pronoun"


# --- a role the article introduced before naming anyone is a protagonist of its own --------

def test_description_used_before_any_name_keeps_its_own_referent(analyse):
    text = ("Incendie de l'usine : la société et le gardien de nuit devant le tribunal\n\n"
            "Le procès s'est ouvert lundi à Nantes. La procureure Claire Hamon a requis une "
            "amende contre la société. Pour l'avocat de la défense, Me Paul Garnier, les alarmes "
            "« n'ont jamais fonctionné ». Le gardien de nuit a reconnu avoir quitté son poste "
            "vers minuit. « Je suis sorti dix minutes », a-t-il déclaré.")
    rows = _rows(analyse(text))
    assert rows[-2] == ("indirect", "gardien de nuit", "person", "subject:role")
    assert rows[-1][1:3] == ("gardien de nuit", "person")  # « il »: the guard, not the lawyer


# --- « l'un d'eux », « plusieurs d'entre elles »: unnamed members of a group ---------------

def test_one_of_them_is_an_anonymous_source(analyse):
    res = analyse("Plusieurs agents rencontrés au dépôt décrivent un métier usant. « On nous "
                  "demande toujours plus avec moins de camions », témoigne l'un d'eux, "
                  "chauffeur depuis douze ans.")
    assert _rows(res) == [("direct", "chauffeur depuis douze ans", "anonymous",
                           "incise:anonymous")]
    res = analyse("Les infirmières du service sont épuisées. Plusieurs d'entre elles affirment "
                  "que les gardes s'enchaînent sans repos depuis janvier.")
    assert _rows(res)[0][2:] == ("anonymous", "subject:anonymous")


def test_un_without_d_eux_is_not_a_group_member():
    from analysis.nlp import parse

    doc = parse("Un de plus, a-t-il dit.")
    assert _one_of_them(doc[0]) is None


# --- the dead do not speak -----------------------------------------------------------------

_SISTERS = ("Au premier rang, Hélène Moreau écoute sans bouger. Sa sœur, Lucie Moreau, {}, "
            "avait tout confié au prévenu. La sexagénaire affirme qu'elle a découvert les "
            "virements par hasard en mars.")


def test_a_person_said_to_be_dead_is_no_antecedent_of_a_speaker(analyse):
    assert _rows(analyse(_SISTERS.format("décédée en 2021")))[0][1] == "Hélène Moreau"
    # the same sentence with the sister alive: she is the nearest woman
    assert _rows(analyse(_SISTERS.format("venue de Lyon")))[0][1] == "Lucie Moreau"


# --- more nouns for sources (analysis/resources/sources_anonymous.tsv) ---------------------

def test_selon_people_nouns_without_agent_suffix_are_sources(analyse):
    for noun in ("les pompiers", "les gendarmes", "les soignants", "la famille", "les secours"):
        res = analyse(f"Selon {noun}, deux maisons ont brûlé dans la nuit près du village.")
        assert [r[0] for r in _rows(res)] == ["selon"], noun
    # « selon » meaning « depending on » still attributes nothing
    res = analyse("Selon la saison, deux maisons sur trois restent vides au village.")
    assert _rows(res) == []


def test_source_nouns_file_lists_the_new_nouns():
    nouns = load_source_nouns()
    assert nouns["gendarme"] == nouns["pompier"] == "anonymous"
    assert nouns["institution"] == nouns["secours"] == nouns["collectivité"] == "organisation"


def test_collectivite_is_the_body_named_before(analyse):
    res = analyse("Rennes Métropole a fermé deux déchetteries lundi. Selon la collectivité, "
                  "3 000 tonnes de déchets s'accumulent dans les rues.")
    assert _rows(res) == [("selon", "Rennes Métropole", "organisation", "selon:description")]


# --- a subject the parser did not label is still an antecedent ----------------------------

def test_d_anciens_subject_is_the_antecedent_of_ils(analyse):
    res = analyse("D'anciens collègues, restés fidèles depuis ses débuts à Lille, décrivent une "
                  "femme « plus apaisée ». Ils assurent qu'elle a longuement réfléchi avant de "
                  "se présenter.")
    assert _rows(res) == [("indirect", "anciens collègues", "anonymous", "subject:pronoun")]


# --- titles of other French-speaking countries; gender from the noun's form ----------------

def test_pour_le_bourgmestre_with_a_colon_is_the_mayor(analyse):
    res = analyse("Pour le bourgmestre, c'est clair : « La rue doit rester piétonne toute "
                  "l'année. »")
    assert _rows(res) == [("direct", "le bourgmestre", "person", "selon:role")]


def test_elided_title_takes_its_gender_from_its_form(analyse):
    # « l'échevine »: the tagger reads it as masculine; « échevin » + e is feminine
    res = analyse("L'échevine des Travaux, Sophie Lambert, a présenté le plan lundi. L'échevin "
                  "des Finances, Marc Dubois, a répondu que le budget était bouclé depuis mars. "
                  "Selon l'échevine, une prime sera versée aux commerçants touchés.")
    assert ("selon", "Sophie Lambert", "person", "selon:title") in _rows(res)
    assert (form_gender("adjointe"), form_gender("adjoint")) == ("Fem", "Masc")


# --- names behind a role noun, a verb before a colon, demonstratives ----------------------

def test_name_after_a_role_noun_in_the_apposition(analyse):
    res = analyse("Le co-auteur du rapport, le sociologue belge Luc Martens, se souvient de "
                  "« trois mois d'entretiens dans les quartiers ».")
    assert _rows(res) == [("direct", "Luc Martens", "person", "clause:apposition")]
    res = analyse("Le responsable des fouilles, l'archéologue italien Marco Bellini, se souvient "
                  "de « dix jours de pluie sans interruption ».")
    assert _rows(res)[0][1] == "Marco Bellini"


def test_verb_right_before_a_colon_gives_the_speaker(analyse):
    res = analyse("Selon un élu de l'opposition, la mairie a tout misé sur ce projet. Une "
                  "lecture que la maire Anne Roy conteste : « Ce projet, nous le portons depuis "
                  "dix ans avec les habitants. »")
    assert ("direct", "Anne Roy", "person", "colon:apposition") in _rows(res)


def test_demonstrative_description_points_back_even_with_a_complement(analyse):
    res = analyse("Le neurologue Paul Girard a présenté l'étude lundi. Nathalie Moreau, 38 ans, "
                  "a participé aux séances. Cette infirmière de Montpellier souffrait de "
                  "migraines chaque semaine. « Au début, je n'y croyais pas du tout. "
                  "Aujourd'hui, je dors enfin. »")
    assert _rows(res) == [("direct", "Nathalie Moreau", "person", "previous:description")]
    # a definite one with a complement is someone new (see above)
    res = analyse("Le neurologue Paul Girard a présenté l'étude lundi. Nathalie Moreau, 38 ans, "
                  "a participé aux séances. L'infirmière d'un autre service souffrait de "
                  "migraines chaque semaine. « Au début, je n'y croyais pas du tout. "
                  "Aujourd'hui, je dors enfin. »")
    assert _rows(res)[0][1] != "Nathalie Moreau"


def test_acronym_tagged_as_a_common_noun_is_a_body_not_a_description(analyse):
    # the tagger reads « AFLD » as a common noun here, with no entity: it is no description
    # of the swimmer named before
    res = analyse("La nageuse Julie Marchal a été suspendue deux ans mardi. L'AFLD affirme dans "
                  "un communiqué que les contrôles ont été faits dans les règles.")
    assert _rows(res) == [("indirect", "AFLD", "organisation", "subject:name")]
    # a listed role written in capitals stays a role
    res = analyse("La PDG de la société, Anne Roy, a signé mardi. La PDG a précisé que le site "
                  "resterait ouvert jusqu'en juin.")
    assert _rows(res)[-1][1:3] == ("Anne Roy", "person")


# --- « la direction »: the management of the company the article names ---------------------

def test_la_direction_is_the_management_of_the_named_company(analyse):
    text = ("Grève à l'usine Valmont de Roanne : la direction joue la montre\n\n"
            "Depuis lundi, 80 salariés de l'usine Valmont se relaient devant les portes, à "
            "l'appel de la CGT. Dans une note affichée mercredi, la direction affirme que "
            "« les salaires ne seront pas renégociés avant mars ».")
    assert _rows(analyse(text)) == [("direct", "la direction de Valmont", "organisation",
                                     "subject:company")]
    # no firm named after a noun for a firm or a site: the phrase as written
    res = analyse("La grève se poursuit à l'hôpital de Roanne, à l'appel de la CGT. Dans une "
                  "note, la direction affirme que « les salaires ne seront pas renégociés avant "
                  "mars ».")
    assert _rows(res) == [("direct", "la direction", "organisation", "subject:organisation")]


# --- « a-t-on appris auprès de X » with « auprès » read as an adverb ------------------------

def test_appris_aupres_de_with_auprès_as_adverb(analyse):
    res = analyse("Un incendie a détruit 300 hectares de pinède dans le massif des Maures depuis "
                  "dimanche, a-t-on appris auprès de la préfecture.")
    rows = _rows(res)
    assert [r[:3] for r in rows] == [("selon", "la préfecture", "organisation")]
    assert res.tables["quotes"]["cue"].tolist() == ["apprendre"]
    assert "appris" not in res.tables["quotes"]["quote"].iloc[0]


# --- « faire savoir que »; a source phrase ends at its comma -------------------------------

def test_faire_savoir_que_reports_and_savoir_alone_does_not(analyse):
    res = analyse("Le ministère a fait savoir mardi que les contrôles seraient renforcés dès la "
                  "rentrée.")
    assert _rows(res) == [("indirect", "le ministère", "organisation", "subject:organisation")]
    assert res.tables["quotes"]["cue"].tolist() == ["faire savoir"]
    assert _rows(analyse("Il sait que la réforme ne passera pas au Sénat cette année.")) == []


def test_selon_phrase_ends_at_its_comma_when_the_parser_took_the_subject(analyse):
    res = analyse("Selon un diplomate européen, au moins cinq États membres ont fait savoir "
                  "qu'ils ne pourraient pas soutenir l'accord en l'état.")
    q = res.tables["quotes"]
    selon = q[q["kind"] == "selon"].iloc[0]
    assert selon["quote"].startswith("au moins cinq États membres")
    assert selon["speaker_kind"] == "anonymous"


# --- titles: the name after « son entraîneur, », and the title that says no more ------------

def test_title_before_the_name_and_the_closest_title(analyse):
    res = analyse("Le club a limogé son entraîneur, Karim Benali, lundi. L'intérim sera assuré "
                  "par l'entraîneur adjoint, Samir Haddad. « Je ne dirai pas de mal du club », "
                  "a confié Karim Benali. L'ancien entraîneur a fait savoir qu'il prendrait "
                  "quelques semaines de repos.")
    assert _rows(res)[-1] == ("indirect", "Karim Benali", "person", "subject:title")


# --- round 5: anonymous sources in general French ------------------------------------------

def test_a_quantity_of_people_is_an_unnamed_source(analyse):
    res = analyse("Nombre d'enseignants jugent que la réforme arrive trop tard.")
    assert _rows(res) == [("indirect", "nombre d'enseignants", "anonymous", "subject:anonymous")]
    res = analyse("Beaucoup de locataires expliquent que les charges ont doublé en deux ans.")
    assert _rows(res)[0][2] == "anonymous"
    # « l'un des gardiens » is one person: « ajoute-t-il » points back to him
    res = analyse("L'un des gardiens assure que la porte était fermée. « Personne n'est entré "
                  "cette nuit-là », ajoute-t-il.")
    assert [r[2:] for r in _rows(res)] == [("anonymous", "subject:anonymous"),
                                           ("anonymous", "incise:pronoun")]
    res = analyse("Selon la plupart des économistes, la croissance ralentira l'an prochain.")
    assert _rows(res) == [("selon", "plupart des économistes", "anonymous", "selon:anonymous")]


def test_a_quantity_of_things_counts_no_people(nlp):
    from analysis.analysers.quotes.nouns import counted
    assert counted(nlp("Le nombre de voitures a doublé.")[1]) is None
    assert counted(nlp("Bon nombre d'habitants disent avoir peur.")[1]).text == "habitants"


def test_on_in_the_circle_of_someone_is_an_unnamed_source(analyse):
    res = analyse("Dans l'entourage de la ministre, on fait valoir que le calendrier sera tenu.")
    assert _rows(res) == [("indirect", "entourage de la ministre", "anonymous",
                           "subject:anonymous")]
    res = analyse("Dans les rangs de la majorité, on reconnaît que le texte est fragile.")
    assert _rows(res)[0][2] == "anonymous"
    # « au sein de X, on »: the body; a place names no one
    res = analyse("Au sein de la direction, on indique que les salaires seront versés lundi.")
    assert _rows(res)[0][1:3] == ("direction", "organisation")
    res = analyse("Dans le village, on raconte que le moulin sera vendu.")
    assert _rows(res)[0][2] == "unknown"


def test_faire_valoir_reports_and_with_an_object_does_not(analyse):
    res = analyse("Le syndicat a fait valoir que les primes n'avaient pas été versées.")
    assert res.tables["quotes"]["cue"].tolist() == ["faire valoir"]
    assert _rows(analyse("Le syndicat fait valoir ses droits devant le tribunal.")) == []


def test_this_source_is_the_unnamed_source_that_spoke_whatever_its_gender(analyse):
    res = analyse("La juge Claire Petit a ouvert l'audience. Un gendarme, qui a requis "
                  "l'anonymat, explique que l'alerte a été donnée tard. Selon cette source, "
                  "trois patrouilles étaient mobilisées ailleurs.")
    assert _rows(res) == [("indirect", "gendarme", "anonymous", "subject:anonymous"),
                          ("selon", "gendarme", "anonymous", "selon:same_source")]
    res = analyse("Le maire Paul Roy a signé. Un policier raconte que les effectifs ont fondu. "
                  "La même source ajoute que trois postes sont vacants.")
    assert _rows(res)[-1] == ("indirect", "policier", "anonymous", "subject:same_source")
    # with no unnamed source before it, « cette source » stays one, never a named person
    res = analyse("Le préfet Jean Roux a visité la caserne. Selon cette source, trois "
                  "patrouilles étaient mobilisées ailleurs.")
    assert _rows(res) == [("selon", "source", "anonymous", "selon:anonymous")]


def test_a_singular_source_does_not_refer_back_to_a_plural_one(analyse):
    res = analyse("Des infirmiers ont manifesté devant l'hôpital. « Nous ne tiendrons pas un été "
                  "de plus », raconte Julie Martin, infirmière depuis vingt ans. L'infirmière "
                  "assure que les lits manquent partout.")
    assert _rows(res)[-1] == ("indirect", "Julie Martin", "person", "subject:title")
    res = analyse("Un cheminot de la gare de Brive affirme que les trains partent en retard. "
                  "Le cheminot ajoute que la direction le sait.")
    assert _rows(res)[-1] == ("indirect", "cheminot de la gare de Brive", "anonymous",
                              "subject:same_source")


def test_d_apres_a_source_parsed_as_the_root_ends_at_its_comma(analyse):
    res = analyse("Un cadre du parti assure que le vote est perdu. D'après ce responsable, la "
                  "majorité votera contre le texte.")
    selon = res.tables["quotes"].iloc[-1]
    assert (selon["kind"], selon["speaker_kind"]) == ("selon", "anonymous")
    assert selon["quote"].startswith("la majorité votera")


def test_subject_before_a_relative_clause_the_parser_cut_off(analyse):
    res = analyse("Un gendarme, qui a requis l'anonymat, explique que l'alerte a été donnée "
                  "tard.")
    assert _rows(res) == [("indirect", "gendarme", "anonymous", "subject:anonymous")]


def test_selon_an_indefinite_noun_for_a_person_by_its_gender_pair(analyse):
    from analysis.analysers.quotes.nouns import paired_noun
    assert [paired_noun(w) for w in ("boulanger", "clientes", "calendrier", "quartier")] == \
        [True, True, False, False]
    res = analyse("Selon un boulanger du quartier, la farine a augmenté de 30 % en un an.")
    assert _rows(res) == [("selon", "boulanger du quartier", "anonymous", "selon:anonymous")]
    # « selon » also means « depending on »: a thing after it is no source
    assert _rows(analyse("Selon un calendrier établi en mars, les travaux dureront deux "
                         "ans.")) == []


def test_listed_nouns_for_people_by_category(analyse):
    # professions, residents and users, witnesses and relatives: unnamed sources
    for noun in ("cheminot", "locataire", "passant", "usager", "bénévole"):
        res = analyse(f"Selon un {noun} interrogé mardi, la situation empire chaque semaine.")
        assert _rows(res) and _rows(res)[0][2] == "anonymous", noun


def test_a_document_is_an_unnamed_source_unless_its_issuer_is_named(analyse):
    res = analyse("Selon un document que nous avons pu consulter, la mairie a signé le "
                  "contrat en mars.")
    assert _rows(res) == [("selon", "document", "anonymous", "selon:document")]
    res = analyse("Selon une note interne de la préfecture, trois écoles pourraient fermer.")
    assert _rows(res) == [("selon", "la préfecture", "organisation", "selon:document")]


# --- a subject before an aside set off by commas; « le même »; a gerund's subject ----------

def test_subject_before_an_aside_between_commas(analyse):
    res = analyse("Un supporter, venu de Brest en car, juge que l'équipe « manque d'envie depuis "
                  "des semaines ».")
    assert _rows(res)[0][1:] == ("supporter", "anonymous", "subject:anonymous")
    res = analyse("Un technicien de la centrale, qui n'est pas autorisé à parler publiquement, "
                  "reconnaît que les contrôles ont été espacés.")
    assert _rows(res)[0][1:3] == ("technicien de la centrale", "anonymous")
    # words between commas with a verb of their own are a clause: the incise keeps its subject
    res = analyse("Le projet avance, les travaux ont commencé, affirme le maire.")
    assert _rows(res) == [("indirect", "le maire", "person", "incise:role")]


def test_subject_before_an_aside_goes_back_over_an_age_and_a_title(nlp):
    from analysis.analysers.quotes.subjects import subject_before_aside
    d = nlp("Interrogé mardi, Paul Girard, 61 ans, ancien cheminot, affirme que rien n'a changé.")
    verb = next(t for t in d if t.text == "affirme")
    assert subject_before_aside(verb).text == "Paul"
    # a clause before the aside (« Le maire a dit que les travaux, … ») is no opening phrase
    d = nlp("Le maire a dit que les travaux, déjà retardés, commenceront lundi.")
    verb = next(t for t in d if t.text == "commenceront")
    assert subject_before_aside(verb) is None


def test_the_same_noun_is_the_one_named_before(analyse):
    res = analyse("Le dirigeant du club, Marc Roy, a démissionné lundi. Un dirigeant de la "
                  "fédération, qui a requis l'anonymat, affirme que les comptes sont faux. Le "
                  "même dirigeant ajoute que l'enquête durera des mois.")
    assert _rows(res) == [
        ("indirect", "dirigeant de la fédération", "anonymous", "subject:anonymous"),
        ("indirect", "dirigeant de la fédération", "anonymous", "subject:same_source")]


def test_a_gerund_has_its_main_clause_subject(nlp):
    from spacy.tokens import Doc

    from analysis.analysers.quotes.subjects import subject_of
    words = ["Le", "maire", "a", "ouvert", "la", "soirée", "en", "défendant", "un", "projet"]
    d = Doc(nlp.vocab, words=words,
            pos=["DET", "NOUN", "AUX", "VERB", "DET", "NOUN", "ADP", "VERB", "DET", "NOUN"],
            heads=[1, 3, 3, 3, 5, 3, 7, 5, 9, 7],  # the parser's misreading: « défendant » on « soirée »
            deps=["det", "nsubj", "aux:tense", "ROOT", "det", "obj", "mark", "acl", "det", "obj"],
            morphs=["", "", "VerbForm=Fin", "VerbForm=Part", "", "", "",
                    "Tense=Pres|VerbForm=Part", "", ""])
    assert subject_of(d[7]).text == "maire"


# --- « de source X, on »; documents and their issuers; bodies and their members ------------

def test_on_after_de_source_is_that_source_in_one_report(analyse):
    res = analyse("De source hospitalière, on indique que deux blessés sont dans un état grave.")
    assert _rows(res) == [("selon", "source hospitalière", "anonymous", "selon:anonymous")]


def test_a_document_speaks_for_its_issuer_not_for_its_content(analyse):
    res = analyse("L'association Terre Vivante estime dans une note publiée lundi que « la "
                  "situation du pays devient critique ». Selon ce document, les nappes ont "
                  "baissé de moitié.")
    assert _rows(res)[-1][1:] == ("L'association Terre Vivante", "organisation",
                                  "selon:document")
    # no issuer named: the document stays an unnamed source
    res = analyse("Le collectif Jubbanti pour une pêche durable a publié lundi une note sur les "
                  "quotas. Selon ce document, les prises ont baissé de 30 %.")
    assert _rows(res)[-1][2] == "anonymous"


def test_a_name_right_after_a_body_noun_is_the_body(nlp):
    from analysis.analysers.cues import load_source_nouns
    from analysis.analysers.names import Mention, NameIndex
    from analysis.analysers.quotes.speakers import describe_speaker
    d = nlp("Le collectif Kassab estime que non.")
    kassab = Mention(d[2].idx, d[2].idx + 6, "Kassab", "Kassab", "PER", "")  # the tagger's PER
    names = NameIndex([kassab], by_token={2: 0})
    sp = describe_speaker(d[1], names, load_source_nouns())
    assert (sp.name, sp.kind) == ("Kassab", "organisation")
    # after a comma, the name is someone else's: the person speaks
    d = nlp("Le maire, Kassab, estime que non.")
    kassab = Mention(d[3].idx, d[3].idx + 6, "Kassab", "Kassab", "PER", "")
    sp = describe_speaker(d[1], NameIndex([kassab], by_token={3: 0}), load_source_nouns())
    assert (sp.name, sp.kind) == ("Kassab", "person")


def test_a_union_member_is_an_unnamed_source_not_the_union(analyse):
    res = analyse("Un syndicaliste CGT de la gare estime que les trains « partent sans "
                  "contrôleur depuis un mois ».")
    assert _rows(res)[0][1:3] == ("syndicaliste CGT de la gare", "anonymous")
    res = analyse("Selon la CGT, les trains partent sans contrôleur depuis un mois.")
    assert _rows(res)[0][1:3] == ("CGT", "organisation")


def test_a_counsel_is_a_lawyer_and_gives_no_gender(analyse):
    # « Le conseil de Paul Roy, Me Anne Petit » : « a-t-elle » is the lawyer, not her client
    res = analyse("Le conseil de Paul Roy, Me Anne Petit, a demandé un renvoi. « Mon client n'a "
                  "jamais signé ce contrat », a-t-elle plaidé.")
    assert _rows(res)[-1][1:3] == ("Anne Petit", "person")
    res = analyse("Le conseil municipal a voté le budget. Selon le conseil, les impôts "
                  "n'augmenteront pas.")
    assert _rows(res)[-1][2] == "organisation"


def test_a_name_after_me_is_a_lawyer_for_a_later_l_avocate(analyse):
    res = analyse("L'avocate générale, Claire Hamon, a requis cinq ans. Me Laure Petit, qui "
                  "défend le prévenu, a plaidé la relaxe. L'avocate a dénoncé « un dossier vide "
                  "de toute preuve sérieuse ».")
    assert _rows(res)[-1] == ("direct", "Laure Petit", "person", "subject:title")


# --- lone first names: an age or a description beside a capitalised word ------------------

def test_lone_first_names_by_an_age_or_a_description(nlp):
    from analysis.analysers.names import NameIndex
    from analysis.analysers.quotes.appositions import lone_first_names
    d = nlp("Au marché, Adjoua, 38 ans, vend du manioc. Denis, un retraité de la ville, "
            "proteste.")
    names = NameIndex([])  # as if the tagger had seen no name at all
    assert [m.entity for m in lone_first_names(d, names, {})] == ["Adjoua", "Denis"]
    # a capitalised word with no age nor description of a person beside it is left alone
    d = nlp("Paris, une ville chère, attire encore. Mardi, le conseil a voté.")
    assert lone_first_names(d, NameIndex([]), {}) == []


def test_a_name_before_its_description_is_the_speaker(analyse):
    res = analyse("Au chevet de son père, Denis, un retraité de la ville, ne décolère pas. « Il "
                  "attend depuis deux jours sur un brancard », dit-il.")
    assert _rows(res) == [("direct", "Denis", "person", "incise:pronoun")]


def test_an_incise_subject_after_a_day_or_with_an_age(analyse):
    res = analyse("Les planteurs s'inquiètent. « Si rien ne change, je vendrai ma parcelle l'an "
                  "prochain », confie Adjoua, 38 ans, mère de cinq enfants.")
    assert _rows(res) == [("direct", "Adjoua", "person", "incise:name")]
    res = analyse("« Je ne viens plus que le samedi, c'est trop cher », confie dimanche "
                  "Françoise, venue de Caen.")
    assert _rows(res) == [("direct", "Françoise", "person", "incise:name")]


def test_a_capitalised_word_unknown_to_the_lexicon_is_a_first_name(nlp):
    from analysis.analysers.quotes.speakers import _first_name
    d = nlp("Selon Adjoua et la Poste, Rien ne va.")
    assert [_first_name(t) for t in d if t.text in ("Adjoua", "Poste", "Rien")] == \
        [True, False, False]


# --- more misparses: « juge, en privé, que », « , qui » after a name, a past infinitive ------

def test_a_reporting_verb_with_an_aside_before_que(analyse):
    res = analyse("Un cadre du ministère estime, en privé, que la réforme arrive trop tard.")
    assert _rows(res) == [("indirect", "cadre du ministère", "anonymous", "subject:anonymous")]
    res = analyse("Un élu de la commune juge, sous couvert d'anonymat, que les exportateurs ont "
                  "été servis en premier.")
    assert [r[2] for r in _rows(res)] == ["anonymous"]


def test_relative_qui_after_a_comma_is_the_nearer_noun_phrase(analyse):
    res = analyse("Des accusations que réfute la Fédération des producteurs de lait (FPL), qui "
                  "assure que ses membres ont réduit leurs prélèvements.")
    assert _rows(res)[0][1:3] == ("Fédération des producteurs de lait", "organisation")
    res = analyse("La sœur de la victime, qui a assisté à l'audience, affirme que l'accusé "
                  "mentait.")
    assert _rows(res)[0][1:3] == ("sœur de la victime", "anonymous")


def test_a_past_infinitive_the_parser_made_the_root(analyse):
    res = analyse("Un témoin raconte avoir vu la voiture repartir à vive allure.")
    assert _rows(res) == [("indirect", "témoin", "anonymous", "subject:anonymous")]
    assert res.tables["quotes"]["quote"].iloc[0].startswith("avoir vu")


def test_a_complement_between_an_incise_verb_and_its_subject(analyse):
    res = analyse("« Il y a eu des progrès sur le principe, pas sur le calendrier », a résumé "
                  "auprès de l'AFP un diplomate présent à Vienne.")
    assert _rows(res) == [("direct", "diplomate présent à Vienne", "anonymous",
                           "incise:anonymous")]
    res = analyse("« Nous irons jusqu'au bout de la procédure », a confié à Libération Paul Roy.")
    assert _rows(res) == [("direct", "Paul Roy", "person", "incise:name")]


def test_a_generic_body_noun_is_the_organisation_just_named(analyse):
    res = analyse("Le Centre hospitalier de Cornouaille a fermé deux services. Dans un courriel, "
                  "l'établissement dit avoir rouvert douze lits samedi.")
    assert _rows(res)[-1][1:3] == ("Centre hospitalier de Cornouaille", "organisation")


def test_a_body_name_runs_on_through_its_complements(nlp):
    from analysis.analysers.quotes.nouns import run_on
    from analysis.analysers.syntax import phrase_text
    d = nlp("Il préside la fédération de l'Ain pour la pêche et la protection du milieu, "
            "qui a porté plainte.")
    noun = next(t for t in d if t.text == "fédération")
    assert phrase_text(run_on([t for t in d[noun.i - 1:noun.i + 4]])) == \
        "la fédération de l'Ain pour la pêche et la protection du milieu"
    # a possessive aside, a clause or a verb ends it
    d = nlp("La fédération de l'Ain pour sa part a porté plainte.")
    noun = next(t for t in d if t.text == "fédération")
    assert phrase_text(run_on(list(d[noun.i - 1:noun.i + 4]))) == "la fédération de l'Ain"
    d = nlp("La fédération de l'Ain a porté plainte.")
    noun = next(t for t in d if t.text == "fédération")
    assert phrase_text(run_on(list(d[noun.i - 1:noun.i + 4]))) == "la fédération de l'Ain"


# --- gender: a noun with one form for both says nothing; a pronoun over a first name -------

def test_gender_of_a_noun_by_its_pair_not_by_the_tagger(nlp):
    from analysis.analysers.quotes.nouns import noun_features, pair_gender
    assert [pair_gender(w) for w in ("avocate", "infirmière", "entraîneur", "artiste", "me")] \
        == ["Fem", "Fem", "Masc", "", ""]
    d = nlp("L'artiste a parlé. L'avocate a parlé.")
    assert noun_features(d[1])[0] == "" and noun_features(d[6])[0] == "Fem"


def test_a_title_is_a_noun_not_another_name(analyse):
    res = analyse("SC Bastia : Moreau sur la sellette, le vestiaire divisé\n\nLa semaine "
                  "s'annonce décisive pour Paul Moreau. L'entraîneur bastiais, arrivé l'été "
                  "dernier, sait que son crédit s'amenuise. « Je ne vais pas me cacher, les "
                  "résultats ne sont pas là », a reconnu le technicien samedi.")
    assert _rows(res) == [("direct", "Paul Moreau", "person", "incise:description")]


# --- among people of the same gender: the main clause's subject, the pronoun's chain --------

def test_a_pronoun_prefers_the_main_clause_subject_over_an_embedded_one(analyse):
    res = analyse("La commissaire de l'exposition, Anne Roy, a ouvert la visite. Elle ne prétend "
                  "pas que Morisot égalait Monet. « La question n'est pas de faire un classement "
                  "entre les peintres », précise-t-elle.")
    assert _rows(res) == [("direct", "Anne Roy", "person", "incise:pronoun")]


def test_embedded_subjects_are_told_apart(nlp):
    from analysis.analysers.quotes.referents import _embedded
    d = nlp("La commissaire ne prétend pas que Morisot égalait Monet.")
    assert [_embedded(t) for t in d if t.text in ("commissaire", "Morisot")] == [False, True]


# --- hyphenated nouns the tokenizer splits ---------------------------------------------------

def test_a_hyphenated_noun_split_by_the_tokenizer_stays_whole(analyse):
    res = analyse("« Le service est saturé depuis l'été », témoigne une aide-soignante de "
                  "l'hôpital.")
    assert _rows(res) == [("direct", "aide-soignante", "anonymous", "incise:anonymous")]
    res = analyse("Selon un sapeur-pompier, le feu a été maîtrisé vers minuit.")
    q = res.tables["quotes"].iloc[0]
    assert (q["speaker"], q["quote"]) == ("sapeur-pompier", "le feu a été maîtrisé vers minuit")
    # words joined by a spaced dash are not one word
    res = analyse("Selon un pompier - le feu a été maîtrisé vers minuit - rien ne brûle plus.")
    assert res.tables["quotes"]["speaker"].tolist()[:1] != ["pompier-le"]
