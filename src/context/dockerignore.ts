/**
 * `.dockerignore` as Docker Engine 26.1 reads and applies it: moby/patternmatcher v0.6
 * (`ignorefile.ReadAll`, `New`, the pattern-to-regexp compiler and its three matching functions)
 * and the context walkers that use it — tonistiigi/fsutil's filter (BuildKit 0.13's client) and
 * moby's pkg/archive (the classic builder's client).
 */
import type { BuilderMode } from '../model/builder.js';
import { DockerfileError } from '../model/errors.js';
import { GoRegexp } from './go-regexp.js';

export interface IgnoreRule {
  /** The pattern as patternmatcher keeps it: trimmed, cleaned, leading `/` and `!` removed. */
  readonly pattern: string;
  /** The line started with `!`: a match re-includes. */
  readonly exclusion: boolean;
  /** 1-based line in the ignore file; 0 for a rule made by `ignoreRule`. */
  readonly line: number;
  /** The line as written (without its line break). */
  readonly text: string;
}

/** Where a path stands after the rules; `rule` is the last one that matched, which decided. */
export interface IgnoreVerdict {
  readonly excluded: boolean;
  readonly rule: IgnoreRule | undefined;
}

/** A walker's verdict, plus what patternmatcher hands down from a directory to its entries. */
export interface IgnoreDecision extends IgnoreVerdict {
  /** Per rule: it matched this path, or was carried from a parent (patternmatcher's MatchInfo). */
  readonly matched: readonly boolean[];
}

/** A pattern as `ignorefile.ReadAll` returns it, with where it came from. */
export interface IgnorePatternLine {
  /** Cleaned, and still prefixed with `!` for an exception. */
  readonly pattern: string;
  readonly line: number;
  readonly text: string;
}

/** How patternmatcher matches a compiled pattern; `regexp` is the Go expression it builds. */
export interface CompiledPattern {
  readonly kind: 'exact' | 'prefix' | 'suffix' | 'regexp';
  readonly regexp: string;
}

// bufio.Scanner's default limit: a longer line (line break excluded) fails the read.
const MAX_LINE_BYTES = 64 * 1024;

const contextError = (message: string): DockerfileError => new DockerfileError('context-error', message);

// Go's unicode.IsSpace, which differs from String.prototype.trim (U+0085 yes, U+FEFF no).
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const GO_TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');
const goTrimSpace = (s: string): string => s.replace(GO_TRIM, '');

/** Go's path/filepath.Clean on a Unix system. */
function goClean(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') out.push(part);
    else if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (!rooted) out.push('..');
  }
  const joined = out.join('/');
  return rooted ? `/${joined}` : joined || '.';
}

/** Go's path/filepath.Dir on a Unix system. */
function goDir(path: string): string {
  return goClean(path.slice(0, path.lastIndexOf('/') + 1));
}

/**
 * `ignorefile.ReadAll`: the patterns of an ignore file, cleaned but not yet validated. A UTF-8 BOM
 * is dropped from the first line; a line is a comment only when `#` is its very first character;
 * `!` is kept in front of the cleaned pattern, so a lone `!` comes back as `!`.
 */
export function readIgnorePatterns(text: string): IgnorePatternLine[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const patterns: IgnorePatternLine[] = [];
  lines.forEach((raw, index) => {
    if (Buffer.byteLength(raw) >= MAX_LINE_BYTES) throw contextError('bufio.Scanner: token too long');
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (index === 0 && line.startsWith('\uFEFF')) line = line.slice(1);
    if (line.startsWith('#')) return;
    let pattern = goTrimSpace(line);
    if (pattern === '') return;
    const invert = pattern.startsWith('!');
    if (invert) pattern = goTrimSpace(pattern.slice(1));
    if (pattern !== '') {
      pattern = goClean(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    patterns.push({ pattern: invert ? `!${pattern}` : pattern, line: index + 1, text: line });
  });
  return patterns;
}

/**
 * What `patternmatcher.New` makes of one pattern string (also for patterns a client adds, such as
 * the classic CLI's `!Dockerfile`): undefined for a blank one, which New skips.
 * @throws DockerfileError `illegal exclusion pattern: "!"`, or `syntax error in pattern` where Go's
 * filepath.Match rejects the pattern.
 */
export function ignoreRule(pattern: string, line = 0, text = pattern): IgnoreRule | undefined {
  let p = goTrimSpace(pattern);
  if (p === '') return undefined;
  p = goClean(p);
  const exclusion = p.startsWith('!');
  if (exclusion) {
    if (p.length === 1) throw contextError('illegal exclusion pattern: "!"');
    p = p.slice(1);
  }
  if (!passesGoMatchCheck(p)) throw contextError('syntax error in pattern');
  return { pattern: p, exclusion, line, text };
}

/** Parses an ignore file into rules, failing as the build would on a bad pattern. */
export function parseDockerignore(text: string): IgnoreRule[] {
  return readIgnorePatterns(text).flatMap(({ pattern, line, text: written }) => ignoreRule(pattern, line, written) ?? []);
}

/**
 * The syntax check `patternmatcher.New` makes by calling Go's filepath.Match(pattern, "."), which
 * is lazy: it validates each `*`-separated chunk it tries, and gives up without looking further
 * at the first chunk that cannot match. So `[` fails, but `x*[` passes (its regexp is then
 * rejected when the rule is first evaluated).
 */
function passesGoMatchCheck(pattern: string): boolean {
  return goFilepathMatch(Array.from(pattern), ['.']) !== undefined;
}

/** Go's filepath.Match on Unix: whether `name` matches, or undefined for ErrBadPattern. */
function goFilepathMatch(p: readonly string[], name: readonly string[]): boolean | undefined {
  let i = 0;
  chunks: while (i < p.length) {
    let star = false;
    for (; p[i] === '*'; i++) star = true;
    const start = i;
    let inRange = false;
    for (; i < p.length && (p[i] !== '*' || inRange); i++) {
      if (p[i] === '\\' && i + 1 < p.length) i++;
      else if (p[i] === '[') inRange = true;
      else if (p[i] === ']') inRange = false;
    }
    const chunk = p.slice(start, i);
    // A trailing star matches the rest of a name without a slash.
    if (star && chunk.length === 0) return !name.includes('/');
    const rest = matchChunk(chunk, name);
    if (rest === undefined) return undefined;
    if (rest !== false && (rest.length === 0 || i < p.length)) {
      name = rest;
      continue;
    }
    // After a star the chunk may start further on, but not past a slash.
    for (let skip = 1; star && skip <= name.length && name[skip - 1] !== '/'; skip++) {
      const later = matchChunk(chunk, name.slice(skip));
      if (later === undefined) return undefined;
      if (later !== false && (i < p.length || later.length === 0)) {
        name = later;
        continue chunks;
      }
    }
    return false;
  }
  return name.length === 0;
}

/**
 * One chunk (no `*`) against the start of `s`: the rest of `s`, false for no match, or undefined
 * for a malformed chunk. Once the match has failed the chunk is still read to the end, checking
 * its syntax: a trailing `\`, or a class that is empty, unclosed or has an item starting with
 * `-` or `]`, is an error.
 */
function matchChunk(chunk: readonly string[], s: readonly string[]): readonly string[] | false | undefined {
  let failed = false;
  let j = 0;
  let k = 0;
  // A possibly escaped class character; a class must go on after it.
  const classChar = (): number | undefined => {
    if (j >= chunk.length || chunk[j] === '-' || chunk[j] === ']') return undefined;
    if (chunk[j] === '\\' && ++j >= chunk.length) return undefined;
    const c = chunk[j++]!.codePointAt(0)!;
    return j < chunk.length ? c : undefined;
  };
  while (j < chunk.length) {
    if (k >= s.length) failed = true;
    const c = chunk[j]!;
    if (c === '[') {
      const r = failed ? undefined : s[k++]!.codePointAt(0)!;
      j++;
      const negated = chunk[j] === '^';
      if (negated) j++;
      let matched = false;
      for (let items = 0; !(chunk[j] === ']' && items > 0); items++) {
        const lo = classChar();
        if (lo === undefined) return undefined;
        let hi = lo;
        if (chunk[j] === '-') {
          j++;
          const upper = classChar();
          if (upper === undefined) return undefined;
          hi = upper;
        }
        if (r !== undefined && lo <= r && r <= hi) matched = true;
      }
      j++;
      if (matched === negated) failed = true;
    } else if (c === '?') {
      if (!failed && s[k++] === '/') failed = true;
      j++;
    } else {
      if (c === '\\' && ++j >= chunk.length) return undefined;
      if (!failed && chunk[j] !== s[k++]) failed = true;
      j++;
    }
  }
  return failed ? false : s.slice(k);
}

/**
 * patternmatcher's compiler: plain patterns compare as strings, `x/**` by prefix, `**` + plain text
 * by suffix, anything else through a Go regexp in which `*` and `?` stop at `/` and `**` spans
 * directories. `[`, `]`, `^`, `|`, `{`, `}` and backslash pairs pass into the regexp untouched.
 */
export function compileIgnorePattern(pattern: string): CompiledPattern {
  const s = Array.from(pattern);
  // Go's text/scanner skips a byte-order mark at the start, so it never reaches the regexp.
  let pos = s[0] === '\uFEFF' ? 1 : 0;
  let regexp = '^';
  let kind: CompiledPattern['kind'] = 'exact';
  for (let i = 0; pos < s.length; i++) {
    const ch = s[pos++]!;
    if (ch === '*' && s[pos] === '*') {
      pos++;
      if (s[pos] === '/') pos++;
      if (pos === s.length) {
        if (kind === 'exact') kind = 'prefix';
        else {
          regexp += '.*';
          kind = 'regexp';
        }
      } else {
        regexp += '(.*/)?';
        kind = 'regexp';
      }
      if (i === 0) kind = 'suffix';
    } else if (ch === '*') {
      regexp += '[^/]*';
      kind = 'regexp';
    } else if (ch === '?') {
      regexp += '[^/]';
      kind = 'regexp';
    } else if ('.+()$'.includes(ch)) {
      // patternmatcher means to escape `.+()|{}$` too, but its 8-byte bitmap only holds
      // characters below 64, so `|`, `{` and `}` reach the regexp unescaped.
      regexp += `\\${ch}`;
    } else if (ch === '\\') {
      if (pos < s.length) {
        regexp += `\\${s[pos++]!}`;
        kind = 'regexp';
      } else regexp += '\\';
    } else if (ch === '[' || ch === ']') {
      regexp += ch;
      kind = 'regexp';
    } else regexp += ch;
  }
  return { kind, regexp: `${regexp}$` };
}

type Test = (path: string) => boolean;

function tester(rule: IgnoreRule): Test {
  const { kind, regexp } = compileIgnorePattern(rule.pattern);
  switch (kind) {
    case 'exact':
      return (path) => path === rule.pattern;
    case 'prefix': {
      const prefix = rule.pattern.slice(0, -2);
      return (path) => path.startsWith(prefix);
    }
    case 'suffix': {
      // Go slices the two bytes of `**` off the front; behind a BOM that cuts into the BOM
      // itself and leaves a suffix that no valid path ends with.
      if (rule.pattern.startsWith('\uFEFF')) return () => false;
      const suffix = rule.pattern.slice(2);
      return (path) => path.endsWith(suffix) || (suffix.startsWith('/') && path === suffix.slice(1));
    }
    case 'regexp': {
      // Go compiles lazily and fails only when the rule is first evaluated, so an expression
      // its regexp package rejects (`[z-a]`, `\q`) errors at that point and not before.
      const compiled = GoRegexp.compile(regexp);
      return compiled
        ? (path) => compiled.test(path)
        : () => {
            throw contextError('syntax error in pattern');
          };
    }
  }
}

/**
 * The rules of one ignore file, applied in order (the last rule that matches decides). Paths are
 * clean, slash-separated and relative to the context root.
 */
export class IgnoreMatcher {
  private readonly tests: readonly Test[];
  private readonly exceptions: readonly IgnoreRule[];

  constructor(readonly rules: readonly IgnoreRule[]) {
    this.tests = rules.map(tester);
    this.exceptions = rules.filter((rule) => rule.exclusion);
  }

  /**
   * The decision a context walker makes for `path` (patternmatcher's MatchesUsingParentResults,
   * used by BuildKit's fsutil and the classic CLI alike). Pass the parent directory's decision to
   * continue a walk; without it the ancestors are evaluated first, as a walker would have.
   * A rule matched by a parent stays matched below it, and a rule is only evaluated when it could
   * change the outcome so far, which can differ from `matchOrParent` when rules repeat.
   * @throws DockerfileError `syntax error in pattern` when an evaluated rule's regexp is invalid.
   */
  match(path: string, parent?: IgnoreDecision): IgnoreDecision {
    if (parent) return this.step(path, parent.matched);
    let inherited: readonly boolean[] | undefined;
    for (const ancestor of ancestors(path)) inherited = this.step(ancestor, inherited).matched;
    return this.step(path, inherited);
  }

  private step(path: string, inherited: readonly boolean[] | undefined): IgnoreDecision {
    let excluded = false;
    let rule: IgnoreRule | undefined;
    const matched = this.rules.map((candidate, i) => {
      let hit = inherited?.[i] ?? false;
      if (!hit) {
        // A rule that cannot change the outcome is skipped, and not recorded for the children.
        if (candidate.exclusion !== excluded) return false;
        hit = this.tests[i]!(path);
      }
      if (hit) {
        excluded = !candidate.exclusion;
        rule = candidate;
      }
      return hit;
    });
    return { excluded, rule, matched };
  }

  /**
   * patternmatcher's MatchesOrParentMatches: a rule matches if it matches the path or any parent
   * directory. BuildKit's client uses it when it opens a file to send its content (a file the walk
   * keeps but this excludes arrives empty); the classic daemon uses it to drop the Dockerfile and
   * `.dockerignore` from the context.
   */
  matchOrParent(path: string): IgnoreVerdict {
    const parents = ancestors(path);
    return this.verdict(path, (i) => parents.some((parent) => this.tests[i]!(parent)));
  }

  /**
   * patternmatcher's deprecated Matches, which checks only the parent as deep as the pattern: the
   * classic CLI uses it to decide whether to add `!.dockerignore` and `!<Dockerfile>` rules.
   */
  matchLegacy(path: string): IgnoreVerdict {
    const file = goClean(path);
    if (file === '.') return { excluded: false, rule: undefined };
    const parent = goDir(file);
    const parentDirs = parent.split('/');
    return this.verdict(file, (i) => {
      const depth = this.rules[i]!.pattern.split('/').length;
      return parent !== '.' && depth <= parentDirs.length && this.tests[i]!(parentDirs.slice(0, depth).join('/'));
    });
  }

  /** Last-match-wins over the rules, evaluating the path itself first and then `viaParent`. */
  private verdict(path: string, viaParent: (i: number) => boolean): IgnoreVerdict {
    let excluded = false;
    let rule: IgnoreRule | undefined;
    this.rules.forEach((candidate, i) => {
      if (candidate.exclusion !== excluded) return;
      if (this.tests[i]!(path) || viaParent(i)) {
        excluded = !candidate.exclusion;
        rule = candidate;
      }
    });
    return { excluded, rule };
  }

  /**
   * Whether the walker must still descend into the excluded directory `dirPath`, because a `!` rule
   * might re-include something below it. BuildKit (fsutil) descends when a `!` pattern, less a
   * trailing `/**` or `/*`, starts with `dirPath/` — or into every excluded directory as soon as
   * any such pattern holds `*`, `?`, `[`, `]`, `^` or `\`. The classic CLI (moby pkg/archive) only
   * compares the whole `!` pattern as a prefix.
   */
  mayReincludeBelow(dirPath: string, builder: BuilderMode = 'buildkit'): boolean {
    const dirSlash = `${dirPath}/`;
    if (builder === 'classic') return this.exceptions.some((rule) => `${rule.pattern}/`.startsWith(dirSlash));
    const stems = this.exceptions.map((rule) => rule.pattern.replace(/\/\*\*$/, '').replace(/\/\*$/, ''));
    return stems.some((stem) => /[*?[\]^\\]/.test(stem) || `${stem}/`.startsWith(dirSlash));
  }
}

/** The parent directories of a path, outermost first, as patternmatcher splits filepath.Dir. */
function ancestors(path: string): string[] {
  const parent = goDir(path);
  if (parent === '.') return [];
  const dirs = parent.split('/');
  return dirs.map((_, i) => dirs.slice(0, i + 1).join('/'));
}

/**
 * Which ignore file applies. BuildKit's Dockerfile frontend reads `<Dockerfile>.dockerignore` from
 * beside the Dockerfile when it exists (an empty one included) and the context's `.dockerignore`
 * otherwise; the classic builder knows only the context's `.dockerignore`.
 */
export function ignoreFileFor(
  dockerfileName: string,
  builder: BuilderMode,
  exists: (name: string) => boolean,
): string | undefined {
  const beside = `${dockerfileName}.dockerignore`;
  if (builder === 'buildkit' && exists(beside)) return beside;
  return exists('.dockerignore') ? '.dockerignore' : undefined;
}
