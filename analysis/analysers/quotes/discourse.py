"""Speaker phrases resolved by the article: titles, descriptions, possessives, documents,
« on » and « les sources » (:class:`Discourse`, built on the referent store of
:mod:`analysis.analysers.quotes.referents`)."""

from __future__ import annotations

import bisect
from dataclasses import replace

from ..names import NameIndex, name_key
from ..syntax import determiner, labelled_subjects, morph_get, phrase_tokens
from .bodies import local_place, named_company
from .impersonal import impersonal_speaker
from .marks import inside
from .nouns import (
    cited,
    definite,
    definite_singular,
    human_word,
    nominal_participle,
    noun_features,
    role_key,
    run_on,
    source_phrase,
)
from .referents import Referents
from .speakers import NAME_DEPS, Speaker
from .subjects import subject_of

#: Nouns for any body (« l'instance », « le club »): the organisation the text just named.
_GENERIC_BODIES = frozenset({"organisation", "organisme", "institution", "instance", "club",
                             "structure", "organe", "entité", "collectivité", "établissement",
                             "département"})

#: Tokens a definite source noun looks back for the phrase that introduced it.
_LOOK_BACK = 3000


def _bare(head) -> bool:
    """A noun with only a determiner, adjectives before it and complements that only
    describe: « la cinéaste », « le principal intéressé », « l'ancienne directrice d'école »,
    « l'agriculteur de 52 ans »; not « la sœur de la victime » (a complement with its own
    determiner names someone else's relation)."""
    doc = head.doc
    after = doc[head.i + 1:head.i + 3]
    if len(after) == 2 and (after[0].lower_ in ("du", "des") or (
            after[0].lower_ in ("de", "d'") and after[1].pos_ == "DET")) and \
            not after[1].text[:1].isupper():
        return False  # « la gérante d'un café », however the parser hung the complement
    for c in head.children:
        if c.dep_ in ("det", "punct") or (c.dep_ in ("amod", "case") and c.i < head.i):
            continue  # « la jeune femme », « l'ancienne adjointe », « selon la directrice »
        if c.i > head.i and any(t.text == "," for t in doc[head.i:c.i]):
            continue  # after a comma: an apposition or an adverbial, not a restriction
        if c.i > head.i and not any(a.lower_ in ("de", "d'", "du", "des") for a in c.children
                                    if a.dep_ == "case"):
            continue  # « la cinéaste lors de la conférence »: an adverbial the parser hung here
        if c.i > head.i and c.pos_ == "NOUN" and not c.text[:1].isupper() and \
                not any(a.dep_ == "det" or a.lower_ in ("du", "des", "au", "aux")
                        for a in c.children) and \
                not any(a.dep_ in ("nmod", "acl") for a in c.children):
            continue  # « la directrice d'école », « l'agriculteur de 52 ans »: a kind, an age
        return False
    return True


def _names_function(head) -> bool:
    """Does a capitalised word in the phrase make it the name of a function (« le ministre
    délégué chargé de l'Industrie », « le préfet du Var ») rather than a description of
    someone already named (« le ministre », « l'élue »)?"""
    toks = phrase_tokens(head)
    end = next((t.i for t in head.doc[head.i + 1:head.i + 12] if t.is_punct or t.pos_ == "VERB"
                and "Part" not in morph_get(t, "VerbForm")), head.i + 1)
    followers = [t for t in head.subtree if head.i < t.i < end] + [t for t in toks if t.i > head.i]
    # (« le Premier ministre »: a capital before the noun too, unless it opens the sentence)
    before = [t for t in toks if t.i < head.i and t.i != t.sent.start and t.pos_ != "DET"]
    return any(t.text[:1].isupper() for t in followers + before)


class Discourse(Referents):
    """The article's named people, organisations and sources, in reading order.

    Built once per article from the name index and the parse; it resolves what a
    speaker phrase alone cannot:

    * a **pronoun** (« a-t-il affirmé », « selon elle », « ce dernier ») to the
      nearest earlier referent that agrees in gender and number (from the
      morphology of determiners, titles, civilities and participles agreeing with
      « être »; the tagger's gender of a first name is weak evidence), a subject
      before other mentions, looking back at most ``window`` sentences and never into
      reported words;
    * a **title** (« le ministre », « la ministre de la Santé ») to the person the
      article named with that title (« le ministre de la Santé Roman Prymula »,
      « Roman Prymula, ministre de la Santé »), the most recent one whose title holds
      the phrase's words and whose gender agrees;
    * a **definite description** (« la cinéaste », « l'agence ») to the person or
      organisation it refers back to, and a **possessive role** (« son porte-parole »)
      to its owner;
    * a definite **anonymous source** (« les sources », « cette source ») to the
      earlier source with the same head noun, so one source is counted once.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> from analysis.analysers.cues import load_source_nouns
    >>> from analysis.analysers.names import name_index
    >>> d = parse("Sophie Marchal dirige le laboratoire. Le ministre de la Santé Paul Roy "
    ...           "est venu. Le ministre a parlé.")
    >>> disc = Discourse(d, list(d.sents), name_index(d), load_source_nouns())
    >>> sp = disc.describe(d[17])
    >>> sp.name, sp.rule
    ('Paul Roy', 'title')
    """

    def __init__(self, doc, sents, names: NameIndex, nouns: dict[str, str], *,
                 quoted=(), window: int = 6):
        super().__init__(doc, sents, names, nouns, quoted=quoted, window=window)
        # described subjects: « le gouvernement », « trois sources proches du dossier »
        covered = set(names.by_token)
        subjects = labelled_subjects(doc)  # (one array read, not a Token per token)
        for sent in sents:
            # (the main verb's subject too, when the parser did not label it: « D'anciens
            # amis, restés proches de lui, décrivent … »)
            root = sent.root
            extra = subject_of(root) if root.pos_ in ("VERB", "AUX") else None
            extra = [extra] if extra is not None and extra.dep_ not in ("nsubj", "nsubj:pass") \
                and extra.i < root.i else []
            lo, hi = bisect.bisect_left(subjects, sent.start), bisect.bisect_left(subjects, sent.end)
            found = sorted({*subjects[lo:hi], *(x.i for x in extra if sent.start <= x.i < sent.end)})
            for t in [*(doc[i] for i in found), *extra]:
                if t.pos_ == "PRON":
                    self.chain_pronoun(t)  # « Elle ne prétend pas que … »: who « elle » is
                if (t.dep_ in ("nsubj", "nsubj:pass") or extra[:1] == [t]) and \
                        t.pos_ in ("NOUN", "PROPN") and not inside(t.idx, self.quoted):
                    group = self._group(t)
                    if group is not None:
                        self.add(group, t, salient=True)
                        continue
                    if t.pos_ != "NOUN" or t.i in covered or t.i in self._title_tokens:
                        continue
                    sp = self.describe(t)
                    if sp.kind != "unknown" and sp.name and (
                            not sp.generic or human_word(t.lower_)):
                        self.add(sp, t, salient=True)

    def _group(self, t) -> Speaker | None:
        """« Le chanteur Julien Morel et l'actrice Inès Barthe »: coordinated people as one
        plural referent (« écrivent-ils »), named « Julien Morel et Inès Barthe »."""
        names = [c for c in t.children if c.dep_ in NAME_DEPS and c.pos_ == "PROPN"]
        conj = [c for x in [t] + names for c in x.children if c.dep_ == "conj"]
        if not conj:
            return None
        people = []
        for x in [t] + conj:
            sp = self.phrase(x)
            if sp.kind != "person" or sp.rule not in ("name", "apposition"):
                return None
            people.append(sp.name)
        return Speaker(" et ".join(people), "person", " et ".join(people), number="Plur",
                       rule="name", head=t)

    # -- resolving ---------------------------------------------------------------------
    def describe(self, head, speaking: bool = False) -> Speaker:
        """:func:`~.speakers.describe_speaker`, then titles and same sources resolved by the article.

        ``speaking``: the phrase is the speaker of a report, so a definite description
        refers to a person even when its noun is not known as one (« le coach »: what
        speaks is someone)."""
        sp = self.phrase(head)
        if sp.rule == "document" and head is not None:
            return self._document(head, sp)
        if head is None or sp.pronoun or sp.rule not in (
                "role", "anonymous", "organisation", "unresolved", "name"):
            return sp
        if sp.rule == "name":
            return self._longer_org(sp)
        if head.lower_ == "on":
            return impersonal_speaker(head, self.index, self.names, self.nouns) or sp
        if head.pos_ == "PROPN" and sp.rule == "unresolved" and definite_singular(head):
            # « L'Américain », « le Lyonnais »: a capitalised noun the tagger read as a name
            return self._capitalised(head, sp)
        if head.pos_ != "NOUN" and not (head.pos_ == "ADJ" and determiner(head) is not None) \
                and not nominal_participle(head):
            return sp  # (an adjective with a determiner is a noun: « la quinquagénaire »)
        det = determiner(head)
        if det is not None and morph_get(det, "Poss") == ["Yes"]:
            owned = self._possessor(head, det, sp)
            if owned is not None:
                return owned
        if not definite_singular(head) and not (sp.kind == "anonymous" and definite(head)):
            return sp
        if any(c.lower_ == "même" and c.i < head.i for c in head.children):
            same = self._same_one(head, sp)  # « le même élu », « la même source »
            if same is not None:
                return same
        if sp.kind in ("person", "anonymous"):
            person = self._title(head) if definite_singular(head) else None
            if person is not None:
                return Speaker(person, "person", sp.text, number="Sing",
                               gender=sp.gender or self._gender_of(person), rule="title",
                               head=head)
        if sp.rule in ("anonymous", "role") and definite_singular(head) and \
                (sp.generic or sp.rule == "role" or human_word(head.lower_)) and \
                self._own_referent(head):
            return Speaker(sp.name if sp.rule == "role" else source_phrase(phrase_tokens(head)),
                           "person", sp.text, number="Sing", gender=sp.gender, rule="role",
                           head=head)
        if sp.kind == "anonymous" and not sp.generic:
            first = self._first_source(head)
            if first is not None:
                return Speaker(source_phrase(phrase_tokens(first)), "anonymous", sp.text,
                               number=sp.number, gender=sp.gender, rule="same_source",
                               head=head)
            if head.lemma_.lower() == "source":
                return self._same_source(head, sp)
        return self._described(head, sp, det, speaking)

    def _described(self, head, sp: Speaker, det, speaking: bool) -> Speaker:
        """The last steps of :meth:`describe`: a description resolved to the person it
        points back to, an organisation noun to the organisation named."""
        # a demonstrative always points back, complement or not (« Nathalie Moreau, 38 ans,
        # … Cette infirmière de Montpellier souffrait … »)
        demonstrative = det is not None and morph_get(det, "PronType") == ["Dem"]
        if sp.rule in ("anonymous", "role") and definite_singular(head) and \
                (demonstrative or (_bare(head) and not _names_function(head))) and \
                (not sp.generic or speaking or human_word(head.lower_) or
                 head.text[:1].isupper()):
            described = self._description(head, sp)
            if described is not None:
                return described
        if sp.kind == "organisation":
            org = self._named_org(head, sp)
            if org is not None:
                return org
        return sp

    def _same_one(self, head, sp: Speaker) -> Speaker | None:
        """« Un élu de l'opposition … juge … Le même élu affirme »: « le même » + noun is the
        one the nearest earlier phrase with that noun (outside quotes) speaks of, an
        unnamed source (rule ``same_source``) or someone named (``description``)."""
        lemma = head.lemma_.lower()
        for t in self.same_lemma(head, _LOOK_BACK):
            if t.pos_ != "NOUN" or t.lemma_.lower() != lemma or inside(t.idx, self.quoted) or \
                    any(c.lower_ == "même" for c in t.children):
                continue
            earlier = self.describe(t)
            if earlier.kind == "anonymous":
                return Speaker(earlier.name, "anonymous", sp.text, number=earlier.number,
                               gender=earlier.gender, rule="same_source", head=head)
            if earlier.kind in ("person", "organisation") and earlier.rule != "role":
                return Speaker(earlier.name, earlier.kind, sp.text, number=earlier.number,
                               gender=earlier.gender, rule="description", head=head)
            return None
        return None

    def _same_source(self, head, sp: Speaker) -> Speaker:
        """« Un enquêteur … Selon cette source », « la même source »: the unnamed source
        that spoke last, whatever its gender (« source » is feminine, the man it stands for
        is not); never a named person."""
        ref = self.antecedent(replace(sp, gender=""), head, kinds=("anonymous",))
        if ref is None:
            return sp
        return Speaker(ref.name, "anonymous", sp.text, number=ref.number, gender=ref.gender,
                       rule="same_source", head=head)

    def _own_referent(self, head) -> bool:
        """« l'entreprise et le chef de chantier devant le tribunal … le chef de chantier a
        reconnu »: a definite description the article used, word for word, before naming
        any person is a protagonist of its own, not the person named since."""
        words = [name_key(t.text) for t in phrase_tokens(head)
                 if t.pos_ not in ("DET", "CCONJ", "PUNCT")]
        if len(words) < 2:
            return False  # (« le joueur » alone is too common to stand for one person)
        first_person = min((r.i for r in self.referents if r.kind == "person" and
                            self.names.at(self.doc[r.i]) is not None), default=len(self.doc))
        lemma = head.lemma_.lower()
        for t in self.doc[:min(first_person, head.i)]:
            if t.lemma_.lower() == lemma and t.pos_ == head.pos_ and definite(t) and \
                    not inside(t.idx, self.quoted) and t.i not in self._title_tokens and \
                    [name_key(x.text) for x in phrase_tokens(t)
                     if x.pos_ not in ("DET", "CCONJ", "PUNCT")] == words:
                return True
        return False

    def _capitalised(self, head, sp: Speaker) -> Speaker:
        """« L'Américain », « le Lyonnais »: the person titled so, or the person it refers
        back to."""
        person = self._title(head)
        ref = None if person else self.antecedent(
            Speaker("", "unknown", sp.text, number="Sing",
                    gender=noun_features(head)[0]), head, persons=True)
        name = person or (ref.name if ref is not None else None)
        if name:
            return Speaker(name, "person", sp.text, number="Sing",
                           rule="title" if person else "description", head=head)
        return sp

    def _description(self, head, sp: Speaker) -> Speaker | None:
        """« la cinéaste », « le retraité »: the person or source a definite description
        refers back to, or None."""
        ref = self.antecedent(sp, head, persons=True)
        if ref is not None and ref.kind == "anonymous":
            return Speaker(ref.name, "anonymous", sp.text, number="Sing", gender=ref.gender,
                           rule="same_source", head=head)
        if ref is not None:  # (« cette infirmière » says more than a first name)
            return Speaker(ref.name, "person", sp.text, number="Sing",
                           gender=(sp.gender if ref.weak else "") or ref.gender,
                           rule="description", head=head)
        return None

    def _document(self, head, sp: Speaker) -> Speaker:
        """A document speaks for its issuer: the body named in it, resolved like any definite
        body (« les estimations de l'agence »); the subject of the verb it is the means of
        (« Le ministre, dans un communiqué, a indiqué … »); and « le document », « ce texte »
        for the issuer of the document the text cited just before."""
        if sp.kind == "organisation" and sp.head is not None and sp.head.pos_ == "NOUN" and \
                definite_singular(sp.head):
            org = self._named_org(sp.head, sp)
            if org is not None:
                return Speaker(org.name, "organisation", sp.text, number=sp.number,
                               rule="document", head=head)
        if sp.kind != "anonymous" or head.pos_ != "NOUN":
            return sp
        found = self._issuer(head)
        if found is None and definite_singular(head) and _bare(head):
            earlier = next((t for t in reversed(self.doc[max(head.i - _LOOK_BACK, 0):head.i])
                            if t.pos_ == "NOUN" and not inside(t.idx, self.quoted) and
                            self.nouns.get(t.lemma_.lower()) == "document" and (cited(t) or
                            self.phrase(t).kind != "anonymous")),
                           None)
            if earlier is not None:
                first = self.phrase(earlier)
                found = self._document(earlier, first) if first.kind != "anonymous" else \
                    self._issuer(earlier)
                if found is not None and found.kind == "anonymous":
                    found = None
        if found is None:
            return sp
        return Speaker(found.name, found.kind, sp.text, number=found.number,
                       gender=found.gender, rule="document", head=head)

    def _issuer(self, doc_noun) -> Speaker | None:
        """« X a indiqué dans un communiqué », « Le ministre, dans un communiqué lu à la
        radio, a présenté … »: the subject of the verb the document is a means of."""
        verb = doc_noun.head
        if doc_noun.dep_ not in ("obl", "obl:mod", "obl:arg", "nmod") or \
                not any(c.lower_ in ("dans", "par") for c in doc_noun.children
                        if c.dep_ == "case"):
            return None
        if verb.pos_ in ("NOUN", "PROPN") and verb.dep_ in ("nsubj", "nsubj:pass") and \
                self.doc[doc_noun.left_edge.i - 1].text == ",":
            subj = verb  # « La ministre, dans un communiqué, a … » hung on the subject
        elif verb.pos_ in ("VERB", "AUX"):
            subj = subject_of(verb)
        else:
            return None
        if subj is None or subj.i == doc_noun.i or inside(subj.idx, self.quoted):
            return None
        found = self.describe(subj)
        if found.pronoun:
            ref = self.antecedent(found, subj)
            found = None if ref is None else Speaker(ref.name, ref.kind, found.text,
                                                     number=ref.number, gender=ref.gender)
        return found if found is not None and found.kind in ("person", "organisation") \
            else None

    def _longer_org(self, sp: Speaker) -> Speaker:
        """« L'Office » after « l'Office national de l'huile »: a one-word organisation
        name is the longer name that starts with it, when only one does."""
        if sp.kind != "organisation" or " " in sp.name:
            return sp
        key = name_key(sp.name)
        longer = {m.entity for m in self.names.mentions if m.label != "PER" and
                  name_key(m.entity).split()[:1] == [key] and " " in m.entity}
        if len(longer) == 1:
            return Speaker(longer.pop(), "organisation", sp.text, number=sp.number,
                           gender=sp.gender, rule="name", head=sp.head)
        return sp

    def _named_org(self, head, sp: Speaker) -> Speaker | None:
        """« l'agence » after « l'Agence américaine de protection de l'environnement »: a
        definite organisation noun is the latest organisation named with that noun;
        « l'organisation » is the latest organisation the text named."""
        key = role_key(head.lemma_)
        # the mentions of the bounded look-back (long texts stay linear)
        lo = self.doc[max(head.i - _LOOK_BACK, 0)].idx
        k = bisect.bisect_left(self._mention_starts, lo)
        before = [m for m in self.names.mentions[k:bisect.bisect_left(self._mention_starts,
                                                                       head.idx)]
                  if m.label not in ("PER", "LOC", "GPE") and m.end <= head.idx]
        hit = next((m for m in reversed(before)
                    if key in {role_key(w) for w in name_key(m.entity).split()}), None)
        if hit is not None:
            return Speaker(hit.entity, "organisation", sp.text, number=sp.number,
                           gender=sp.gender, rule="description", head=head)
        fuller = self._fuller_phrase(head)
        if fuller is not None:
            return Speaker(fuller, "organisation", sp.text, number=sp.number, gender=sp.gender,
                           rule="description", head=head)
        place = local_place(self.doc, self.names, head) if _bare(head) else None
        if place is not None:
            return Speaker(f"{sp.name} {place}", "organisation", sp.text, number=sp.number,
                           gender=sp.gender, rule="place", head=head)
        company = named_company(self.doc, self.names, self.quoted, head) if _bare(head) \
            else None
        if company is not None:
            return Speaker(f"{sp.name} de {company}", "organisation", sp.text,
                           number=sp.number, gender=sp.gender, rule="company", head=head)
        if head.lemma_.lower() in _GENERIC_BODIES:
            # an agreeing body first; else any: the noun's gender is its own, not the body's
            # (« le Conseil interprofessionnel du vin … L'institution assure »)
            ref = self.antecedent(sp, head, kinds=("organisation",)) or \
                self.antecedent(replace(sp, gender=""), head, kinds=("organisation",))
            return None if ref is None else Speaker(ref.name, "organisation", sp.text,
                                                    number=ref.number, gender=ref.gender,
                                                    rule="description", head=head)
        return None

    def _fuller_phrase(self, head) -> str | None:
        """« la commission » after « la commission des sanctions de l'Agence française… »,
        « le syndicat » after « le syndicat Unia »: the nearest earlier phrase with the same
        noun, holding the phrase's words and a name or a capitalised word more."""
        own = {name_key(t.text) for t in phrase_tokens(head) if t.pos_ != "DET"}
        lemma = head.lemma_.lower()
        for t in self.same_lemma(head, _LOOK_BACK):
            if t.pos_ not in ("NOUN", "PROPN") or t.lemma_.lower() != lemma or \
                    inside(t.idx, self.quoted):
                continue
            toks = phrase_tokens(t)
            cut = next((k for k, x in enumerate(toks) if x.text == "("), len(toks))
            toks = toks[:cut]  # « … de la Région-de-Sherbrooke (CSSRS) »: not the brackets
            if not own <= {name_key(x.text) for x in toks} or not any(
                    x.i > t.i and (x.text[:1].isupper() or self.names.at(x) is not None)
                    for x in toks):
                continue
            last = self.names.at(toks[-1])
            if last is not None and last.label != "PER" and \
                    all(self.names.at(x) == last for x in toks if x.i > t.i and not x.is_punct):
                return last.entity  # « le syndicat Unia »: the name itself
            return source_phrase(run_on(toks))
        return None

    def _possessor(self, head, det, sp: Speaker) -> Speaker | None:
        """« son porte-parole », « son entourage »: the role of the person or organisation
        the possessive points to (« porte-parole de Conseil américain de la chimie »)."""
        number = "Plur" if det.lower_ in ("leur", "leurs") else ""
        probe = Speaker("", "unknown", det.lower_, pronoun=det.lower_, number=number)
        ref = self.antecedent(probe, head, kinds=("person", "organisation"))
        if ref is None:
            return None
        words = [t.text for t in phrase_tokens(head) if t.i != det.i]
        text = " ".join(words)
        kind = "anonymous" if sp.kind == "anonymous" else "person"
        return Speaker(f"{text} de {ref.name}", kind, sp.text, number=sp.number,
                       gender=sp.gender, rule="possessor", head=head)

    def _first_source(self, head):
        """The phrase that introduced the source a definite « les sources » refers back to:
        the nearest earlier noun with the same lemma outside quotes (and not a person's
        title), followed back through other definite mentions to the one that introduced
        it."""
        lemma, found = head.lemma_.lower(), None
        titles = {i for i in self._title_tokens}
        # « l'agriculteur » is not « des agriculteurs »: a source keeps its number
        plural = noun_features(head)[1] == "Plur"
        # a definite « les sources » refers back within the story, not across a whole book:
        # the look-back is bounded so that long texts stay linear
        for t in self.same_lemma(head, _LOOK_BACK):
            if t.pos_ != "NOUN" or t.lemma_.lower() != lemma or inside(t.idx, self.quoted) \
                    or t.i in titles or (noun_features(t)[1] == "Plur") != plural:
                continue
            if self.phrase(t).kind != "anonymous":
                continue
            found = t
            if not definite(t):
                break
        return found

    def _title(self, head) -> str | None:
        entries = self.titles.get(role_key(head.lemma_)) or self.titles.get(role_key(head.text))
        if not entries:
            return None
        # words that restrict the title; an adjective before the noun only describes
        # (« l'ancienne adjointe », « le futur maire »)
        wanted = {name_key(t.text) for t in phrase_tokens(head)
                  if t.pos_ in ("NOUN", "ADJ", "PROPN") and t.i != head.i
                  and not (t.pos_ == "ADJ" and t.i < head.i)}
        # the determiner's gender, or the noun's own when the determiner hides it
        # (« l'avocate »)
        gender = noun_features(head)[0] if determiner(head) is not None else ""
        fits = [(i, name, len(words - wanted)) for i, name, words in entries
                if wanted <= words and not (gender and self._gender_of(name) not in ("", gender))]
        before = [f for f in fits if f[0] < head.i]
        if before:
            # the one whose title says no more than the phrase (« l'entraîneur » is not
            # « l'entraîneur adjoint » named since), then « la candidate »: the person whose
            # gender agrees, then the latest
            return max(before, key=lambda f: (-min(f[2], 1), self._gender_of(f[1]) == gender
                                              if gender else True, f[0]))[1]
        return fits[0][1] if len({n for _, n, _ in fits}) == 1 else None
