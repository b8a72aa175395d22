"""Steward's offensive-language screening beside two peers from PyPI, on the same labelled corpus, in one run.

    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install better_profanity==0.7.0 alt-profanity-check
    /tmp/peers/bin/python benchmarks/screening_peers.py .build/debug/steward tests/corpus

A post counts as offensive when the corpus labels any span of it offensive-language; each engine says yes or no per
post (Steward: any offensive-language finding at warn or block). Prints precision, recall and F1 per engine, and how
many posts each got wrong, both ways, with a few examples. Prints figures; asserts nothing.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path


def steward_verdicts(binary, corpus, posts):
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for post in posts:
            path = Path(folder) / f"{post['id']}.txt"
            path.write_text(post["text"], encoding="utf-8")
            files.append(str(path))
        args = [binary, "screen", "--json", "--roster", str(corpus / "roster.csv"), "--staff",
                str(corpus / "staff.csv"), "--terms", str(corpus / "terms.txt")]
        out = subprocess.run(args + files, capture_output=True, text=True).stdout
    verdicts = {}
    for result in json.loads(out):
        name = Path(result["input"]).stem
        verdicts[name] = any(f["category"] == "offensive-language" and f["severity"] in ("warn", "block")
                             for f in result["findings"])
    return [verdicts[post["id"]] for post in posts]


def score(name, said, truth, posts):
    tp = sum(1 for s, t in zip(said, truth) if s and t)
    fp = sum(1 for s, t in zip(said, truth) if s and not t)
    fn = sum(1 for s, t in zip(said, truth) if t and not s)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"{name:28} TP {tp:4} FP {fp:4} FN {fn:4}  precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    wrong = [(p["text"], "false alarm" if s else "missed") for p, s, t in zip(posts, said, truth) if s != t]
    for text, kind in wrong[:4]:
        print(f"    {kind}: {text[:90]}")


def main():
    binary, corpus = sys.argv[1], Path(sys.argv[2])
    posts = [json.loads(line) for line in (corpus / "posts.jsonl").read_text(encoding="utf-8").splitlines() if line]
    truth = [any(label["category"] == "offensive-language" for label in post["labels"]) for post in posts]
    print(f"{len(posts)} posts, {sum(truth)} with offensive language")
    score("Steward", steward_verdicts(binary, corpus, posts), truth, posts)
    from better_profanity import profanity
    profanity.load_censor_words()
    score("better_profanity 0.7.0", [profanity.contains_profanity(p["text"]) for p in posts], truth, posts)
    from profanity_check import predict
    score("alt-profanity-check", [bool(v) for v in predict([p["text"] for p in posts])], truth, posts)


if __name__ == "__main__":
    main()
