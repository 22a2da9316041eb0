/** The report's layered layout: layers follow dependencies, nothing overlaps, long edges bend. */
import { describe, expect, it } from 'vitest';
import { layeredLayout } from '../../src/report/html/layout.js';

describe('layeredLayout', () => {
  const layout = layeredLayout([
    { id: 'img', label: 'alpine:3', needs: [], floating: true },
    { id: 'base', label: 'base', needs: ['img'] },
    { id: 'mid', label: 'mid', needs: ['base'] },
    { id: 'final', label: 'final (target)', needs: ['mid', 'base'] },
    { id: 'lone', label: 'lone', needs: [] },
  ]);

  it('puts each node one layer after the deepest node it needs; an image just before its user', () => {
    expect(Object.fromEntries([...layout.nodes].map(([id, n]) => [id, n.layer]))).toEqual({ img: 0, base: 1, mid: 2, final: 3, lone: 0 });
  });

  it('no two nodes overlap and all fit in the drawing', () => {
    const nodes = [...layout.nodes.values()];
    for (const a of nodes) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.x + a.width).toBeLessThanOrEqual(layout.width);
      expect(a.y + a.height).toBeLessThanOrEqual(layout.height);
      for (const b of nodes) {
        if (a === b) continue;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
      }
    }
  });

  it('an edge across two layers bends through the layer between, clear of its node', () => {
    const bends = layout.bends.get('base>final')!;
    expect(bends).toHaveLength(1);
    const mid = layout.nodes.get('mid')!;
    expect(bends[0]!.y < mid.y || bends[0]!.y > mid.y + mid.height).toBe(true);
    expect(layout.bends.get('mid>final')).toEqual([]);
  });
});
