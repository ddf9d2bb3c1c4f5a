"""The passage of a text most like a quote that is no longer found in it, when one clearly is.

A corrected transcription changes a letter or a word of a text, and a quote of those words is
then found nowhere: `glossator check --fix` rewrites it to the passage this finds. difflib's
ratio (over the characters of the text as a reader sees it) is computed only for the runs of
words that can reach it, counted cheaply as a run slides along the text.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from typing import Iterable, Iterator

CONFIDENT = 0.9  # how like the stale quote (difflib's ratio) the passage that replaces it is
MARGIN = 0.05  # and how much more like it than any passage elsewhere
# A long quote's passage must also have most of its words in order (difflib's ratio over
# words): the letters of any two English passages that long are much alike, and comparing them
# all took minutes for a quote of a hundred words. A corrected transcription changes a few
# words; a passage that differs by a letter in most of its words is not found (and, a limit,
# is not counted as a rival either).
LONG_QUOTE = 6  # words
SAME_WORDS = 0.6
WORD = re.compile(r"\S+")


def closest_passage(text: str, needle: str) -> tuple[int, int] | None:
    """Where in `text` (a stream's, normalised) the passage of about the quote's words is that
    is clearly the most like it, or None: a ratio of at least CONFIDENT, and MARGIN above any
    passage that does not overlap it."""
    words = [m.span() for m in WORD.finditer(text)]
    size = len(needle.split(" "))
    letters = difflib.SequenceMatcher(None, autojunk=False)
    letters.set_seq2(needle)  # difflib caches what it learns of the second sequence
    in_order = difflib.SequenceMatcher(None, autojunk=False)
    in_order.set_seq2(needle.split(" "))
    floor = CONFIDENT - MARGIN  # a passage less like it than this cannot be a rival
    scored: list[tuple[float, int, int]] = []
    for n in sorted({max(1, size - 1), size, size + 1}):
        for start, end in _candidates(text, words, n, needle, floor):
            if size >= LONG_QUOTE:
                in_order.set_seq1(text[start:end].split(" "))
                if in_order.ratio() < SAME_WORDS:
                    continue
            letters.set_seq1(text[start:end])
            if (ratio := letters.ratio()) >= floor:
                scored.append((ratio, start, end))
    if not scored:
        return None
    best, start, end = max(scored, key=lambda s: s[0])
    rivals = [ratio for ratio, s, e in scored if e <= start or s >= end]
    if best < CONFIDENT or (rivals and best - max(rivals) < MARGIN):
        return None
    return start, end


def _candidates(text: str, words: list[tuple[int, int]], n: int, needle: str,
                floor: float) -> Iterator[tuple[int, int]]:
    """The runs of n words (trimmed as the quote is) that may reach `floor`: that share enough
    letters with the quote (difflib's quick_ratio, an upper bound of its ratio) and, for a long
    quote, enough words for SAME_WORDS. Both are counted as the run slides on by a word: to
    count afresh for each run took seconds for a quote of forty words."""
    quote_words = needle.split(" ")
    letters, shared_words = _Shared(needle), _Shared(quote_words)
    for i in range(len(words) - n + 1):
        if i == 0:
            letters.add(text[words[0][0]:words[n - 1][1]])
            shared_words.add([text[a:b] for a, b in words[:n]])
        else:  # the first word and the space after it go, the space and the next word come
            letters.remove(text[words[i - 1][0]:words[i][0]])
            letters.add(text[words[i + n - 2][1]:words[i + n - 1][1]])
            shared_words.remove([text[slice(*words[i - 1])]])
            shared_words.add([text[slice(*words[i + n - 1])]])
        start, end = _trim(text, words[i][0], words[i + n - 1][1], needle)
        # The untrimmed run's letters bound the trimmed one's; trimming may make its two end
        # words the quote's ('grew,' becomes 'grew'), hence the two words more.
        if end > start and 2 * letters.count / (end - start + len(needle)) >= floor and (
                len(quote_words) < LONG_QUOTE
                or 2 * (shared_words.count + 2) / (n + len(quote_words)) >= SAME_WORDS):
            yield start, end


class _Shared:
    """How many of the quote's items (letters or words, with repeats) a sliding run holds."""

    def __init__(self, wanted: Iterable[str]) -> None:
        self.wanted: Counter[str] = Counter(wanted)
        self.have: Counter[str] = Counter()
        self.count = 0

    def add(self, items: Iterable[str]) -> None:
        for item in items:
            self.count += self.have[item] < self.wanted[item]
            self.have[item] += 1

    def remove(self, items: Iterable[str]) -> None:
        for item in items:
            self.have[item] -= 1
            self.count -= self.have[item] < self.wanted[item]


def _trim(text: str, start: int, end: int, needle: str) -> tuple[int, int]:
    """A passage's edges as the quote's: punctuation on a window's words ('2014,') goes when
    the quote starts or ends with a letter or digit."""
    if needle[:1].isalnum():
        while start < end and not text[start].isalnum():
            start += 1
    if needle[-1:].isalnum():
        while end > start and not text[end - 1].isalnum():
            end -= 1
    return start, end
