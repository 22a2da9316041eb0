/**
 * Framework-neutral matchers for `BuildResult`s: plain functions `(received, ...args) =>
 * { pass, message }` that Jest's and Vitest's `expect.extend` take as they are (see
 * `dockerfile-sim/vitest` and `dockerfile-sim/jest`), and that can be called directly too.
 */
import type { ContentSpec } from './content.js';
import type { FailureExpectation } from './toFailWith.js';
import type { FileExpectation } from './toHaveFile.js';
import type { DirectoryExpectation } from './toHaveDirectory.js';
import { toExposePort } from './toExposePort.js';
import { toFailWith } from './toFailWith.js';
import { toHaveBuiltStages } from './toHaveBuiltStages.js';
import { toHaveCmd } from './toHaveCmd.js';
import { toHaveDirectory } from './toHaveDirectory.js';
import { toHaveEntrypoint } from './toHaveEntrypoint.js';
import { toHaveEnv } from './toHaveEnv.js';
import { toHaveFile } from './toHaveFile.js';
import { toHaveLabel } from './toHaveLabel.js';
import { toHaveSymlink } from './toHaveSymlink.js';
import { toHaveUser } from './toHaveUser.js';
import { toHaveWorkdir } from './toHaveWorkdir.js';

export {
  toExposePort,
  toFailWith,
  toHaveBuiltStages,
  toHaveCmd,
  toHaveDirectory,
  toHaveEntrypoint,
  toHaveEnv,
  toHaveFile,
  toHaveLabel,
  toHaveSymlink,
  toHaveUser,
  toHaveWorkdir,
};
export { imageTreeSerializer } from './serializer.js';
export type { SnapshotSerializer } from './serializer.js';
export type { MatcherContext, MatcherResult } from './messages.js';
export type { ModeSpec } from './modes.js';
export type { OwnerSpec } from './owners.js';
export type { ContentSpec, DirectoryExpectation, FailureExpectation, FileExpectation };

/** All matchers, keyed by name, for `expect.extend(matchers)`. */
export const matchers = {
  toHaveFile,
  toHaveDirectory,
  toHaveSymlink,
  toHaveEnv,
  toHaveLabel,
  toHaveUser,
  toHaveWorkdir,
  toHaveCmd,
  toHaveEntrypoint,
  toExposePort,
  toHaveBuiltStages,
  toFailWith,
};

/**
 * The matchers as they read on `expect(result)`, for module augmentation; `R` is what each
 * returns in the framework's types (`void` for Vitest's and Jest's assertions).
 */
export interface DockerfileSimMatchers<R = unknown> {
  /** The image has a regular file at `path` (symlinks followed), with the content, mode and owner given. */
  toHaveFile(path: string, expected?: FileExpectation): R;
  /** The image has a directory at `path` (symlinks followed), with the mode and owner given. */
  toHaveDirectory(path: string, expected?: DirectoryExpectation): R;
  /** `path` is a symlink, with the link text `target` when given. */
  toHaveSymlink(path: string, target?: string): R;
  /** Env sets `key`, to `value` (exact) or to a value matching the RegExp when given. */
  toHaveEnv(key: string, value?: string | RegExp): R;
  /** Labels has `key`, with `value` (exact) or a value matching the RegExp when given. */
  toHaveLabel(key: string, value?: string | RegExp): R;
  /** User is `user`, by text or by the uid/gid the image's /etc/passwd gives it; no USER is root. */
  toHaveUser(user: string | number): R;
  /** WorkingDir is `dir`; no WORKDIR is `/`. */
  toHaveWorkdir(dir: string): R;
  /** Cmd is exactly `argv`. */
  toHaveCmd(argv: readonly string[]): R;
  /** Entrypoint is exactly `argv`. */
  toHaveEntrypoint(argv: readonly string[]): R;
  /** ExposedPorts has the port; a bare number is TCP. */
  toExposePort(port: number | `${number}` | `${number}/${'tcp' | 'udp' | 'sctp'}`): R;
  /** The stages that run are exactly `names`, in build order. */
  toHaveBuiltStages(names: readonly string[]): R;
  /** The build fails with that FailureCode, a message containing that text, or one matching that RegExp; at `line` when given. */
  toFailWith(expected: string | RegExp, options?: FailureExpectation): R;
}
