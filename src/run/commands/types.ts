import type { Io } from '../io.js';
import type { Shell } from '../shell.js';

/** One run of a command: its argv (argv[0] as invoked), streams, environment and the shell that started it. */
export interface Invocation {
  readonly argv: readonly string[];
  readonly io: Io;
  readonly shell: Shell;
  readonly env: ReadonlyMap<string, string>;
}

/** Runs a command; returns its exit status. */
export type CommandImpl = (inv: Invocation) => number;

/** `applet: message` on stderr, as bb_error_msg writes it (the applet's name, whatever path ran it). */
export function complain(inv: Invocation, message: string): void {
  const applet = inv.argv[0]!.slice(inv.argv[0]!.lastIndexOf('/') + 1);
  inv.io.stderr.write(`${applet}: ${message}\n`);
}
