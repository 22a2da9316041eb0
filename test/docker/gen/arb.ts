/** Small fast-check helpers shared by the generators. */
import fc from 'fast-check';

/** One of the values, each with its weight. */
export function weighted<T>(...pairs: Array<[T, number]>): fc.Arbitrary<T> {
  return fc.oneof(...pairs.map(([v, weight]) => ({ arbitrary: fc.constant(v), weight })));
}

/** `arb` with probability `percent`, else null (shrinks towards null). */
export function maybe<T>(arb: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | null> {
  return fc.oneof({ withCrossShrink: true }, { arbitrary: fc.constant(null), weight: 100 - percent }, { arbitrary: arb, weight: percent });
}
