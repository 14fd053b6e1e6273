"""The baseline the melody model must beat: an interpolated Kneser-Ney n-gram model over the
same tokens (order 4, absolute discount 0.75), trained on the same training split."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Sequence

from models import vocab as V


class KneserNey:
    def __init__(self, order: int = 4, discount: float = 0.75) -> None:
        self.order, self.discount = order, discount
        self.counts: list[dict[tuple[int, ...], dict[int, int]]] = [defaultdict(lambda: defaultdict(int)) for _ in range(order)]
        self.left_contexts: list[dict[tuple[int, ...], set[int]]] = [defaultdict(set) for _ in range(order)]

    def fit(self, sequences: Sequence[Sequence[int]]) -> "KneserNey":
        for tokens in sequences:
            for i, token in enumerate(tokens):
                for n in range(self.order):
                    if i - n < 0:
                        break
                    context = tuple(tokens[i - n:i])
                    self.counts[n][context][token] += 1
                    if n < self.order - 1 and i - n - 1 >= 0:
                        self.left_contexts[n][context + (token,)].add(tokens[i - n - 1])
        # continuation counts for the lower orders
        self.continuation: list[dict[tuple[int, ...], dict[int, int]]] = [defaultdict(lambda: defaultdict(int)) for _ in range(self.order - 1)]
        for n in range(self.order - 1):
            for gram, lefts in self.left_contexts[n].items():
                self.continuation[n][gram[:-1]][gram[-1]] = len(lefts)
        return self

    def probability(self, context: Sequence[int], token: int) -> float:
        probability = 1.0 / V.VOCAB_SIZE
        for n in range(0, self.order):
            if n > len(context):
                break
            ctx = tuple(context[len(context) - n:]) if n else ()
            table = self.counts[n] if n == self.order - 1 or n == len(context) else self.continuation[n]
            followers = table.get(ctx)
            if not followers:
                continue
            total = sum(followers.values())
            kinds = len(followers)
            probability = max(followers.get(token, 0) - self.discount, 0) / total + self.discount * kinds / total * probability
        return probability

    def nll(self, tokens: Sequence[int], first: int) -> float:
        """Total negative log-likelihood (nats) of tokens[first:] given what precedes."""
        return -sum(math.log(self.probability(tokens[max(0, i - self.order + 1):i], tokens[i])) for i in range(first, len(tokens)))
