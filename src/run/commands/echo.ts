import { expandEscapes } from './escapes.js';
import type { CommandImpl } from './types.js';

/** busybox echo (ash's builtin): leading args made only of `n`, `e`, `E` are options; no escapes without -e. */
export const echo: CommandImpl = (inv) => {
  let newline = true;
  let escapes = false;
  let i = 1;
  for (; i < inv.argv.length; i++) {
    const arg = inv.argv[i]!;
    if (!/^-[neE]+$/.test(arg)) break;
    for (const letter of arg.slice(1)) {
      if (letter === 'n') newline = false;
      else escapes = letter === 'e';
    }
  }
  const text = inv.argv.slice(i).join(' ');
  if (!escapes) {
    inv.io.stdout.write(text + (newline ? '\n' : ''));
    return 0;
  }
  const { bytes, stop } = expandEscapes(text);
  inv.io.stdout.write(stop || !newline ? bytes : Buffer.concat([bytes, Buffer.from('\n')]));
  return 0;
};
