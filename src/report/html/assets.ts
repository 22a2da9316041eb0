/** The page's inline stylesheet: no web fonts, nothing fetched. */
export const CSS = `
:root { --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#f6f8fa; --ok:#1a7f37; --okbg:#dafbe1; --skip:#8c959f; --bad:#cf222e; --badbg:#ffebe9; --img:#0969da; --imgbg:#ddf4ff; --sel:#fff8c5; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #fff; }
header { padding: 18px 28px 14px; border-bottom: 1px solid var(--line); background: var(--bg); }
header h1 { margin: 0 0 4px; font-size: 20px; font-weight: 600; }
header .summary { color: var(--muted); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; margin-left: 6px; vertical-align: 1px; }
.badge.success { background: var(--okbg); color: var(--ok); }
.badge.failure { background: var(--badbg); color: var(--bad); }
.badge.partial { background: var(--sel); color: #7d4e00; }
main { padding: 8px 28px 40px; }
main > table, main > ul, main > details, main > h2 { max-width: 1200px; }
h2 { font-size: 16px; margin: 26px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
.graph-wrap { display: inline-block; max-width: calc(100vw - 56px); overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; background: #fff; padding: 4px; }
svg.graph { display: block; font: 13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
svg .node rect { fill: #fff; stroke: var(--skip); stroke-width: 1.2; }
svg .node.built rect { fill: var(--okbg); stroke: var(--ok); }
svg .node.skipped rect { fill: #fff; stroke-dasharray: 5 4; }
svg .node.skipped text { fill: var(--skip); }
svg .node.failed rect { fill: var(--badbg); stroke: var(--bad); }
svg .node.image rect { fill: var(--imgbg); stroke: var(--img); }
svg .node.target rect { stroke-width: 2.4; }
svg .node { cursor: pointer; }
svg .edge path { fill: none; stroke: #5f6b7a; stroke-width: 1.3; }
svg .edge.cause-copy-from path { stroke: #8250df; }
svg .edge.cause-run-mount path { stroke: #bc4c00; stroke-dasharray: 4 3; }
svg .edge .label-bg { fill: #fff; opacity: .92; }
svg .edge text { font-size: 11px; fill: #3d444d; }
svg .edge text.line { fill: var(--skip); font-size: 10px; }
.legend { color: var(--muted); font-size: 12px; margin: 6px 2px 0; }
.graph-wrap + .legend { display: block; }
.legend span { margin-right: 14px; }
.legend i { display: inline-block; width: 12px; height: 12px; border-radius: 3px; vertical-align: -2px; margin-right: 4px; border: 1px solid; }
table { border-collapse: collapse; }
table.order td, table.order th { text-align: left; padding: 5px 14px 5px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
table.order th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
.runs .step { display: inline-block; min-width: 20px; font-weight: 600; color: var(--ok); }
.skip { color: var(--skip); }
.orders { margin: 10px 0 0; padding: 0; list-style: none; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
details.stage { border: 1px solid var(--line); border-radius: 8px; margin: 10px 0; background: #fff; }
details.stage > summary { cursor: pointer; padding: 8px 12px; background: var(--bg); border-radius: 8px; font-weight: 600; }
details.stage[open] > summary { border-bottom: 1px solid var(--line); border-radius: 8px 8px 0 0; }
details.stage summary .count { font-weight: 400; color: var(--muted); margin-left: 6px; }
.tools { padding: 8px 12px 0; }
.tools input { font: inherit; padding: 3px 8px; border: 1px solid var(--line); border-radius: 6px; width: 260px; }
table.tree { width: 100%; margin: 6px 0 8px; font: 12.5px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
table.tree td { padding: 0 12px; white-space: nowrap; }
table.tree td.size { text-align: right; color: var(--muted); }
table.tree td.mode, table.tree td.owner { color: var(--muted); }
table.tree td.src { color: var(--muted); font-family: system-ui, sans-serif; font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 420px; width: 100%; }
table.tree tr[data-path] { cursor: pointer; }
table.tree tr[data-path]:hover { background: #f3f6fa; }
table.tree tr.selected { background: var(--sel) !important; }
table.tree .dir { font-weight: 600; }
table.tree .link { color: var(--img); }
table.tree .from-base { color: var(--skip); }
ul.notes { padding-left: 20px; }
.fail { color: var(--bad); font-weight: 600; }
#prov { position: fixed; right: 20px; bottom: 20px; width: 420px; max-width: calc(100vw - 40px); background: #fff; border: 1px solid var(--line); border-radius: 10px; box-shadow: 0 8px 24px rgba(31,35,40,.15); padding: 12px 14px; }
#prov h3 { margin: 0 0 6px; font-size: 13px; color: var(--muted); font-weight: 600; }
#prov .path { font: 600 13px ui-monospace, SFMono-Regular, Menlo, monospace; word-break: break-all; }
#prov .what { white-space: pre-wrap; margin-top: 6px; font-size: 13px; }
#prov button { position: absolute; top: 6px; right: 8px; border: 0; background: none; font-size: 18px; color: var(--muted); cursor: pointer; }
`;

/** The page's inline script: provenance on click, a path filter per tree, stage nodes open their tree. */
export const SCRIPT = `
(() => {
  const panel = document.getElementById('prov');
  const show = (row) => {
    document.querySelectorAll('tr.selected').forEach((r) => r.classList.remove('selected'));
    row.classList.add('selected');
    panel.querySelector('.path').textContent = row.dataset.path;
    panel.querySelector('.what').textContent = row.dataset.prov;
    panel.hidden = false;
  };
  document.addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-path]');
    if (row) show(row);
    const node = event.target.closest('.node[data-node]');
    const tree = node && document.getElementById('stage-' + node.dataset.node);
    if (tree) { tree.open = true; tree.scrollIntoView({ block: 'start' }); }
  });
  panel.querySelector('button').addEventListener('click', () => { panel.hidden = true; });
  document.querySelectorAll('input.filter').forEach((input) => input.addEventListener('input', () => {
    const q = input.value.toLowerCase();
    document.getElementById(input.dataset.table).querySelectorAll('tr[data-path]').forEach((row) => {
      row.hidden = q !== '' && !row.dataset.path.toLowerCase().includes(q);
    });
  }));
})();
`;
