import { Unsupported } from '../errors.js';
import { setOptions } from './builtins.js';
import { complain, type CommandImpl } from './types.js';

/**
 * sh [-eux] [-o OPT] -c SCRIPT [ARG0 [ARG...]] | FILE [ARG...] | (script on standard input):
 * a new shell process that sees only the exported environment.
 */
export const sh: CommandImpl = (inv) => {
  const args = inv.argv.slice(1);
  let command = false;
  const optionArgs: string[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--' || arg === '-') {
      i++;
      break;
    }
    if (!/^[-+]./.test(arg)) break;
    if (arg === '-o' || arg === '+o') {
      optionArgs.push(arg, args[++i] ?? '');
      continue;
    }
    if (arg.includes('c') && arg[0] === '-') command = true;
    const rest = arg.replace(/c/g, '');
    if (rest.length > 1) optionArgs.push(rest);
  }
  const operands = args.slice(i);
  const child = inv.shell.spawn(inv.env, inv.argv[0]!, []);
  setOptions(optionArgs, child.opts);
  if (command) {
    const script = operands[0];
    if (script === undefined) {
      complain(inv, "-c requires an argument");
      return 2;
    }
    child.commandMode = true;
    if (operands.length > 1) child.argv0 = operands[1]!;
    child.args = operands.slice(2);
    return child.runSource(script, inv.io);
  }
  if (operands.length === 0) return child.runSource(inv.io.stdin.toString('utf8'), { ...inv.io, stdin: Buffer.alloc(0) });
  const file = operands[0]!;
  let source: string;
  try {
    const { node } = inv.shell.fs.stat(file);
    if (node.type !== 'file') throw new Unsupported('', `sh ${file}`);
    source = inv.shell.fs.readFile(node, file).toString('utf8');
  } catch (error) {
    if (error instanceof Unsupported) throw error;
    inv.io.stderr.write(`${inv.argv[0]}: can't open '${file}': No such file or directory\n`);
    return 127;
  }
  child.argv0 = file;
  child.args = operands.slice(1);
  return child.runSource(source, inv.io);
};
