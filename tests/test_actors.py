import pytest

from communique.actors.recognize import ActorFinder, ArticleContext


def actors_in(pipe, text, word, context=None):
    doc = pipe.nlp(text)
    finder = ActorFinder(pipe.lexicon, doc, context or ArticleContext())
    for sent in doc.sents:
        finder.scan(sent)
    tok = next(t for t in doc if t.text == word)
    return finder.actors(tok)


@pytest.mark.parametrize("text,word,code", [
    ("The United States condemned the attack.", "States", "USA"),
    ("The U.S. condemned the attack.", "U.S.", "USA"),
    ("Britain condemned the attack.", "Britain", "GBR"),
    ("Beijing accused Manila of provocations.", "Beijing", "CHN"),
    ("Beijing accused Manila of provocations.", "Manila", "PHL"),
    ("Belarusian troops crossed the border.", "troops", "BLRMIL"),
    ("Turkish police detained dozens.", "police", "TURCOP"),
    ("The Philippine foreign ministry summoned the envoy.", "ministry", "PHLGOV"),
    ("Russian paramilitary forces attacked the town.", "forces", "RUSREB"),
    ("Kenyan opposition leaders met.", "leaders", "KENOPP"),
    ("NATO warned Moscow.", "NATO", "IGOWSTNAT"),
    ("The European Union criticized Moscow.", "Union", "IGOEUREEC"),
    ("Hamas fired rockets.", "Hamas", "PSEREB"),
    ("Indian protesters blocked the road.", "protesters", "INDOPP"),
    ("Ivory Coast signed the deal.", "Coast", "CIV"),
    ("Türkiye signed the deal.", "Türkiye", "TUR"),
])
def test_actor_codes(pipe, text, word, code):
    found = actors_in(pipe, text, word)
    assert [a.code for a in found] == [code]


def test_pronoun_us_is_not_the_united_states(pipe):
    assert actors_in(pipe, "They told us nothing.", "us") == []


def test_titled_person(pipe):
    text = ("China will cooperate, said Chinese State Councilor and Minister of National Defense "
            "Li Shangfu when meeting Belarusian President Alexander Lukashenko.")
    (li,) = actors_in(pipe, text, "Councilor")
    assert (li.name, li.code, li.country, li.kind) == ("Li Shangfu", "CHNMIL", "CHN", "person")
    assert set(li.roles) == {"GOV", "MIL"}
    (luka,) = actors_in(pipe, text, "Lukashenko")
    assert (luka.name, luka.code) == ("Alexander Lukashenko", "BLRGOV")


def test_surname_and_pronoun_coreference(pipe):
    text = ("Belarusian President Alexander Lukashenko met Chinese Defense Minister Li Shangfu. "
            "Lukashenko thanked Li. He praised his country.")
    doc = pipe.nlp(text)
    finder = ActorFinder(pipe.lexicon, doc, ArticleContext())
    for sent in doc.sents:
        finder.scan(sent)
    li = [t for t in doc if t.text == "Li"][-1]
    assert finder.actors(li)[0].name == "Li Shangfu"
    he = next(t for t in doc if t.text == "He")
    assert finder.actors(he)[0].name == "Alexander Lukashenko"
    country = next(t for t in doc if t.text == "country")
    assert finder.actors(country)[0].code == "BLR"


def test_the_chinese_side(pipe):
    (a,) = actors_in(pipe, "He thanked the Chinese side for its support.", "side")
    assert (a.code, a.kind) == ("CHN", "country")


def test_compound_countries_split(pipe):
    found = actors_in(pipe, "The foreign ministers of Armenia and Azerbaijan met.", "ministers")
    assert sorted(a.code for a in found) == ["ARMGOV", "AZEGOV"]


def test_conjoined_actors_split(pipe):
    found = actors_in(pipe, "Israel and Hamas agreed.", "Israel")
    assert [a.code for a in found] == ["ISR", "PSEREB"]


def test_role_without_country_takes_dateline_country(pipe):
    (a,) = actors_in(pipe, "Police arrested dozens of people.", "Police", ArticleContext(dateline_country="KEN"))
    assert a.code == "KENCOP"
    (b,) = actors_in(pipe, "Police arrested dozens of people.", "Police")
    assert b.code == "COP" and b.country is None


def test_user_dictionary_extends_builtins(tmp_path):
    from communique import Pipeline
    (tmp_path / "organizations.tsv").write_text(
        "term\tcode\tname\tkind\troles\nFreedom Front\tXYZREB\tFreedom Front\tgroup\tREB\n")
    p = Pipeline(dictionaries=[tmp_path])
    events = p.code("The Freedom Front attacked Ukrainian troops near the border.")
    assert [(e.source.code, e.event_code, e.target.code) for e in events] == [("XYZREB", "190", "UKRMIL")]


def test_missing_dictionary_folder_is_a_clear_error(tmp_path):
    from communique import Pipeline
    from communique.dictionaries import DictionaryError
    with pytest.raises(DictionaryError, match="does not exist"):
        Pipeline(dictionaries=[tmp_path / "nope"])


def test_user_verb_patterns_win(tmp_path):
    from communique import Pipeline
    (tmp_path / "verbs.yaml").write_text('- code: "0234"\n  verbs: [pledge]\n  objects: [aid]\n  target: [to]\n')
    events = Pipeline(dictionaries=[tmp_path]).code("Japan pledged aid to Turkey.")
    assert [(e.source.code, e.event_code, e.target.code) for e in events] == [("JPN", "0234", "TUR")]


@pytest.mark.parametrize("text,word,code,roles", [
    # "… general" offices are civilian (Phoenix agents dictionary), a general is military
    ("U.N. Secretary-General Ana Pereira urged calm.", "Pereira", "IGOUNO", ("GOV",)),
    ("The Kenyan Attorney General filed charges.", "General", "KENGOV", ("GOV",)),
    ("Brazil's Inspector General opened an inquiry.", "General", "BRAGOV", ("GOV",)),
    ("Nigerian Major General Musa Bello inspected the troops.", "Bello", "NGAMIL", ("MIL",)),
])
def test_general_offices_are_not_generals(pipe, text, word, code, roles):
    (actor,) = actors_in(pipe, text, word)
    assert (actor.code, actor.roles) == (code, roles)
