"""Write a deterministic synthetic edition: N texts of P paragraphs, notes, terms, cross-references.

    python benchmarks/generate.py OUT --texts 500 --paragraphs 50 --notes 25000 --terms 2000 \
        --crossrefs 2000

OUT gets two sites over the same Markdown: `annotated/` (the glossator plugin, texts in
sources/, annotations/) and `plain/` (plain Material, the same texts as ordinary pages).
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

WORDS = ("integration union treaty customs economic political sovereignty border trade "
         "energy transit pipeline policy president minister agreement summit market capital "
         "reform steppe region security currency investment partner neighbour council").split()
SITE = """site_name: Benchmark
theme: {{name: material, font: false}}
plugins: [search{plugins}]
markdown_extensions: [abbr, admonition, attr_list, footnotes, md_in_html, toc]
"""


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def write_texts(rng: random.Random, folder: Path, texts: int, paragraphs: int,
                terms: list[str]) -> list[list[str]]:
    """The texts; returns each text's paragraphs, to draw quotes from."""
    folder.mkdir(parents=True)
    bodies = []
    for t in range(texts):
        paras = []
        for p in range(paragraphs):
            words = sentence(rng, 12).rstrip(".")
            # A unique token per paragraph so that quotes can be made unique.
            paras.append(f"{words} t{t}p{p} {rng.choice(terms)} {sentence(rng, 20)} "
                         f"{sentence(rng, 15)}")
        bodies.append(paras)
        front = {"title": f"Text {t}", "authors": [f"Author {t}"], "date": f"{2000 + t % 20}"}
        body = "\n\n".join(paras[:paragraphs // 2]) + "\n\n## Part two\n\n" + \
            "\n\n".join(paras[paragraphs // 2:])
        (folder / f"text-{t:04d}.md").write_text(
            "---\n" + yaml.safe_dump(front) + "---\n\n" + body + "\n", encoding="utf-8")
    return bodies


def annotations(rng: random.Random, bodies: list[list[str]], notes: int, terms: list[str],
                forms_per_term: int, crossrefs: int) -> dict[str, dict]:
    files: dict[str, dict] = {}
    for n in range(notes):
        t, p = n % len(bodies), (n // len(bodies)) % len(bodies[0])
        quote = f"t{t}p{p} " + bodies[t][p].split(f"t{t}p{p} ")[1].split(" ")[0]
        files.setdefault(f"text-{t:04d}.yml", {"text": f"text-{t:04d}", "notes": []})["notes"].append(
            {"id": f"n{n}", "quote": quote, "kind": "context", "body": f"Note {n} with *emphasis*.",
             "sources": ["A source."]})
    files["glossary.yml"] = {"terms": [
        {"id": f"term-{i}", "term": terms[i * forms_per_term], "kind": "concept",
         "forms": terms[i * forms_per_term:(i + 1) * forms_per_term],
         "definition": f"Definition of term {i}."} for i in range(len(terms) // forms_per_term)]}
    files["crossrefs.yml"] = {"crossrefs": [
        {"id": f"x{g}", "title": f"Group {g}", "passages": [
            {"text": f"text-{t:04d}", "quote": f"t{t}p{p}"}
            for t, p in ((rng.randrange(len(bodies)), (g + k) % len(bodies[0])) for k in range(2))]}
        for g in range(crossrefs)]}
    # A group's passages must come from two texts: drop the groups whose two land on one.
    files["crossrefs.yml"]["crossrefs"] = [
        g for g in files["crossrefs.yml"]["crossrefs"]
        if g["passages"][0]["text"] != g["passages"][1]["text"]]
    return files


def generate(out: Path, texts: int, paragraphs: int, notes: int, terms: int, forms: int,
             crossrefs: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    term_forms = [f"Term{i}" for i in range(terms * forms)]
    annotated, plain = out / "annotated", out / "plain"
    bodies = write_texts(rng, annotated / "sources", texts, paragraphs, term_forms)
    (annotated / "annotations").mkdir()
    for name, data in annotations(rng, bodies, notes, term_forms, forms, crossrefs).items():
        (annotated / "annotations" / name).write_text(yaml.safe_dump(data), encoding="utf-8")
    for site, plugins in ((annotated, ", glossator"), (plain, "")):
        (site / "docs").mkdir(parents=True)
        (site / "docs" / "index.md").write_text("# Benchmark\n", encoding="utf-8")
        (site / "mkdocs.yml").write_text(SITE.format(plugins=plugins), encoding="utf-8")
    shutil.copytree(annotated / "sources", plain / "docs" / "texts")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--texts", type=int, default=50)
    parser.add_argument("--paragraphs", type=int, default=50)
    parser.add_argument("--notes", type=int, default=2500)
    parser.add_argument("--terms", type=int, default=200)
    parser.add_argument("--forms", type=int, default=3, help="forms per term")
    parser.add_argument("--crossrefs", type=int, default=200)
    args = parser.parse_args()
    generate(args.out, args.texts, args.paragraphs, args.notes, args.terms, args.forms, args.crossrefs)


if __name__ == "__main__":
    main()
