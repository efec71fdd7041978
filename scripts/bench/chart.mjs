// Writes a line chart as hand-written SVG (no dependencies): a grid of panels, each plotting a
// figure (e.g. TPS) against categorical x values (e.g. pgbench clients) for a few series, with
// labelled axes, a value label at each point and one legend for the whole chart. A null value
// is a gap (a run that failed); a point flagged in `hollow` is drawn unfilled, explained by `note`.
// Requires: every series of a panel has one value per x value.
//   lineChartSvg({ title, subtitle, note, xLabel, yLabel, columns, panels: [{ title, x: [1, 4, 16], series: [{ name, values, hollow }] }] })

const PANEL_W = 380;
const PANEL_H = 260;
const MARGIN = { left: 64, right: 20, top: 34, bottom: 46 };
const HEADER = 76;
const FOOTER = 24;
const MIN_WIDTH = 600;
const STYLES = [
  { color: '#1f5fa8', dash: '', marker: 'circle' },
  { color: '#d9730d', dash: '6 4', marker: 'square' },
  { color: '#2e8b57', dash: '2 3', marker: 'diamond' },
];

const escapeXml = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const num = (n) => Number(n.toFixed(1));

/** A round step (1, 2 or 5 × 10^k) giving about `ticks` intervals up to `max`. */
function niceStep(max, ticks) {
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].find((f) => f * power >= raw) * power;
}

/** 1234 → "1234", 12345 → "12.3k", 2500000 → "2.5M". */
function shortNumber(n) {
  if (n >= 1e6) return `${Number((n / 1e6).toFixed(1))}M`;
  if (n >= 1e4) return `${Number((n / 1e3).toFixed(1))}k`;
  return String(Number(n.toFixed(n < 10 ? 2 : 0)));
}

function marker(shape, x, y, color, hollow = false) {
  const paint = hollow ? `fill="#fff" stroke="${color}" stroke-width="2"` : `fill="${color}"`;
  if (shape === 'square') return `<rect x="${num(x - 4)}" y="${num(y - 4)}" width="8" height="8" ${paint}/>`;
  if (shape === 'diamond') return `<path d="M${num(x)} ${num(y - 5)}L${num(x + 5)} ${num(y)}L${num(x)} ${num(y + 5)}L${num(x - 5)} ${num(y)}Z" ${paint}/>`;
  return `<circle cx="${num(x)}" cy="${num(y)}" r="4" ${paint}/>`;
}

function panelSvg(panel, left, top, xLabel, yLabel) {
  const plotW = PANEL_W - MARGIN.left - MARGIN.right;
  const plotH = PANEL_H - MARGIN.top - MARGIN.bottom;
  const x0 = left + MARGIN.left;
  const y0 = top + MARGIN.top + plotH;
  const values = panel.series.flatMap((s) => s.values).filter((v) => v !== null && Number.isFinite(v));
  const max = Math.max(1, ...values);
  const step = niceStep(max, 4);
  const yMax = Math.ceil(max / step) * step;
  const xAt = (i) => x0 + (plotW * (i + 0.5)) / panel.x.length; // categories, half a step in from each end
  const yAt = (v) => y0 - (v / yMax) * plotH;
  const out = [`<text x="${num(x0 + plotW / 2)}" y="${top + 20}" text-anchor="middle" font-weight="bold">${escapeXml(panel.title)}</text>`];
  for (let v = 0; v <= yMax + step / 2; v += step) {
    out.push(`<line x1="${x0}" y1="${num(yAt(v))}" x2="${x0 + plotW}" y2="${num(yAt(v))}" stroke="#e3e3e3"/>`);
    out.push(`<text x="${x0 - 6}" y="${num(yAt(v) + 4)}" text-anchor="end" font-size="11">${shortNumber(v)}</text>`);
  }
  panel.x.forEach((x, i) => {
    out.push(`<line x1="${num(xAt(i))}" y1="${y0}" x2="${num(xAt(i))}" y2="${y0 + 5}" stroke="#333"/>`);
    out.push(`<text x="${num(xAt(i))}" y="${y0 + 18}" text-anchor="middle" font-size="11">${escapeXml(x)}</text>`);
  });
  out.push(`<path d="M${x0} ${top + MARGIN.top}V${y0}H${x0 + plotW}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${num(x0 + plotW / 2)}" y="${y0 + 36}" text-anchor="middle" font-size="12">${escapeXml(xLabel)}</text>`);
  const yMid = num(top + MARGIN.top + plotH / 2);
  out.push(`<text x="${left + 16}" y="${yMid}" text-anchor="middle" font-size="12" transform="rotate(-90 ${left + 16} ${yMid})">${escapeXml(yLabel)}</text>`);
  panel.series.forEach((series, s) => {
    const style = STYLES[s % STYLES.length];
    let path = '';
    let pen = 'M';
    series.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) {
        pen = 'M';
        return;
      }
      path += `${pen}${num(xAt(i))} ${num(yAt(v))}`;
      pen = 'L';
    });
    if (path) out.push(`<path d="${path}" fill="none" stroke="${style.color}" stroke-width="2" stroke-dasharray="${style.dash}"/>`);
    series.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return;
      out.push(marker(style.marker, xAt(i), yAt(v), style.color, series.hollow?.[i] === true));
      // the highest point at this x gets its label above, the others below (if that clears the axis)
      const highest = panel.series.every((other) => !(other.values[i] > v) || other === series);
      const below = !highest && yAt(v) + 16 < y0 - 2;
      out.push(`<text x="${num(xAt(i) + 6)}" y="${num(yAt(v) + (below ? 16 : -8))}" font-size="10" fill="${style.color}">${shortNumber(v)}</text>`);
    });
  });
  return out.join('\n');
}

/** Returns the SVG text of the chart described in the file comment. */
export function lineChartSvg({ title, subtitle = '', note = '', xLabel, yLabel, columns = 2, panels }) {
  const rows = Math.ceil(panels.length / columns);
  const gridWidth = PANEL_W * Math.min(columns, panels.length);
  const width = Math.max(gridWidth, MIN_WIDTH);
  const gridLeft = (width - gridWidth) / 2;
  const height = HEADER + PANEL_H * rows + (note ? FOOTER : 0);
  const names = panels[0]?.series.map((s) => s.name) ?? [];
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${width / 2}" y="40" text-anchor="middle" font-size="12" fill="#555">${escapeXml(subtitle)}</text>`,
  ];
  let legendX = width / 2 - names.length * 75;
  names.forEach((name, s) => {
    const style = STYLES[s % STYLES.length];
    parts.push(`<line x1="${legendX}" y1="60" x2="${legendX + 28}" y2="60" stroke="${style.color}" stroke-width="2" stroke-dasharray="${style.dash}"/>`);
    parts.push(marker(style.marker, legendX + 14, 60, style.color));
    parts.push(`<text x="${legendX + 34}" y="64">${escapeXml(name)}</text>`);
    legendX += 150;
  });
  panels.forEach((panel, i) => {
    parts.push(panelSvg(panel, gridLeft + (i % columns) * PANEL_W, HEADER + Math.floor(i / columns) * PANEL_H, xLabel, yLabel));
  });
  if (note) parts.push(`<text x="${width / 2}" y="${height - 8}" text-anchor="middle" font-size="11" fill="#555">${escapeXml(note)}</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
