// The dashboard's two charts as inline SVG, drawn here: no charting library, no build step,
// nothing to keep up to date. Each chart is redrawn whole from today's intervals
// (GET /api/v1/dashboard/intervals) at the width its box has now.
'use strict';

const Charts = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  const HEIGHT = 220;
  const M = { top: 12, right: 12, bottom: 26, left: 40 };

  function el(name, attrs = {}, text) {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** A round step for about `ticks` gridlines up to max: 1, 2, 5 x 10^n (at least 1: calls are whole). */
  function niceStep(max, ticks) {
    const raw = Math.max(1, max / ticks);
    const p = 10 ** Math.floor(Math.log10(raw));
    return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw);
  }

  /** Plot area and scales shared by both charts; draws the frame, y gridlines and time labels. */
  function frame(svg, intervals, minutes, yMax, yTicks, yLabel) {
    const width = Math.max(240, Math.round(svg.getBoundingClientRect().width) || 600);
    svg.setAttribute('viewBox', `0 0 ${width} ${HEIGHT}`);
    svg.replaceChildren();
    const plotW = width - M.left - M.right;
    const plotH = HEIGHT - M.top - M.bottom;
    const band = plotW / Math.max(1, intervals.length);
    const x = (i) => M.left + i * band;
    const y = (v) => M.top + plotH - (v / yMax) * plotH;
    for (const t of yTicks) {
      svg.append(el('line', { class: 'grid', x1: M.left, x2: width - M.right, y1: y(t), y2: y(t) }));
      svg.append(el('text', { x: M.left - 6, y: y(t) + 4, 'text-anchor': 'end' }, yLabel(t)));
    }
    svg.append(el('line', { class: 'axis', x1: M.left, x2: width - M.right, y1: y(0), y2: y(0) }));
    // Hour labels, every 1, 2, 3, 4 or 6 hours so that they do not touch.
    const perHour = 60 / minutes;
    const every = [1, 2, 3, 4, 6].find((h) => h * perHour * band >= 42) ?? 6;
    intervals.forEach((iv, i) => {
      const [hh, mm] = iv.start.split(':').map(Number);
      if (mm !== 0 || hh % every !== 0) return;
      svg.append(el('line', { class: 'axis', x1: x(i), x2: x(i), y1: y(0), y2: y(0) + 4 }));
      svg.append(el('text', { x: x(i), y: HEIGHT - 8, 'text-anchor': 'middle' }, iv.start));
    });
    return { width, band, x, y, plotH };
  }

  const endOf = (start, minutes) => {
    const [hh, mm] = start.split(':').map(Number);
    const t = hh * 60 + mm + minutes;
    return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
  };

  function empty(svg, f, text) {
    svg.append(el('text', { class: 'empty', x: f.width / 2, y: HEIGHT / 2, 'text-anchor': 'middle' }, text));
  }

  /** Stacked bars: answered at the bottom, then abandoned, then other; a bar's height is offered. */
  function volume(svg, intervals, minutes) {
    const max = Math.max(0, ...intervals.map((iv) => iv.offered));
    const step = niceStep(max, 4);
    const yMax = Math.max(step, Math.ceil(max / step) * step);
    const ticks = [];
    for (let t = 0; t <= yMax; t += step) ticks.push(t);
    const f = frame(svg, intervals, minutes, yMax, ticks, String);
    const gap = f.band > 6 ? Math.min(4, f.band * 0.2) : 0.5;
    intervals.forEach((iv, i) => {
      if (!iv.offered) return;
      const other = iv.offered - iv.answered - iv.abandoned;
      const g = el('g', { class: 'bar', 'data-start': iv.start, 'data-offered': iv.offered, 'data-answered': iv.answered, 'data-abandoned': iv.abandoned });
      g.append(el('title', {}, `${iv.start}-${endOf(iv.start, minutes)}: offered ${iv.offered}, answered ${iv.answered}, abandoned ${iv.abandoned}${other ? `, other ${other}` : ''}`));
      let base = 0;
      for (const [cls, n] of [['answered', iv.answered], ['abandoned', iv.abandoned], ['other', other]]) {
        if (n <= 0) continue;
        g.append(el('rect', { class: cls, x: f.x(i) + gap / 2, width: Math.max(1, f.band - gap), y: f.y(base + n), height: f.y(base) - f.y(base + n) }));
        base += n;
      }
      svg.append(g);
    });
    if (max === 0) empty(svg, f, 'no queue calls yet today');
  }

  /** Service level per interval (0-100 %) as points joined by a line; intervals without calls leave a gap. */
  function serviceLevel(svg, intervals, minutes, targetPct) {
    const f = frame(svg, intervals, minutes, 100, [0, 25, 50, 75, 100], (t) => `${t}%`);
    if (targetPct !== null && targetPct !== undefined) {
      svg.append(el('line', { class: 'target', x1: M.left, x2: f.width - M.right, y1: f.y(targetPct), y2: f.y(targetPct) }));
    }
    const cx = (i) => f.x(i) + f.band / 2;
    let d = '';
    let pen = false;
    intervals.forEach((iv, i) => {
      if (iv.serviceLevel === null) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${cx(i).toFixed(1)},${f.y(iv.serviceLevel * 100).toFixed(1)}`;
      pen = true;
    });
    if (d) svg.append(el('path', { class: 'sl-line', d }));
    let points = 0;
    intervals.forEach((iv, i) => {
      if (iv.serviceLevel === null) return;
      const pct = Math.round(iv.serviceLevel * 100);
      const c = el('circle', {
        class: 'point', cx: cx(i), cy: f.y(iv.serviceLevel * 100), r: Math.max(2, Math.min(4, f.band / 3)),
        'data-start': iv.start, 'data-sl': iv.serviceLevel.toFixed(3), 'data-below': targetPct !== null && pct < targetPct ? '' : null,
      });
      c.append(el('title', {}, `${iv.start}-${endOf(iv.start, minutes)}: ${pct}% (${iv.answeredWithinSl} of ${iv.offered} answered within the service level)`));
      svg.append(c);
      points++;
    });
    if (!points) empty(svg, f, 'no queue calls yet today');
  }

  return { volume, serviceLevel };
})();
