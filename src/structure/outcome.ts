import { compileGoRegexp, GoRegexpSyntaxError } from './goRegexp.js';
import type { StructureTestResult } from './report.js';

/** A test that cannot be decided: its reason goes in the result instead of a verdict. */
export class Undecided extends Error {}

/** CST's CompileAndRunRegex: an expression Go cannot compile answers false, whichever was wanted. */
export function matches(regex: string, text: string, shouldMatch: boolean): boolean {
  let re: RegExp;
  try {
    re = compileGoRegexp(regex);
  } catch (err) {
    if (err instanceof GoRegexpSyntaxError) return false;
    throw new Undecided(`the Go regular expression ${JSON.stringify(regex)} is not translated: ${(err as Error).message}`);
  }
  return re.test(text) === shouldMatch;
}

/** Passed when no error was found. */
export function outcome(kind: StructureTestResult['kind'], name: string, errors: string[]): StructureTestResult {
  return { kind, name, status: errors.length === 0 ? 'pass' : 'fail', errors };
}

/** A test CST finds invalid: failed under its bare name. */
export function invalid(kind: StructureTestResult['kind'], name: string, errors: string[]): StructureTestResult {
  return { kind, name, status: 'fail', errors };
}

/** A test the emulation cannot decide. */
export function notRun(kind: StructureTestResult['kind'], name: string, reason: string): StructureTestResult {
  return { kind, name, status: 'not-run', errors: [], reason };
}
