/**
 * The run-effects declarations: what RUN steps the emulator cannot run (package managers,
 * compilers, downloads) leave behind, as the user declares it. One format for the API
 * (`emulate({ runEffects })`) and the CLI (`--run-effects FILE`, JSON or YAML).
 */
export interface RunEffects {
  /** Paths a stage holds when it finishes, by stage name (case-insensitive), `stage-N` or index. */
  readonly stages?: Readonly<Record<string, StageEffects>>;
  /** What single RUN steps do, matched by their command text; the first matching entry applies. */
  readonly runs?: readonly RunEffect[];
}

/** What a stage is known to hold when it finishes. */
export interface StageEffects {
  /** Each entry replaces what is at its path when the stage finishes; `COPY --from` below it is exact. */
  readonly produces: readonly EntryEffect[];
}

/** A file or directory tree at an absolute path: inline `content`, or copied `from` the host. */
export interface EntryEffect {
  readonly path: string;
  /** A host file or folder (copied recursively with its files' modes; symlinks stay symlinks). */
  readonly from?: string;
  /** The text of a regular file. */
  readonly content?: string;
  /** Octal mode of the files, as a string (`"0755"`); default the host file's mode, or 0644 for `content`. Directories are 0755. */
  readonly mode?: string;
  /** `"uid:gid"` or `"uid"` (numeric) of every entry; default `0:0`. */
  readonly owner?: string | number;
}

/** A directory a RUN makes (`mkdir -p`): kept with its metadata when it exists, unless `mode`/`owner` are given. */
export interface DirEffect {
  readonly path: string;
  /** Octal mode as a string; default 0755 for a new directory. */
  readonly mode?: string;
  readonly owner?: string | number;
}

/** A symbolic link a RUN makes. */
export interface LinkEffect {
  readonly path: string;
  readonly target: string;
  readonly owner?: string | number;
}

/**
 * The effect of the RUN steps it matches. Exactly one of `match` (the whole command text) or
 * `regex` (a JavaScript regular expression searched in it). The command text is the shell-form
 * text as written (heredoc bodies and their delimiters follow on new lines), or the exec-form
 * arguments joined by spaces; whitespace runs count as one space on both sides of `match`, and
 * `regex` is tested against the text with its whitespace so collapsed.
 */
export interface RunEffect {
  readonly match?: string;
  readonly regex?: string;
  /** Only RUN steps of this stage (name, `stage-N` or index). */
  readonly stage?: string | number;
  /** Applied in this order: `delete`, `dirs`, `files`, `links`; missing parents are made 0755 root. */
  readonly delete?: readonly string[];
  readonly dirs?: readonly DirEffect[];
  readonly files?: readonly EntryEffect[];
  readonly links?: readonly LinkEffect[];
}
