/** The parsed form of a script: the subset of the POSIX sh grammar that the emulator runs. */

export type WordPart =
  | { readonly kind: 'literal'; readonly text: string; readonly quoted: boolean }
  | { readonly kind: 'param'; readonly name: string; readonly op?: ParamOp; readonly arg?: Word; readonly quoted: boolean }
  | { readonly kind: 'command'; readonly body: Script; readonly text: string; readonly quoted: boolean }
  /** `~` or `~user` at the start of a word. */
  | { readonly kind: 'tilde'; readonly user: string };

/** `${#v}` is `length`; the rest are written as in the source (`:-`, `#`, `%%`, ...). */
export type ParamOp = 'length' | ':-' | '-' | ':=' | '=' | ':+' | '+' | ':?' | '?' | '#' | '##' | '%' | '%%';

export interface Word {
  readonly parts: readonly WordPart[];
  /** The word as written, for messages and `unsupported` reports. */
  readonly text: string;
}

export type RedirectOp = '>' | '>>' | '>|' | '<' | '<>' | '>&' | '<&';

export type Redirect =
  | { readonly kind: 'file'; readonly fd: number; readonly op: RedirectOp; readonly target: Word }
  | { readonly kind: 'heredoc'; readonly fd: number; readonly body: Word };

export interface Assignment {
  readonly name: string;
  readonly value: Word;
}

export interface SimpleCommand {
  readonly kind: 'simple';
  readonly assignments: readonly Assignment[];
  readonly words: readonly Word[];
  readonly redirects: readonly Redirect[];
  readonly text: string;
  /** Newlines before it in its source: the `line N` of ash's builtin errors. */
  readonly line: number;
}

export type Command =
  | SimpleCommand
  | { readonly kind: 'group'; readonly body: Script; readonly redirects: readonly Redirect[]; readonly text: string }
  | { readonly kind: 'subshell'; readonly body: Script; readonly redirects: readonly Redirect[]; readonly text: string }
  | {
      readonly kind: 'if';
      readonly branches: readonly { readonly test: Script; readonly body: Script }[];
      readonly otherwise: Script | undefined;
      readonly redirects: readonly Redirect[];
      readonly text: string;
    }
  | {
      readonly kind: 'for';
      readonly name: string;
      /** Undefined for `for x; do`, which walks the positional parameters. */
      readonly items: readonly Word[] | undefined;
      readonly body: Script;
      readonly redirects: readonly Redirect[];
      readonly text: string;
    }
  | {
      readonly kind: 'while';
      readonly until: boolean;
      readonly test: Script;
      readonly body: Script;
      readonly redirects: readonly Redirect[];
      readonly text: string;
    }
  | {
      readonly kind: 'case';
      readonly subject: Word;
      readonly arms: readonly { readonly patterns: readonly Word[]; readonly body: Script }[];
      readonly redirects: readonly Redirect[];
      readonly text: string;
    };

export interface Pipeline {
  readonly negated: boolean;
  readonly commands: readonly Command[];
  readonly text: string;
}

export interface AndOr {
  readonly first: Pipeline;
  readonly rest: readonly { readonly op: '&&' | '||'; readonly pipeline: Pipeline }[];
}

export interface Script {
  readonly items: readonly AndOr[];
}
