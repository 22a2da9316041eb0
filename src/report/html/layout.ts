/** A node to place: its id, its label (sized by length) and the ids of the nodes it needs. */
export interface LayoutInput {
  readonly id: string;
  readonly label: string;
  readonly needs: readonly string[];
  /** A source (an external image): placed in the column just before its first user, not in the first column. */
  readonly floating?: boolean;
}

export interface PlacedNode {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly layer: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Layout {
  readonly nodes: ReadonlyMap<string, PlacedNode>;
  /** Per `needed>needer` pair, the points an edge passes through between the columns it spans. */
  readonly bends: ReadonlyMap<string, readonly Point[]>;
  readonly width: number;
  readonly height: number;
}

const CHAR_WIDTH = 7.4; // 13px sans-serif, measured loosely; labels get padding on top
const NODE_HEIGHT = 36;
const ROW_GAP = 28;
const MARGIN = 20;

/**
 * A left-to-right layered layout (Sugiyama-style, kept small): a node's layer is one more than
 * the deepest node it needs; an edge that spans several layers gets a dummy node in each layer
 * between, so that it bends around the nodes there; each layer is ordered by barycenter sweeps
 * to cut crossings; columns are as wide as their widest label and centred vertically.
 */
export function layeredLayout(input: readonly LayoutInput[], options: { readonly layerGap?: number } = {}): Layout {
  const layerGap = options.layerGap ?? 150;
  const byId = new Map(input.map((n) => [n.id, n]));
  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (id: string): number => {
    const known = layer.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0; // a cycle (a plan that fails): break it anywhere
    visiting.add(id);
    const needs = byId.get(id)?.needs.filter((n) => byId.has(n) && !byId.get(n)!.floating) ?? [];
    const floats = byId.get(id)?.needs.some((n) => byId.get(n)?.floating) ?? false;
    // A stage FROM an image starts in the second column, its image in the first.
    const d = needs.length === 0 ? (floats ? 1 : 0) : 1 + Math.max(...needs.map(depth));
    visiting.delete(id);
    layer.set(id, d);
    return d;
  };
  input.filter((n) => !n.floating).forEach((n) => depth(n.id));
  for (const n of input.filter((m) => m.floating)) {
    const users = input.filter((m) => m.needs.includes(n.id)).map((m) => layer.get(m.id) ?? 1);
    layer.set(n.id, Math.max(0, Math.min(...users, Infinity) - 1));
  }
  // No empty first column when nothing starts there.
  const shift = Math.min(...layer.values());
  for (const [id, l] of layer) layer.set(id, l - shift);

  // Dummy nodes: edge `m>n` spanning layers gets `m>n#k` in each layer between.
  const chains = new Map<string, string[]>();
  const neighbours = new Map<string, string[]>(input.map((n) => [n.id, []]));
  const link = (a: string, b: string): void => {
    neighbours.get(a)!.push(b);
    neighbours.get(b)!.push(a);
  };
  for (const n of input) {
    for (const m of new Set(n.needs)) {
      if (!byId.has(m)) continue;
      const from = layer.get(m)!;
      const to = layer.get(n.id)!;
      const chain: string[] = [];
      let previous = m;
      for (let l = from + 1; l < to; l++) {
        const dummy = `${m}>${n.id}#${l}`;
        layer.set(dummy, l);
        neighbours.set(dummy, []);
        link(previous, dummy);
        chain.push(dummy);
        previous = dummy;
      }
      link(previous, n.id);
      chains.set(`${m}>${n.id}`, chain);
    }
  }

  const layers: string[][] = [];
  for (const [id, l] of layer) (layers[l] ??= []).push(id);
  for (let i = 0; i < layers.length; i++) layers[i] ??= [];
  const sweep = (from: number, to: number, step: number): void => {
    for (let i = from; i !== to; i += step) {
      const pos = new Map(layers[i - step]!.map((id, k) => [id, k]));
      const current = layers[i]!;
      const bary = new Map(
        current.map((id, k) => {
          const ks = neighbours.get(id)!.flatMap((m) => (pos.has(m) ? [pos.get(m)!] : []));
          return [id, ks.length === 0 ? k : ks.reduce((a, b) => a + b, 0) / ks.length];
        }),
      );
      current.sort((a, b) => bary.get(a)! - bary.get(b)!);
    }
  };
  for (let pass = 0; pass < 3; pass++) {
    sweep(1, layers.length, 1);
    sweep(layers.length - 2, -1, -1);
  }

  const isDummy = (id: string): boolean => !byId.has(id);
  const widthOf = (id: string): number => (isDummy(id) ? 0 : Math.max(90, Math.ceil(byId.get(id)!.label.length * CHAR_WIDTH) + 28));
  // A dummy takes less room than a node: edges pass closer together than boxes.
  const heightOf = (id: string): number => (isDummy(id) ? 12 : NODE_HEIGHT);
  const columnHeight = (ids: readonly string[]): number => ids.reduce((h, id) => h + heightOf(id), 0) + Math.max(0, ids.length - 1) * ROW_GAP;
  const columnWidths = layers.map((ids) => Math.max(0, ...ids.map(widthOf)));
  const tallest = Math.max(...layers.map(columnHeight));
  const placed = new Map<string, PlacedNode>();
  let x = MARGIN;
  layers.forEach((ids, l) => {
    let y = MARGIN + (tallest - columnHeight(ids)) / 2;
    for (const id of ids) {
      const width = widthOf(id);
      placed.set(id, { id, x: x + (columnWidths[l]! - width) / 2, y, width, height: heightOf(id), layer: l });
      y += heightOf(id) + ROW_GAP;
    }
    x += columnWidths[l]! + layerGap;
  });
  const nodes = new Map([...placed].filter(([id]) => !isDummy(id)));
  const bends = new Map(
    [...chains].map(([key, chain]) => [
      key,
      chain.map((id) => {
        const p = placed.get(id)!;
        return { x: p.x, y: p.y + p.height / 2 };
      }),
    ]),
  );
  return { nodes, bends, width: x - layerGap + MARGIN, height: tallest + 2 * MARGIN };
}
