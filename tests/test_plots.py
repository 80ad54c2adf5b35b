"""Charts: the ``ax`` contract, what each draws, empty states, wording, no global state."""

from __future__ import annotations

import warnings
from itertools import combinations

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from analysis import viz
from analysis.output import figures
from analysis.viz import labels as L
from analysis.viz import style


def new_ax():
    return Figure(figsize=(6, 4)).subplots()


def sentences_df():
    return pd.DataFrame({
        "article_id": "a", "sentence_id": [0, 1, 2, 3, 4], "paragraph_id": [0, 1, 1, 1, 1],
        "text": ["Titre.", "Bon.", "Mauvais.", "Rien.", "Il serait là."],
        "polarity": [0.0, 0.6, -0.4, 0.0, 0.2], "subjectivity": [0.0, 0.8, 0.5, 0.0, 0.3],
        "n_scored": [0, 2, 1, 0, 1], "is_quote": [False, True, False, False, True],
        "hedged": [False, False, False, False, True],
    })


def text_of(ax) -> str:
    parts = [t.get_text() for t in ax.texts] + [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    parts += [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()]
    if ax.get_legend():
        parts += [t.get_text() for t in ax.get_legend().get_texts()]
    return " | ".join(parts)


def rc_snapshot():
    return {k: repr(v) for k, v in mpl.rcParams.items()}


# --- the ax contract and what is drawn ------------------------------------------------------

def test_tone_arc_draws_bars_line_quotes_and_hedges():
    ax = new_ax()
    assert viz.plot_tone_arc(sentences_df(), window=3, ax=ax) is ax
    bars = [p for p in ax.patches if abs(p.get_width() - 0.7) < 1e-9]  # quote spans are 1 wide
    assert len(bars) == 5  # one bar per sentence
    assert [round(p.get_height(), 3) for p in bars] == [0.0, 0.6, -0.4, 0.0, 0.2]
    pos = [p for p in bars if p.get_height() > 0]
    assert {to_hex(p.get_facecolor()) for p in pos} == {style.POSITIVE.lower()}
    # smoothed line = centred rolling mean
    smooth = [ln for ln in ax.lines if ln.get_color() == "#333333"][0]
    expected = pd.Series([0.0, 0.6, -0.4, 0.0, 0.2]).rolling(3, center=True, min_periods=1).mean()
    np.testing.assert_allclose(smooth.get_ydata(), expected)
    # quotes shaded (two spans), hedged sentence marked by a triangle at x=4
    spans = [p for p in ax.patches if to_hex(p.get_facecolor()) == style.QUOTE.lower()]
    assert len(spans) == 2
    tri = [ln for ln in ax.lines if ln.get_marker() == "^"]
    assert len(tri) == 1 and list(tri[0].get_xdata()) == [4]
    # unscored sentences drawn as rings
    rings = [ln for ln in ax.lines if ln.get_marker() == "o"]
    assert list(rings[0].get_xdata()) == [0, 3]
    assert "Ton phrase par phrase" in text_of(ax) and "citation" in text_of(ax)


def test_polarity_subjectivity_leaves_out_unscored():
    ax = viz.plot_polarity_subjectivity(sentences_df(), ax=new_ax())
    offsets = ax.collections[0].get_offsets()
    assert offsets.shape == (3, 2)  # the two sentences with n_scored == 0 are not placed
    assert sorted(map(tuple, np.round(offsets, 2).tolist())) == [(-0.4, 0.5), (0.2, 0.3), (0.6, 0.8)]


def test_evidence_words_ranks_by_summed_polarity_and_one_method():
    ev = pd.DataFrame({"method": ["m1"] * 4 + ["m2"],
                       "words": ["bon", "Bon", "pas clair", "terrible", "bon"],
                       "polarity": [0.7, 0.7, -0.14, -1.0, 0.7]})
    ax = viz.plot_evidence_words(ev, ax=new_ax())
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["terrible (×1)", "pas clair (×1)", "bon (×2)"]  # m2 rows not added in
    widths = sorted(round(float(p.get_width()), 2) for p in ax.patches)
    assert widths == [-1.0, -0.14, 1.4]


def test_top_entities_sorted_and_coloured_by_type():
    ent = pd.DataFrame({"entity": ["Turquie", "OTAN", "Wendy Sherman", "S-400"],
                        "label": ["LOC", "ORG", "PER", "EQUIP"], "mentions": [9, 3, 2, 7]})
    ax = viz.plot_top_entities(ent, n=3, ax=new_ax())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Turquie", "S-400", "OTAN"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Équipement", "Lieu", "Organisation"]
    assert ax.get_xlim()[0] >= -0.5  # no stray legend bar drawn at 0
    en = viz.plot_top_entities(ent, ax=new_ax(), lang="en")
    assert "Place" in text_of(en) and "Most mentioned entities" in text_of(en)


def test_actor_tone_mean_spread_and_count():
    m = pd.DataFrame({"article_id": "a", "sentence_id": [1, 1, 2, 4], "entity": ["Ankara", "Ankara", "Ankara", "OTAN"],
                      "actor": ["Turquie", "Turquie", "Turquie", ""]})
    s = sentences_df()
    data = viz.actor_sentences(m, s, by="actor")
    assert data.to_dict("list")["name"] == ["OTAN", "Turquie", "Turquie"]  # empty actor -> entity
    ax = viz.plot_actor_tone(m, sentences=s, by="actor", ax=new_ax())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Turquie", "OTAN"]
    xs = ax.collections[-1].get_offsets()[:, 0]
    np.testing.assert_allclose(xs, [0.1, 0.2])  # Turquie: mean(0.6, -0.4); OTAN: 0.2
    assert "n = 2" in text_of(ax) and "n = 1" in text_of(ax)


def test_cooccurrence_symmetric_matrix():
    c = pd.DataFrame({"entity_a": ["A", "A", "B"], "entity_b": ["B", "C", "C"], "sentences": [3, 1, 2]})
    ax = viz.plot_cooccurrence(c, ax=new_ax())
    mat = ax.images[0].get_array()
    assert mat.shape == (3, 3)
    assert mat[0, 1] == mat[1, 0] == 3 and mat[1, 2] == mat[2, 1] == 2
    assert mat.mask[0, 0]  # the diagonal is not drawn


def test_sources_named_and_anonymous():
    q = pd.DataFrame({"speaker": ["Wendy Sherman", "trois sources proches du dossier", "Aaron Stein",
                                  "Aaron Stein", None],
                      "speaker_kind": ["person", "anonymous", "person", "person", "unknown"]})
    ax = viz.plot_sources(q, ax=new_ax())
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "Aaron Stein"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["personne nommée (3)", "source anonyme (1)", "orateur inconnu (1)"]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert "orateur inconnu" in ticks and "?" not in ticks
    anon = [p for p in ax.patches if to_hex(p.get_facecolor()) == style.SPEAKER_COLOURS["anonymous"].lower()]
    assert len(anon) == 1


def test_hedging_bars_and_moving_share():
    ax = viz.plot_hedging(sentences_df(), window=3, ax=new_ax())
    assert len(ax.patches) == 1 and ax.patches[0].get_x() == pytest.approx(4 - 0.3)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [0, 0, 0, 1 / 3, 0.5])


def test_frame_shares_are_shares_of_sentences():
    f = pd.DataFrame({"article_id": "a", "sentence_id": [0, 0, 1, 2],
                      "frame": ["security_and_defense", "security_and_defense", "political", "security_and_defense"]})
    ax = viz.plot_frame_shares(f, n_sentences=4, ax=new_ax())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Sécurité et défense", "Politique"]
    assert [round(float(p.get_width()), 2) for p in ax.patches] == [0.5, 0.25]


@pytest.mark.parametrize("table", [
    pd.DataFrame({"actor": ["Washington", "Ankara", "Ankara"], "role": ["agent", "recipient", "patient"],
                  "count": [3, 2, 1]}),
    pd.DataFrame({"actor": ["Washington", "Ankara", "Ankara"], "role": ["agent", "recipient", "patient"],
                  "count": [3, 2, 1]}).loc[lambda d: d.index.repeat(d["count"])].drop(columns="count"),
    pd.DataFrame({"actor": ["Washington", "Ankara"], "agent": [3, 0], "patient": [0, 1], "recipient": [0, 2]}),
])
def test_agency_layouts_give_the_same_chart(table):
    long = viz.agency_long(table)
    assert long.set_index(["name", "role"])["count"].to_dict() == {
        ("Ankara", "patient"): 1, ("Ankara", "recipient"): 2, ("Washington", "agent"): 3}
    ax = viz.plot_agency(table, ax=new_ax())
    widths = sorted(round(float(p.get_width())) for p in ax.patches if p.get_width())
    assert widths == [-2, -1, 3]  # acted upon to the left, acting to the right
    assert "−3" not in text_of(ax)


def test_comparison_and_agreement_charts():
    t = pd.DataFrame({"article_id": ["a", "b"], "mean_polarity": [0.1, -0.2]})
    ax = viz.plot_article_values(t, "mean_polarity", ax=new_ax())
    assert [to_hex(p.get_facecolor()) for p in ax.patches] == [style.POSITIVE.lower(), style.NEGATIVE.lower()]
    ag = pd.DataFrame({"rater_a": ["a"], "rater_b": ["b"], "n": [9], "alpha_ordinal": [0.7]})
    ax = viz.plot_agreement(ag, ax=new_ax())
    assert ax.patches[0].get_width() == pytest.approx(0.7)
    assert {round(ln.get_xdata()[0], 3) for ln in ax.lines} >= {0.667, 0.8}


# --- empty states and contract ----------------------------------------------------------------

def _calls():
    s = sentences_df()
    return {
        "tone_arc": lambda d, ax: viz.plot_tone_arc(d, ax=ax),
        "polsub": lambda d, ax: viz.plot_polarity_subjectivity(d, ax=ax),
        "evidence": lambda d, ax: viz.plot_evidence_words(d, ax=ax),
        "entities": lambda d, ax: viz.plot_top_entities(d, ax=ax),
        "actor_tone": lambda d, ax: viz.plot_actor_tone(d, sentences=s, ax=ax),
        "cooc": lambda d, ax: viz.plot_cooccurrence(d, ax=ax),
        "sources": lambda d, ax: viz.plot_sources(d, ax=ax),
        "hedging": lambda d, ax: viz.plot_hedging(d, ax=ax),
        "frames": lambda d, ax: viz.plot_frame_shares(d, ax=ax),
        "agency": lambda d, ax: viz.plot_agency(d, ax=ax),
        "values": lambda d, ax: viz.plot_article_values(d, "share_hedged", ax=ax),
        "frames_by": lambda d, ax: viz.plot_frames_by_article(d, ax=ax),
        "sources_by": lambda d, ax: viz.plot_sources_by_article(d, ax=ax),
        "agreement": lambda d, ax: viz.plot_agreement(d, ax=ax),
    }


@pytest.mark.parametrize("name", list(_calls()))
@pytest.mark.parametrize("data,expect", [
    (None, "absente"),
    (pd.DataFrame({"zzz": [1]}), "Colonnes absentes"),
])
def test_missing_table_or_columns_draws_a_message(name, data, expect):
    ax = new_ax()
    before = rc_snapshot()
    assert _calls()[name](data, ax) is ax
    assert rc_snapshot() == before
    msg = " ".join(t.get_text() for t in ax.texts)
    if name == "agency" and data is not None:
        assert "agency table needs" in msg
    else:
        assert expect in msg, msg
    assert not ax.patches and not ax.lines and not ax.images


def test_empty_tables_draw_a_message():
    cases = {
        "tone_arc": pd.DataFrame({"sentence_id": [], "polarity": []}),
        "sources": pd.DataFrame({"speaker": [], "speaker_kind": []}),
        "frames": pd.DataFrame({"sentence_id": [], "frame": []}),
        "agency": pd.DataFrame({"actor": [], "role": []}),
        "evidence": pd.DataFrame({"words": ["neutre"], "polarity": [0.0]}),  # nothing + or -
    }
    for name, df in cases.items():
        ax = _calls()[name](df, new_ax())
        assert "Aucune donnée" in " ".join(t.get_text() for t in ax.texts), name


def test_tone_arc_refuses_several_articles():
    s = pd.concat([sentences_df(), sentences_df().assign(article_id="b")])
    with pytest.raises(ValueError, match="one article"):
        viz.plot_tone_arc(s, ax=new_ax())


def test_ax_none_uses_current_pyplot_axes():
    plt = pytest.importorskip("matplotlib.pyplot")
    fig = plt.figure()
    try:
        ax = viz.plot_hedging(sentences_df())
        assert ax is plt.gca() and ax.figure is fig
    finally:
        plt.close(fig)


def test_labels_languages():
    assert L.text("polarity", "fr") == "Polarité" and L.text("polarity", "en") == "Polarity"
    assert L.value("frame", "Security and Defense", "fr") == "Sécurité et défense"
    assert L.value("frame", "security", "en") == "Security and defense"
    assert L.value("speaker_kind", "anonymous", "fr") == "source anonyme"
    assert L.value("entity_label", "NEWLABEL") == "NEWLABEL"
    with pytest.raises(ValueError, match="lang must be one of"):
        viz.plot_tone_arc(sentences_df(), lang="de", ax=new_ax())
    # every caption exists in both languages
    for key in L._TEXT:
        assert all(L._TEXT[key]), key


def test_frame_names_come_from_the_dimensions_file(tmp_path, monkeypatch):
    """Renaming a frame in the resource file renames it in every chart; a frame it lacks keeps the kit's name."""
    dims = tmp_path / "frames_dimensions.tsv"
    dims.write_text("# a comment\nframe\tlabel\tlabel_fr\tdescription\n"
                    "security_defense\tSafety first\tLa sûreté d'abord\tarmies\n", encoding="utf-8")
    monkeypatch.setattr(L, "FRAMES_DIMENSIONS_FILE", dims)
    L._frame_dimension_labels.cache_clear()
    try:
        assert L.value("frame", "security_defense") == "La sûreté d'abord"
        assert L.value("frame", "security_defense", "en") == "Safety first"
        assert L.value("frame", "economic") == "Économie"
        ax = viz.plot_frame_shares(pd.DataFrame({"sentence_id": [0], "frame": ["security_defense"]}), ax=new_ax())
        assert [t.get_text() for t in ax.get_yticklabels()] == ["La sûreté d'abord"]
    finally:
        L._frame_dimension_labels.cache_clear()


# --- on the real article ---------------------------------------------------------------------

def test_article_charts_on_the_sample(sample_result):
    charts = viz.article_charts(sample_result.tables)
    names = [c.name for c in charts]
    assert names == [n for n in viz.CHART_NAMES if n in names]  # report order
    needs = {"tone_arc": ("sentences", "polarity"), "hedging": ("sentences", "hedged"),
             "top_entities": ("entities", "entity"), "sources": ("quotes", "speaker"),
             "frame_shares": ("frames", "frame"), "agency": ("agency", None),
             "evidence_words": ("evidence", "words"), "cooccurrence": ("cooccurrence", "entity_a")}
    for chart, (table, col) in needs.items():
        df = sample_result.tables.get(table)
        present = df is not None and (col is None or col in df.columns)
        assert (chart in names) == present, chart
    before = rc_snapshot()
    for chart in charts:
        fig = Figure(figsize=chart.figsize)
        ax = fig.subplots()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            chart.draw(ax)
        assert ax.get_title(), chart.name
        drawn = ax.patches or ax.lines or ax.collections or ax.images
        assert drawn, f"{chart.name} drew nothing on the sample article"
    assert rc_snapshot() == before


def test_all_analysers_present_give_at_least_eight_charts(sample_result):
    needed = ("evidence", "entities", "mentions", "quotes", "frames")
    missing = [t for t in needed if t not in sample_result.tables]
    if missing:
        pytest.skip(f"analysers not merged yet: {', '.join(missing)}")
    assert len(viz.article_charts(sample_result.tables)) >= 8


def test_french_labels_with_accents_on_the_sample(sample_result):
    ax = viz.plot_top_entities(sample_result.tables.get("entities"), ax=new_ax())
    if sample_result.tables.get("entities") is None:
        pytest.skip("entities table not available yet")
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert any(any(ch in t for ch in "éèêÉ") for t in ticks + [ax.get_title()])


# --- layout: no matplotlib warning, no title off the figure or over another text ---------------------

def layout_problems(fig) -> list[str]:
    """Draw ``fig`` (Agg) with every warning an error; list titles off the figure or over a text."""
    canvas = FigureCanvasAgg(fig)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "constrained_layout not applied..." and the like fail here
        canvas.draw()
        canvas.draw()  # a collapsed layout may only warn on the next draw (a notebook draws again to save)
    r = canvas.get_renderer()
    frame = fig.bbox
    axes = [ax for ax in fig.axes if ax.get_visible()]
    # the kit's style puts titles on the left: look at the three title slots of each axes
    texts = {ax: [t for t in (ax.title, ax._left_title, ax._right_title) if t.get_text().strip()] for ax in axes}
    titles = [(t.get_text(), t.get_window_extent(r)) for ax in axes for t in texts[ax]]
    problems = [f"title {t!r} outside the figure" for t, b in titles
                if b.x0 < frame.x0 - 1 or b.x1 > frame.x1 + 1 or b.y0 < frame.y0 - 1 or b.y1 > frame.y1 + 1]
    problems += [f"titles {t1!r} and {t2!r} overlap" for (t1, b1), (t2, b2) in combinations(titles, 2)
                 if b1.overlaps(b2)]
    for ax in axes:
        for title in texts[ax]:
            tb = title.get_window_extent(r)
            problems += [f"title {title.get_text()!r} over {t.get_text()!r}" for t in ax.texts
                         if t.get_visible() and t.get_text().strip() and tb.overlaps(t.get_window_extent(r))]
    return problems


def test_layout_check_catches_titles_running_into_each_other():
    """The check itself can fail: long titles over narrow axes side by side."""
    with figures.cadrage_style():
        fig = figures.new_figure((9, 3))
        for ax in fig.subplots(1, 3):
            ax.plot([0, 1])
            ax.set_title("Polarité moyenne (toutes les phrases notées)")
        assert any("overlap" in p for p in layout_problems(fig))
        fig = figures.new_figure((0.6, 0.4))
        fig.subplots().set_title("x")
        with pytest.raises(UserWarning, match="constrained_layout"):
            layout_problems(fig)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_report_charts_have_no_layout_warning_or_clipped_title(sample_result, analyse, lang):
    short = analyse("Le ministre a annoncé une bonne nouvelle. « C'est inacceptable », a dit un syndicaliste.",
                    article_id="court")
    for result in (sample_result, short):
        charts = viz.article_charts(result.tables, lang=lang)
        assert len(charts) == 10
        with figures.cadrage_style():
            for chart in charts:
                fig = figures.new_figure(chart.figsize)
                chart.draw(fig.subplots())
                assert layout_problems(fig) == [], (result.article_id, chart.name)


def _comparison_tables(n: int):
    ids = [f"{o}-{t}-03{10 + i}" for i, (o, t) in enumerate(
        (o, t) for t in ("inondations", "greve", "voltaris", "finances") for o in ("courrier", "echo", "eco"))][:n]
    rng = np.random.default_rng(0)
    table = pd.DataFrame({"article_id": ids, "mean_polarity": rng.uniform(-0.3, 0.3, n),
                          "share_quoted": rng.uniform(0, 1, n), "share_hedged": rng.uniform(0, 0.4, n)})
    kinds = ["person", "organisation", "anonymous", "unknown"]
    quotes = pd.DataFrame([{"article_id": a, "speaker_kind": kinds[j % 4], "speaker": f"s{j}"}
                           for a in ids for j in range(5)])
    frames_list = [f for f in L._VALUES["frame"]]
    frames = pd.DataFrame([{"article_id": a, "sentence_id": j, "frame": frames_list[(i + j) % len(frames_list)]}
                           for i, a in enumerate(ids) for j in range(14)])
    sentences = pd.DataFrame([{"article_id": a, "sentence_id": j} for a in ids for j in range(20)])
    return table, quotes, frames, sentences


@pytest.mark.parametrize("n", [1, 3, 12])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_comparison_charts_at_notebook_02_sizes_have_no_layout_problem(n, lang):
    """The figure sizes of notebook 02 (keep in step with it), for one, three and twelve articles."""
    table, quotes, frames, sentences = _comparison_tables(n)
    with figures.cadrage_style():
        fig = figures.new_figure((11, 1.4 + 0.3 * n))
        for i, (measure, ax) in enumerate(zip(("mean_polarity", "share_quoted", "share_hedged"),
                                              fig.subplots(1, 3))):
            viz.plot_article_values(table, measure, lang=lang, ax=ax)
            if i:
                ax.tick_params(labelleft=False)
        assert layout_problems(fig) == []
        fig = figures.new_figure((9, 1.4 + 0.3 * n))
        viz.plot_sources_by_article(quotes, lang=lang, ax=fig.subplots())
        assert layout_problems(fig) == []
        fig = figures.new_figure((11, 2.6 + 0.3 * n))
        viz.plot_frames_by_article(frames, sentences=sentences, lang=lang, ax=fig.subplots())
        assert layout_problems(fig) == []
