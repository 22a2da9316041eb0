/** Thrown where the script does something the emulator cannot model; the run stops there. */
export class Unsupported extends Error {
  constructor(
    readonly command: string,
    readonly reason: string,
  ) {
    super(`${reason}: ${command}`);
  }
}

/** `exit`, or `set -e` after a failure: unwinds to the top of the script (or of a subshell). */
export class ExitSignal {
  constructor(readonly code: number) {}
}

/** `break N` / `continue N` unwinding to their loop. */
export class LoopSignal {
  constructor(
    readonly kind: 'break' | 'continue',
    public levels: number,
  ) {}
}

/** A failed system call, with the errno text busybox prints after it. */
export class FsError extends Error {
  constructor(
    readonly code: ErrnoCode,
    readonly path: string,
  ) {
    super(ERRNO_TEXT[code]);
  }
}

const ERRNO_TEXT = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EEXIST: 'File exists',
  EISDIR: 'Is a directory',
  ENOTEMPTY: 'Directory not empty',
  ELOOP: 'Too many levels of symbolic links',
  EINVAL: 'Invalid argument',
  EBUSY: 'Resource busy',
  EXDEV: 'Invalid cross-device link',
  EPERM: 'Operation not permitted',
  EACCES: 'Permission denied',
} as const;
export type ErrnoCode = keyof typeof ERRNO_TEXT;
