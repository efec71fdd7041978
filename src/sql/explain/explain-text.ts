// EXPLAIN's text format, line for line as PostgreSQL prints it: a node's title with its cost
// estimate and (ANALYZE) its run statistics, its property lines two columns further in, its
// InitPlans/CTEs, then its inputs as "->  " entries, then its SubPlans.
import type { ExplainNode } from './explain-node.js';

export interface TextOptions {
  costs: boolean;
  analyze: boolean;
  timing: boolean;
}

const fixed = (n: number, digits: number) => n.toFixed(digits);

export function explainText(root: ExplainNode, o: TextOptions): string[] {
  const lines: string[] = [];
  const node = (n: ExplainNode, column: number, arrow: boolean) => {
    let title = n.title;
    if (o.costs) {
      const e = n.estimate;
      title += `  (cost=${fixed(e.startup, 2)}..${fixed(e.total, 2)} rows=${Math.round(e.rows)} width=${Math.round(e.width)})`;
    }
    const stats = o.analyze ? n.stats() : undefined;
    if (o.analyze) {
      if (!stats) title += ' (never executed)';
      else {
        const loops = stats.loops;
        const rows = Math.round(stats.rows / loops);
        const time = o.timing ? `time=${fixed(stats.startupMs / loops, 3)}..${fixed(stats.totalMs / loops, 3)} ` : '';
        title += ` (actual ${time}rows=${rows} loops=${loops})`;
      }
    }
    lines.push(arrow ? `${' '.repeat(column - 4)}->  ${title}` : `${' '.repeat(column)}${title}`);
    const inner = ' '.repeat(column + 2);
    if (n.output) lines.push(`${inner}Output: ${n.output.join(', ')}`);
    for (const d of n.details) lines.push(inner + d);
    if (n.quals.length > 0) {
      lines.push(`${inner}${n.qualLabel}: ${n.quals.length === 1 ? n.quals[0] : `(${n.quals.join(' AND ')})`}`);
      if (stats && n.removedByFilter && n.qualLabel === 'Filter') {
        const removed = Math.round(n.removedByFilter() / stats.loops);
        if (removed > 0) lines.push(`${inner}Rows Removed by Filter: ${removed}`);
      }
    }
    for (const p of n.initPlans) {
      lines.push(inner + p.label);
      node(p.node, column + 8, true);
    }
    for (const c of n.children) node(c, column + 6, true);
    for (const p of n.subPlans) {
      lines.push(inner + p.label);
      node(p.node, column + 8, true);
    }
  };
  node(root, 0, false);
  return lines;
}
