import { FsError, Unsupported } from '../errors.js';
import type { Node } from '../../fs/tree.js';
import { R, W, X } from '../vfs.js';
import type { CommandImpl, Invocation } from './types.js';

class TestSyntax extends Error {}

const UNARY_FILE = new Set(['-e', '-f', '-d', '-L', '-h', '-x', '-s', '-r', '-w', '-b', '-c', '-p', '-S', '-g', '-u', '-k']);
const UNARY_STRING = new Set(['-z', '-n']);
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge']);

/** `test` and `[` (ash's builtins): 0 true, 1 false, 2 for a malformed expression. */
export const test: CommandImpl = (inv) => {
  let args = inv.argv.slice(1);
  if (inv.argv[0] === '[') {
    if (args[args.length - 1] !== ']') {
      inv.io.stderr.write('sh: missing ]\n');
      return 2;
    }
    args = args.slice(0, -1);
  }
  try {
    return new Evaluator(inv, args).run() ? 0 : 1;
  } catch (error) {
    if (!(error instanceof TestSyntax)) throw error;
    inv.io.stderr.write(`sh: ${error.message}\n`);
    return 2;
  }
};

class Evaluator {
  private i = 0;
  constructor(
    private readonly inv: Invocation,
    private readonly args: string[],
  ) {}

  run(): boolean {
    if (this.args.length === 0) return false;
    const result = this.or();
    if (this.i < this.args.length) throw new TestSyntax(`${this.args[this.i]}: unknown operand`);
    return result;
  }

  private or(): boolean {
    let result = this.and();
    while (this.args[this.i] === '-o') {
      this.i++;
      result = this.and() || result;
    }
    return result;
  }

  private and(): boolean {
    let result = this.not();
    while (this.args[this.i] === '-a') {
      this.i++;
      result = this.not() && result;
    }
    return result;
  }

  private not(): boolean {
    const rest = this.args.length - this.i;
    if (this.args[this.i] === '!' && rest > 1) {
      this.i++;
      return !this.not();
    }
    return this.primary();
  }

  private primary(): boolean {
    const a = this.args;
    const first = a[this.i];
    if (first === undefined) throw new TestSyntax('argument expected');
    if (BINARY.has(a[this.i + 1] ?? '') && a[this.i + 2] !== undefined) {
      this.i += 3;
      return binary(first, a[this.i - 2]!, a[this.i - 1]!);
    }
    if (first === '(' && a.length - this.i > 1) {
      this.i++;
      const result = this.or();
      if (a[this.i] !== ')') throw new TestSyntax('closing paren expected');
      this.i++;
      return result;
    }
    if ((UNARY_FILE.has(first) || UNARY_STRING.has(first)) && a[this.i + 1] !== undefined) {
      this.i += 2;
      const operand = a[this.i - 1]!;
      if (first === '-z') return operand === '';
      if (first === '-n') return operand !== '';
      return this.file(first, operand);
    }
    if (/^-[a-zA-Z]$/.test(first) && a[this.i + 1] !== undefined && !BINARY.has(a[this.i + 1]!)) {
      throw new Unsupported('', `test ${first}`);
    }
    this.i++;
    return first !== '';
  }

  /** File tests as access(2) answers them for the caller (root reads and writes anything). */
  private file(op: string, path: string): boolean {
    let node: Node;
    try {
      node = this.inv.shell.fs.stat(path, op !== '-L' && op !== '-h').node;
    } catch (error) {
      if (error instanceof FsError) return false;
      throw error;
    }
    const fs = this.inv.shell.fs;
    switch (op) {
      case '-e':
        return true;
      case '-r':
        return fs.may(node, R);
      case '-w':
        return fs.may(node, W);
      case '-f':
        return node.type === 'file';
      case '-d':
        return node.type === 'dir';
      case '-L':
      case '-h':
        return node.type === 'symlink';
      case '-x':
        // busybox's own rule for root: any x bit, directories included.
        return this.inv.shell.proc.uid === 0 ? (node.mode & 0o111) !== 0 : fs.may(node, X);
      case '-s':
        return node.type === 'dir' || (node.type === 'file' && node.content.size > 0) || node.type === 'symlink';
      case '-u':
        return (node.mode & 0o4000) !== 0;
      case '-g':
        return (node.mode & 0o2000) !== 0;
      case '-k':
        return (node.mode & 0o1000) !== 0;
      default:
        // -b -c -p -S: the tree has no devices, fifos or sockets.
        return false;
    }
  }
}

function binary(left: string, op: string, right: string): boolean {
  switch (op) {
    case '=':
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return Buffer.compare(Buffer.from(left), Buffer.from(right)) < 0;
    case '>':
      return Buffer.compare(Buffer.from(left), Buffer.from(right)) > 0;
  }
  const l = integer(left);
  const r = integer(right);
  switch (op) {
    case '-eq':
      return l === r;
    case '-ne':
      return l !== r;
    case '-lt':
      return l < r;
    case '-le':
      return l <= r;
    case '-gt':
      return l > r;
    default:
      return l >= r;
  }
}

function integer(text: string): bigint {
  const m = /^\s*([+-]?\d+)\s*$/.exec(text);
  if (!m) throw new TestSyntax(`${text}: bad number`);
  return BigInt(m[1]!);
}
