"""Which labelled sources train which model, and the ordinary-post pool (issue 15).

Shared by ``bench/models.py`` (``make models``: the shipped models) and ``bench/quality.py``
(``make bench-quality``). Rows are read at run time from ``../shared/datasets/{dev,holdout}``
(or ``$AUTHLINT_DATASETS``) and ``examples/corpus.jsonl``; nothing is copied into the repository.

Licences (``../shared/datasets/README.md``): a source may train a *shipped* model only when its
licence allows distributing a derived model: MIT, Apache-2.0, CC BY. Non-commercial
(SemEval-2018 irony, Ott reviews), research-only or no-licence sources (bragging, Riloff,
Misra headlines, Stanford politeness) and sources whose positives carry a copyleft licence
(dark patterns: Mathur et al. strings, GPL-3.0) train only the *research* model, which is
built and measured but never shipped. Clickbait (MIT) is shippable but is a weak proxy
(news headlines) and is left out of the shipped self-promotion model; it is measured.

Janitr promo and YouTube spam positives are also negatives for impersonation, and Janitr scam
positives negatives for self-promotion (``CROSS_NEGATIVES``).

The project corpus has no split of its own: its rows are split like the datasets, by a hash
of the text (about 60 % dev, 40 % holdout).

The **ordinary-post pool** (what the false-alarm budget is measured on): the label-0 rows of
the four ``p_connection_*goemotions*`` files (Reddit comments without that emotion), the
label-0 rows of the two Janitr files (X posts labelled ``clean``; the files share them,
deduplicated by text), and the clean posts (``labels: []``) of examples/corpus.jsonl. The dev
pool calibrates, the holdout pool measures.
"""


from __future__ import annotations

import json
import os
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from authlint.report.evaluate import Row, read_rows

DATASETS = Path(os.environ.get("AUTHLINT_DATASETS", ROOT.parent / "shared" / "datasets"))
CORPUS = ROOT / "examples" / "corpus.jsonl"
CATEGORIES = ("selfishness", "snark", "self-promotion", "impersonation")


@dataclass(frozen=True)
class Source:
    stem: str
    category: str
    licence: str
    shipped: bool
    short: str


SOURCES = (
    Source("a_selfish_bragging_jin2022", "selfishness", "none (research data)", False, "bragging"),
    Source("b_snark_sarcasm_isarcasmeval2022", "snark", "MIT", True, "iSarcasmEval"),
    Source("b_snark_irony_semeval2018", "snark", "CC BY-NC-SA 4.0", False, "SemEval-2018 irony"),
    Source("b_snark_sarcasm_riloff2013_tweets", "snark", "tweets (platform terms)", False, "Riloff 2013"),
    Source("b_snark_sarcasm_headlines_misra_subset", "snark", "none stated", False, "Misra headlines"),
    Source("b_snark_impolite_requests_stanford_politeness", "snark", "no data licence", False, "Stanford politeness"),
    Source("c_promo_youtube_spam_comments", "self-promotion", "CC BY 4.0", True, "YouTube spam"),
    Source("c_promo_sms_spam_uci", "self-promotion", "CC BY 4.0", True, "SMS spam"),
    Source("c_promo_janitr_x_posts", "self-promotion", "MIT", True, "Janitr promo"),
    Source("c_promo_clickbait_headlines_chakraborty2016", "self-promotion", "MIT (weak proxy, not shipped)", False, "clickbait"),
    Source("d_deception_janitr_scam_x_posts", "impersonation", "MIT", True, "Janitr scam"),
    Source("d_deception_smishing_mishra2022", "impersonation", "CC BY 4.0", True, "smishing"),
    Source("d_deception_dark_patterns_urgency_yada2022", "impersonation", "Apache-2.0 / GPL-3.0 strings", False, "dark patterns"),
    Source("d_deception_fake_reviews_ott", "impersonation", "CC BY-NC-SA 3.0", False, "Ott reviews"),
)
#: Positives of one source that are negatives for another category: Janitr files promo without
#: a scam label and scam apart, and YouTube spam is channel plugs, not fraud. Without them the
#: impersonation model flags every giveaway and the promotion model every phishing text.
CROSS_NEGATIVES = {
    "c_promo_janitr_x_posts": ("impersonation",),
    "c_promo_youtube_spam_comments": ("impersonation",),
    "d_deception_janitr_scam_x_posts": ("self-promotion",),
}
POOL_STEMS = (
    "p_connection_gratitude_goemotions", "p_connection_curiosity_questions_goemotions",
    "p_connection_admiration_crediting_goemotions", "p_connection_caring_goemotions",
)
JANITR_STEMS = ("c_promo_janitr_x_posts", "d_deception_janitr_scam_x_posts")


def source_path(split: str, stem: str) -> Path:
    return DATASETS / split / f"{stem}.jsonl"


def available() -> bool:
    return (DATASETS / "dev").is_dir() and (DATASETS / "holdout").is_dir()


def rows_of(split: str, source: Source) -> list[Row]:
    return read_rows(source_path(split, source.stem), source.category)


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def corpus_split(text: str) -> str:
    return "dev" if zlib.crc32(_key(text).encode("utf-8")) % 10 < 6 else "holdout"


def corpus_rows(split: str) -> list[Row]:
    """The project corpus's rows of ``split`` (labels exhaustive over every category)."""
    rows = read_rows(CORPUS)
    return [r for r in rows if corpus_split(r.text) == split]


def pool_rows(split: str) -> list[Row]:
    """The ordinary-post pool of ``split``: clean rows, labels exhaustive (``labels: []``)."""
    seen: set[str] = set()
    out: list[Row] = []

    def add(path: Path, text: str, row_id: str) -> None:
        key = _key(text)
        if key not in seen:
            seen.add(key)
            out.append(Row(str(path), row_id, text, frozenset(), None))

    for stem in (*POOL_STEMS, *JANITR_STEMS):
        path = source_path(split, stem)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                data = json.loads(line)
                if data["label"] == 0:
                    add(path, data["text"], str(number))
    for row in corpus_rows(split):
        if not row.labels:
            add(CORPUS, row.text, row.id)
    return out


def ordinary_negatives(split: str) -> list[Row]:
    """GoEmotions rows with the emotion (gratitude, curiosity...): ordinary posts too, so
    negatives for every penalising category, but not part of the pool the budget is measured on."""
    out: list[Row] = []
    for stem in POOL_STEMS:
        path = source_path(split, stem)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                data = json.loads(line)
                if data["label"] == 1:
                    out.append(Row(str(path), str(number), data["text"], frozenset(), None))
    return out
