import type { SourceRange } from './source.js';

/**
 * A word as written in the Dockerfile, not yet variable-expanded (expansion happens when the
 * instruction runs, against the stage's environment, as BuildKit does).
 */
export interface Word {
  readonly text: string;
  readonly range: SourceRange;
}

/** A flag such as `--from=build`; `value` is undefined for a bare boolean flag (`--link`). */
export interface Flag {
  readonly name: string;
  readonly value: string | undefined;
  readonly range: SourceRange;
}

/** A here-document attached to RUN, COPY or ADD. */
export interface Heredoc {
  /** The delimiter with quotes removed; for COPY/ADD it is also the file name. */
  readonly name: string;
  /** The body, each line ending in a newline, tabs already stripped for `<<-`. */
  readonly content: string;
  /** True when the delimiter was unquoted, so the body is variable-expanded (COPY/ADD only). */
  readonly expand: boolean;
  /** Optional file descriptor before `<<` (`3<<EOF`). */
  readonly fd: number | undefined;
}

/** A command in exec form (a JSON array) or shell form (the rest of the line). */
export type CommandLine =
  | { readonly form: 'exec'; readonly args: readonly string[] }
  | { readonly form: 'shell'; readonly text: string };

interface Base<K extends string> {
  readonly kind: K;
  /** The whole instruction, from its keyword to the end of its last line (heredoc bodies included). */
  readonly range: SourceRange;
  /** The keyword as written (`copy`, `COPY`). */
  readonly keyword: string;
  /** The instruction's text as written, continuation lines joined (what BuildKit shows in progress). */
  readonly original: string;
  /** All flags in order, as parsed; the typed fields below interpret them. */
  readonly flags: readonly Flag[];
}

export interface FromInstruction extends Base<'FROM'> {
  readonly image: Word;
  /** The stage name as written after AS (not lower-cased), if any. */
  readonly stageName: Word | undefined;
  readonly platform: Flag | undefined;
}

export interface CopyInstruction extends Base<'COPY'> {
  readonly sources: readonly Word[];
  readonly destination: Word;
  readonly heredocs: readonly Heredoc[];
  readonly from: Flag | undefined;
  readonly chown: Flag | undefined;
  readonly chmod: Flag | undefined;
  readonly link: boolean;
  readonly parents: boolean;
  readonly exclude: readonly Flag[];
}

export interface AddInstruction extends Base<'ADD'> {
  readonly sources: readonly Word[];
  readonly destination: Word;
  readonly heredocs: readonly Heredoc[];
  readonly chown: Flag | undefined;
  readonly chmod: Flag | undefined;
  readonly link: boolean;
  readonly exclude: readonly Flag[];
  readonly checksum: Flag | undefined;
  readonly keepGitDir: boolean;
  readonly unpack: boolean | undefined;
}

/** One `--mount=...` of RUN, its comma-separated key/value pairs unparsed beyond splitting. */
export interface RunMount {
  readonly raw: string;
  readonly options: ReadonlyMap<string, string>;
}

export interface RunInstruction extends Base<'RUN'> {
  readonly command: CommandLine;
  readonly heredocs: readonly Heredoc[];
  readonly mounts: readonly RunMount[];
  readonly network: Flag | undefined;
  readonly security: Flag | undefined;
}

export interface CmdInstruction extends Base<'CMD'> {
  readonly command: CommandLine;
}

export interface EntrypointInstruction extends Base<'ENTRYPOINT'> {
  readonly command: CommandLine;
}

export interface ShellInstruction extends Base<'SHELL'> {
  readonly shell: readonly string[];
}

/** A `key=value` pair of ENV or LABEL, both sides still unexpanded (quotes kept). */
export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

export interface EnvInstruction extends Base<'ENV'> {
  readonly pairs: readonly KeyValue[];
  /** True for the legacy `ENV key value` form. */
  readonly legacy: boolean;
}

export interface LabelInstruction extends Base<'LABEL'> {
  readonly pairs: readonly KeyValue[];
  readonly legacy: boolean;
}

/** One declaration of ARG: `NAME` or `NAME=default` (default unexpanded, quotes kept). */
export interface ArgDeclaration {
  readonly name: string;
  readonly defaultValue: string | undefined;
}

export interface ArgInstruction extends Base<'ARG'> {
  readonly args: readonly ArgDeclaration[];
}

export interface WorkdirInstruction extends Base<'WORKDIR'> {
  readonly path: Word;
}

export interface UserInstruction extends Base<'USER'> {
  readonly user: Word;
}

export interface ExposeInstruction extends Base<'EXPOSE'> {
  readonly ports: readonly Word[];
}

export interface VolumeInstruction extends Base<'VOLUME'> {
  readonly volumes: readonly Word[];
}

export interface StopsignalInstruction extends Base<'STOPSIGNAL'> {
  readonly signal: Word;
}

export interface HealthcheckInstruction extends Base<'HEALTHCHECK'> {
  /** `NONE`, or CMD with its command. */
  readonly test: { readonly type: 'NONE' } | { readonly type: 'CMD'; readonly command: CommandLine };
  /** Durations in nanoseconds, 0 when not given (Docker's "unset"). */
  readonly interval: number;
  readonly timeout: number;
  readonly startPeriod: number;
  readonly startInterval: number;
  readonly retries: number;
}

export interface OnbuildInstruction extends Base<'ONBUILD'> {
  /** The trigger's text as stored in the image config (`COPY . /app`). */
  readonly trigger: string;
  /**
   * The trigger parsed as an instruction (positions point at the ONBUILD line); undefined when
   * it does not decode, which Docker accepts here and reports only where the trigger runs.
   */
  readonly instruction: Instruction | undefined;
}

export interface MaintainerInstruction extends Base<'MAINTAINER'> {
  readonly maintainer: string;
}

export type Instruction =
  | FromInstruction
  | CopyInstruction
  | AddInstruction
  | RunInstruction
  | CmdInstruction
  | EntrypointInstruction
  | ShellInstruction
  | EnvInstruction
  | LabelInstruction
  | ArgInstruction
  | WorkdirInstruction
  | UserInstruction
  | ExposeInstruction
  | VolumeInstruction
  | StopsignalInstruction
  | HealthcheckInstruction
  | OnbuildInstruction
  | MaintainerInstruction;

export type InstructionKind = Instruction['kind'];

/** Parser directives found at the top of the file. */
export interface Directives {
  readonly syntax: string | undefined;
  readonly escape: '\\' | '`';
  readonly check: string | undefined;
}

/** A parsed Dockerfile: directives, instructions in file order, and parser warnings. */
export interface ParsedDockerfile {
  readonly directives: Directives;
  readonly instructions: readonly Instruction[];
  readonly warnings: readonly ParseWarning[];
}

export interface ParseWarning {
  readonly message: string;
  readonly range: SourceRange;
}
