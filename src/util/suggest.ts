/** Levenshtein distance, for Docker's "(did you mean x?)" hints. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The closest candidate within Docker's threshold (distance < 3, first best wins), or undefined;
 * `caseInsensitive` compares lower-cased as BuildKit does for stage names and keywords.
 */
export function suggest(value: string, candidates: Iterable<string>, caseInsensitive = true): string | undefined {
  const v = caseInsensitive ? value.toLowerCase() : value;
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = distance(v, caseInsensitive ? c.toLowerCase() : c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Appends ` (did you mean x?)` when a candidate is close enough. */
export function withSuggestion(message: string, value: string, candidates: Iterable<string>): string {
  const s = suggest(value, candidates);
  return s === undefined ? message : `${message} (did you mean ${s}?)`;
}
