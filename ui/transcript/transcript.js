// Duiding transcript component (Streamlit Components v2, served from this repository; nothing is fetched).
//
// Shows a source's speaker turns with its codings (highlights and a margin of code stripes), lets the
// researcher select any span and pick a code, and stores in the background: every action updates this
// view at once (optimistically) and is sent to Python one at a time (a trigger value per action, each
// acknowledged before the next is sent, so fast sequences lose and duplicate nothing). The document
// is drawn once per source; later changes redraw only the turns they touch, so the scroll position and
// focus stay where they are.
//
// Offsets: Python stores code points, JavaScript strings count UTF-16 units. Every offset leaving this
// file is a code-point offset into the stored source text (turn.s + code points into the turn's text).

const WORD = /[\p{L}\p{N}_'\u2019-]/u;

function esc(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c])
    .replace(/\r/g, "&#13;"); // keep CR: the HTML parser would fold CRLF into LF and shift every offset
}

function fold(text) {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

function rgba(hex, alpha) {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex || "");
  if (!m) return `rgba(128,128,128,${alpha})`;
  const n = parseInt(m[1], 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

// -- code points and UTF-16 --------------------------------------------------------------------------
function prepTurn(turn) {
  // turn.u16[i] = UTF-16 offset of code point i (only for turns with characters outside the BMP)
  const t = turn.t;
  let astral = false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) { astral = true; break; }
  }
  if (!astral) {
    turn.len = t.length;
    turn.u16 = null;
  } else {
    const u16 = [];
    let i = 0;
    for (const ch of t) { u16.push(i); i += ch.length; }
    u16.push(i);
    turn.len = u16.length - 1;
    turn.u16 = u16;
  }
  turn.e = turn.s + turn.len;
  turn.cps = null;
}

function cpToU16(turn, cp) {
  return turn.u16 ? turn.u16[Math.max(0, Math.min(cp, turn.len))] : cp;
}

function cpCount(str, units) {
  // code points in str.slice(0, units); a cut inside a surrogate pair rounds down
  let n = 0;
  for (let i = 0; i < units && i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      if (i + 1 >= units) break;
      i++;
    }
    n++;
  }
  return n;
}

function cpsOf(turn) {
  if (!turn.cps) turn.cps = Array.from(turn.t);
  return turn.cps;
}

// -- the component ------------------------------------------------------------------------------------
function init(parent) {
  const S = {
    client: Math.random().toString(36).slice(2) + Date.now().toString(36),
    seq: 0, queue: [], inflight: null, history: [], server: new Map(), view: new Map(),
    turns: [], turnById: new Map(), turnEls: [], sig: [], docKey: null,
    codes: new Map(), tempCodes: new Map(), recent: [], lastCode: null,
    kfocus: -1, ksel: null, pending: null, sfocus: null, resizing: null, recoding: null,
    focusKey: null, metrics: [], snap: true, str: {}, canCode: false, coder: "", pop: null,
  };
  const root = document.createElement("div");
  root.className = "dd-tr";
  root.innerHTML = `<div class="dd-bar"><span class="dd-legend"></span><label class="dd-snapl"><input type="checkbox" class="dd-snap" checked> <span class="dd-snapt"></span></label><span class="dd-keys"></span><span class="dd-status" data-state="ok"></span></div><div class="dd-doc" tabindex="-1"></div>`;
  parent.appendChild(root);
  S.root = root;
  S.doc = root.querySelector(".dd-doc");
  S.status = root.querySelector(".dd-status");
  root.querySelector(".dd-snap").addEventListener("change", (e) => { S.snap = e.target.checked; });
  S.doc.addEventListener("mouseup", (e) => onMouseUp(S, e));
  S.onKey = (e) => onKey(S, e);
  document.addEventListener("keydown", S.onKey, true);
  S.onDocDown = (e) => {
    if (!S.root.isConnected) return;
    if (S.pop && !S.pop.contains(e.target) && !e.target.closest?.(".dd-seg")) closePop(S, true);
  };
  document.addEventListener("mousedown", S.onDocDown, true);
  // Stripes sit inside their turn (so they move with it) and are measured only for turns on or near
  // the screen (turns far away are not even laid out: content-visibility); a resize re-measures.
  S.dirty = new Set();
  S.near = new Set();
  S.relayout = () => {
    if (S.layoutQueued) return;
    S.layoutQueued = true;
    requestAnimationFrame(() => { S.layoutQueued = false; layoutStripes(S); });
  };
  S.io = new IntersectionObserver((entries) => {
    for (const en of entries) {
      const i = Number(en.target.dataset.i);
      if (en.isIntersecting) S.near.add(i); else S.near.delete(i);
    }
    S.relayout();
  }); // on screen only: a turn off screen is not laid out (content-visibility), so not measurable
  let width = 0;
  new ResizeObserver(() => {
    const w = S.doc.clientWidth;
    if (w !== width) {
      width = w;
      S.turns.forEach((t) => { // off screen: drop the stripes now, measure them again on the way in
        S.dirty.add(t.i);
        if (!S.near.has(t.i) && S.turnEls[t.i]) S.turnEls[t.i].querySelector(".dd-tm").textContent = "";
      });
      S.relayout();
    }
  }).observe(S.doc);
  window.__ddTranscript = S; // benchmarks and tests read metrics here
  return S;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const host = parentElement;
  let S = host.__ddTranscript;
  if (!S || !S.root.isConnected) {
    S = init(host);
    host.__ddTranscript = S;
  }
  S.setTrigger = setTriggerValue;
  update(S, data || {});
}

function s(S, key, params) {
  let text = S.str[key] || key;
  for (const [k, v] of Object.entries(params || {})) text = text.split(`{${k}}`).join(String(v));
  return text;
}

function update(S, data) {
  const t0 = performance.now();
  S.str = data.strings || S.str;
  S.canCode = !!data.can_code;
  S.coder = data.coder || "";
  S.codes = new Map((data.codes || []).map((c) => [c.id, c]));
  S.colours = data.colours || {};
  S.root.querySelector(".dd-snapt").textContent = s(S, "snap");
  S.root.querySelector(".dd-keys").textContent = s(S, "keys_hint");
  if (data.snap === false && S.snapInit === undefined) { S.snap = false; S.root.querySelector(".dd-snap").checked = false; }
  S.snapInit = true;
  S.tData = t0;
  const fresh = data.doc_key !== S.docKey && Array.isArray(data.turns);
  if (fresh) {
    S.docKey = data.doc_key;
    S.turns = data.turns || [];
    S.turns.forEach((t, i) => { prepTurn(t); t.i = i; });
    S.turnById = new Map(S.turns.map((t) => [t.id, t]));
    S.queue = []; S.inflight = null; S.history = []; S.kfocus = -1; S.ksel = null; S.pending = null; S.sfocus = null;
    S.tempCodes = new Map();
    closePop(S, false);
  }
  if (Array.isArray(data.delta) && !fresh) { // after an action: the codings of the passages it touched
    const touched = new Set(data.delta);
    for (const [id, c] of S.server) if (touched.has(c.p)) S.server.delete(id);
    for (const c of data.codings || []) S.server.set(String(c.id), c);
  } else S.server = new Map((data.codings || []).map((c) => [String(c.id), c]));
  handleAck(S, data.last);
  recompute(S, fresh);
  if (fresh) { // after the frame that shows the turns has been painted
    requestAnimationFrame(() => setTimeout(() => { S.renderMs = performance.now() - t0; window.__ddRendered = (window.__ddRendered || 0) + 1; }, 0));
  }
  const focus = data.focus;
  if (focus && focus.key && focus.key !== S.focusKey) {
    S.focusKey = focus.key;
    const turn = S.turnById.get(focus.passage);
    if (turn) {
      const el = S.turnEls[turn.i];
      requestAnimationFrame(() => {
        el.scrollIntoView({ block: "center" });
        setTimeout(() => el.scrollIntoView({ block: "center" }), 400); // once the turns around it are laid out
        el.classList.remove("dd-target"); void el.offsetWidth; el.classList.add("dd-target");
        setKFocus(S, turn.i, false);
      });
    }
  }
  pump(S);
  S.updateMs = performance.now() - t0;
}

// -- optimistic view ---------------------------------------------------------------------------------
function splitOverTurns(S, start, end) {
  const out = [];
  for (const t of S.turns) {
    if (t.e <= start) continue;
    if (t.s >= end) break;
    const a = Math.max(start, t.s), b = Math.min(end, t.e);
    if (a < b) out.push([t.id, a, b]);
  }
  return out;
}

function applyOp(S, view, act) {
  const add = (k, code, p, a, b, extra) => view.set(`t${act.seq}_${k}`, { id: `t${act.seq}_${k}`, p, code, s: a, e: b, coder: S.coder,
    status: "accepted", origin: "manual", conf: null, memo: "", ev: [], temp: true, ...(extra || {}) });
  switch (act.op) {
    case "add":
    case "new_code": {
      const code = act.op === "add" ? act.code : `new:${act.name}`;
      splitOverTurns(S, act.start, act.end).forEach(([p, a, b], k) => add(k, code, p, a, b));
      break;
    }
    case "delete": act.ids.forEach((id) => view.delete(String(id))); break;
    case "recode": {
      const c = view.get(String(act.id));
      if (c) { view.delete(String(act.id)); add(0, act.code, c.p, c.s, c.e, { memo: c.memo }); }
      break;
    }
    case "resize": case "memo": case "accept": case "cite": {
      const c = view.get(String(act.id));
      if (!c) break;
      const n = { ...c };
      if (act.op === "resize") { n.s = act.start; n.e = act.end; }
      if (act.op === "memo") n.memo = act.memo;
      if (act.op === "cite") n.cite = act.on;
      if (act.op === "accept") { n.status = "accepted"; n.coder = S.coder; }
      view.set(String(act.id), n);
      break;
    }
    case "reject": view.delete(String(act.id)); break;
    case "undo": {
      const h = act.target;
      if (!h) break;
      (h.added || []).forEach((id) => view.delete(String(id)));
      (h.tempIds || []).forEach((id) => view.delete(id));
      (h.before || []).forEach((c) => view.set(String(c.id), { ...c }));
      break;
    }
  }
}

function recompute(S, full) {
  const view = new Map(S.server);
  for (const act of [S.inflight, ...S.queue]) if (act) applyOp(S, view, act);
  S.view = view;
  S.byTurn = new Map();
  for (const c of view.values()) {
    if (!S.byTurn.has(c.p)) S.byTurn.set(c.p, []);
    S.byTurn.get(c.p).push(c);
  }
  assignLanes(S);
  if (full) renderAll(S);
  else {
    for (const t of S.turns) {
      const sg = turnSig(S, t);
      if (sg !== S.sig[t.i]) renderTurn(S, t, sg);
    }
  }
  S.relayout();
  showStatus(S);
}

function assignLanes(S) {
  const lanes = new Map();
  const list = [...S.view.values()].sort((a, b) => a.s - b.s);
  for (const c of list) if (!lanes.has(c.code)) lanes.set(c.code, lanes.size);
  S.lanes = lanes;
  const width = Math.max(24, Math.min(lanes.size, 24) * 8 + 10);
  if (width !== S.marginWidth) { // the text reflows: every stripe is measured again
    S.marginWidth = width;
    S.doc.style.setProperty("--dd-margin", `${width}px`);
    if (S.dirty) S.turns.forEach((t) => S.dirty.add(t.i));
  }
}

function pendingOf(S) {
  if (S.pending) return S.pending;
  return S.ksel;
}

function turnSig(S, t) {
  const list = S.byTurn.get(t.id) || [];
  let sig = list.map((c) => `${c.id}|${c.code}|${c.s}|${c.e}|${c.status}`).sort().join(";");
  const p = pendingOf(S);
  if (p && p.s < t.e && p.e > t.s) sig += `#p${p.s}-${p.e}`;
  if (S.sfocus && list.some((c) => String(c.id) === S.sfocus)) sig += `#f${S.sfocus}`;
  return sig;
}

function colourOf(S, code) {
  if (S.colours[code]) return S.colours[code];
  if (code.startsWith("new:")) return "#5b8def";
  return "#888888";
}

function codeName(S, code) {
  if (code.startsWith("new:")) return code.slice(4);
  const c = S.codes.get(code);
  return c ? c.name : code;
}

function turnHtml(S, t) {
  const list = S.byTurn.get(t.id) || [];
  const p = pendingOf(S);
  const marks = list.map((c) => ({ c, a: Math.max(0, c.s - t.s), b: Math.min(t.len, c.e - t.s) })).filter((m) => m.a < m.b);
  const pend = p && p.s < t.e && p.e > t.s ? [Math.max(0, p.s - t.s), Math.min(t.len, p.e - t.s)] : null;
  const cuts = new Set([0, t.len]);
  for (const m of marks) { cuts.add(m.a); cuts.add(m.b); }
  if (pend) { cuts.add(pend[0]); cuts.add(pend[1]); }
  const points = [...cuts].sort((x, y) => x - y);
  let html = "";
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const cover = marks.filter((m) => m.a <= a && m.b >= b).map((m) => m.c);
    const text = esc(t.t.slice(cpToU16(t, a), cpToU16(t, b)));
    let cls = "dd-seg";
    let style = "";
    if (cover.length) {
      const acc = cover.filter((c) => c.status !== "suggested").sort((x, y) => (x.e - x.s) - (y.e - y.s));
      const sug = cover.filter((c) => c.status === "suggested");
      if (acc.length) {
        cls += " dd-c";
        style += `background:${rgba(colourOf(S, acc[0].code), 0.3)};`;
        if (acc.length > 1) style += `box-shadow:${acc.slice(1, 5).map((c, k) => `inset 0 -${2 * (k + 1)}px 0 0 ${colourOf(S, c.code)}`).join(",")};`;
      }
      if (sug.length) { cls += " dd-sug"; style += `--dd-sug:${colourOf(S, sug[0].code)};`; }
      if (S.sfocus && cover.some((c) => String(c.id) === S.sfocus)) cls += " dd-sfocus";
    }
    if (pend && pend[0] <= a && pend[1] >= b) cls += " dd-pend";
    const ids = cover.map((c) => c.id).join(",");
    html += `<span class="${cls}" data-s="${t.s + a}"${ids ? ` data-ids="${ids}"` : ""}${style ? ` style="${style}"` : ""}>${text}</span>`;
  }
  return html;
}

function renderAll(S) {
  const parts = [];
  let heading = null;
  for (const t of S.turns) {
    let head = "";
    if (t.h && t.h !== heading) head += `<div class="dd-h">${esc(t.h)}</div>`;
    heading = t.h || heading;
    if (t.q) head += `<div class="dd-q">${esc(t.q)}</div>`;
    const sp = t.sp ? `<div class="dd-sp">${esc(t.sp)}</div>` : "";
    parts.push(`<div class="dd-turn${t.role ? ` dd-${esc(t.role)}` : ""}" data-p="${t.id}" data-i="${t.i}">${head}${sp}<div class="dd-tx">${turnHtml(S, t)}</div><div class="dd-tm"></div></div>`);
  }
  S.io.disconnect();
  S.near.clear();
  S.doc.innerHTML = parts.join("");
  S.turnEls = [...S.doc.querySelectorAll(":scope > .dd-turn")];
  S.sig = S.turns.map((t) => turnSig(S, t));
  S.dirty = new Set(S.turns.map((t) => t.i));
  S.turnEls.forEach((el) => S.io.observe(el));
}

function renderTurn(S, t, sig) {
  S.turnEls[t.i].querySelector(".dd-tx").innerHTML = turnHtml(S, t);
  S.sig[t.i] = sig;
  S.dirty.add(t.i);
}

function layoutStripes(S) {
  if (!S.doc.isConnected) return;
  const todo = [...S.dirty].filter((i) => S.near.has(i));
  const measured = [];
  for (const i of todo) { // read every position first, then write (one layout)
    const t = S.turns[i];
    const el = S.turnEls[i];
    const base = el.getBoundingClientRect();
    const rows = [];
    for (const c of S.byTurn.get(t.id) || []) {
      let first = null, last = null;
      for (const seg of el.querySelector(".dd-tx").children) {
        const ids = seg.dataset.ids;
        if (ids && ids.split(",").includes(String(c.id))) { if (!first) first = seg; last = seg; }
      }
      if (!first) continue;
      const r1 = first.getClientRects()[0], rl = last.getClientRects();
      const r2 = rl[rl.length - 1];
      if (r1 && r2) rows.push([c, r1.top - base.top, r2.bottom - base.top]);
    }
    measured.push([el, rows]);
  }
  for (const [el, rows] of measured) {
    let html = "";
    for (const [c, top, bottom] of rows) {
      const lane = (S.lanes.get(c.code) || 0) % 24;
      const colour = colourOf(S, c.code);
      const sug = c.status === "suggested";
      html += `<div class="dd-stripe${sug ? " dd-sug" : ""}" data-ids="${c.id}" data-code="${esc(c.code)}" title="${esc(codeName(S, c.code))}" style="top:${top.toFixed(1)}px;height:${Math.max(4, bottom - top).toFixed(1)}px;right:${4 + lane * 8}px;${sug ? `border-color:${colour}` : `background:${colour}`}"></div>`;
    }
    el.querySelector(".dd-tm").innerHTML = html;
    S.dirty.delete(Number(el.dataset.i));
  }
}

// -- selection ------------------------------------------------------------------------------------------
function turnAt(S, off, isEnd) {
  let lo = 0, hi = S.turns.length - 1, ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (S.turns[mid].s <= off - (isEnd ? 1 : 0)) { ans = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return ans >= 0 ? S.turns[ans] : null;
}

function charAt(S, off) {
  const t = turnAt(S, off, false);
  if (!t || off < t.s || off >= t.e) return null;
  return cpsOf(t)[off - t.s];
}

function isWord(ch) { return ch !== null && ch !== undefined && WORD.test(ch); }

function snap(S, start, end) {
  while (start < end && !isWord(charAt(S, start))) start++;
  while (end > start && !isWord(charAt(S, end - 1))) end--;
  if (start >= end) return null;
  while (isWord(charAt(S, start - 1))) start--;
  while (isWord(charAt(S, end))) end++;
  return [start, end];
}

function trimGaps(S, start, end) {
  // no snapping: only move ends that fall between turns (speaker labels) onto text
  const ts = turnAt(S, start, false);
  if (ts && start >= ts.e) { const n = S.turns[ts.i + 1]; start = n ? n.s : start; }
  if (ts === null && S.turns.length) start = Math.max(start, S.turns[0].s);
  const te = turnAt(S, end, true);
  if (te && end > te.e) end = te.e;
  return start < end ? [start, end] : null;
}

function segEnd(seg) {
  return Number(seg.dataset.s) + cpCount(seg.textContent, seg.textContent.length);
}

function boundary(S, node, offset, isEnd) {
  if (node.nodeType === 3) {
    const seg = node.parentElement && node.parentElement.closest(".dd-seg");
    if (seg && S.doc.contains(seg)) return Number(seg.dataset.s) + cpCount(node.data, offset);
  }
  // an element boundary (or a speaker label): the nearest text in document order
  const segs = S.doc.querySelectorAll(".dd-seg");
  if (!segs.length) return null;
  const r = document.createRange();
  try { r.setStart(node, offset); } catch (err) { return null; }
  let lo = 0, hi = segs.length; // first seg whose start lies at or after the point
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (r.comparePoint(segs[mid], 0) < 0) lo = mid + 1; else hi = mid;
  }
  if (isEnd) return lo > 0 ? segEnd(segs[lo - 1]) : Number(segs[0].dataset.s);
  return lo < segs.length ? Number(segs[lo].dataset.s) : segEnd(segs[segs.length - 1]);
}

function selectionSpan(S) {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
  const r = sel.getRangeAt(0);
  if (!S.doc.contains(r.commonAncestorContainer) && r.commonAncestorContainer !== S.doc) return null;
  const a = boundary(S, r.startContainer, r.startOffset, false);
  const b = boundary(S, r.endContainer, r.endOffset, true);
  if (a === null || b === null || a >= b) return null;
  return S.snap ? snap(S, a, b) : trimGaps(S, a, b);
}

function textOf(S, start, end) {
  const parts = [];
  for (const [p, a, b] of splitOverTurns(S, start, end)) {
    const t = S.turnById.get(p);
    parts.push(t.t.slice(cpToU16(t, a - t.s), cpToU16(t, b - t.s)));
  }
  return parts.join(" … ");
}

function onMouseUp(S, e) {
  const t0 = performance.now();
  if (S.pop && S.pop.contains(e.target)) return;
  const stripe = e.target.closest && e.target.closest(".dd-stripe");
  if (stripe) { openDetails(S, stripe.dataset.ids.split(","), stripe.getBoundingClientRect()); return; }
  const span = selectionSpan(S);
  if (span) {
    if (S.resizing) return finishResize(S, span);
    if (!S.canCode) { setStatus(S, "error", s(S, "no_codebook")); return; }
    const sel = { tUp: t0 };
    S.sel = sel;
    setPending(S, span);
    requestAnimationFrame(() => { sel.tSelPaint = performance.now(); });
    window.getSelection().removeAllRanges();
    openPicker(S, null);
    return;
  }
  const seg = e.target.closest && e.target.closest(".dd-seg");
  if (seg && seg.dataset.ids) openDetails(S, seg.dataset.ids.split(","), seg.getBoundingClientRect());
  const turnEl = e.target.closest && e.target.closest(".dd-turn");
  if (turnEl) setKFocus(S, Number(turnEl.dataset.i), false);
}

function setPending(S, span) {
  S.pending = span ? { s: span[0], e: span[1] } : null;
  refreshTurns(S);
}

function refreshTurns(S) {
  for (const t of S.turns) {
    const sg = turnSig(S, t);
    if (sg !== S.sig[t.i]) renderTurn(S, t, sg);
  }
  S.relayout();
}

function pendingRect(S) {
  const els = S.doc.querySelectorAll(".dd-pend");
  const el = els[els.length - 1];
  if (el) { const rs = el.getClientRects(); return rs[rs.length - 1] || el.getBoundingClientRect(); }
  const t = S.turnEls[Math.max(0, S.kfocus)];
  return t ? t.getBoundingClientRect() : S.doc.getBoundingClientRect();
}

// -- popups ------------------------------------------------------------------------------------------
function closePop(S, clearPending) {
  if (S.pop) { S.pop.remove(); S.pop = null; }
  S.recoding = null;
  if (clearPending && S.pending) setPending(S, null);
}

function placePop(S, pop, rect) {
  const base = S.root.getBoundingClientRect();
  S.root.appendChild(pop);
  const width = Math.min(440, Math.max(280, pop.offsetWidth));
  let left = rect.left - base.left;
  left = Math.max(0, Math.min(left, base.width - width));
  pop.style.left = `${left}px`;
  pop.style.top = `${rect.bottom - base.top + 6}px`;
  S.pop = pop;
}

function pickerItems(S, filter) {
  const f = fold(filter.trim());
  const codable = [...S.codes.values()].filter((c) => c.codable !== false);
  const match = (c) => !f || fold(c.name).includes(f) || fold(c.id).includes(f);
  const items = [];
  const recent = S.recent.map((id) => S.codes.get(id)).filter((c) => c && match(c));
  if (recent.length) {
    items.push({ sep: s(S, "recent") });
    recent.forEach((c) => items.push({ code: c.id, name: c.name, depth: 0 }));
  }
  const tree = codable.filter(match);
  if (tree.length) {
    items.push({ sep: s(S, "codebook") });
    tree.forEach((c) => items.push({ code: c.id, name: c.name, depth: f ? 0 : c.depth || 0 }));
  }
  const name = filter.trim() || (S.pending ? textOf(S, S.pending.s, S.pending.e).slice(0, 80) : "");
  if (name && !S.recoding) items.push({ sep: "" }, { newName: name, name: s(S, "new_code", { name }) });
  return items;
}

function openPicker(S, recodeId) {
  closePop(S, false);
  S.recoding = recodeId;
  const pop = document.createElement("div");
  pop.className = "dd-pop dd-picker";
  pop.innerHTML = `<input type="text" class="dd-filter" placeholder="${esc(s(S, "filter"))}" autocomplete="off"><div class="dd-list" role="listbox"></div>`;
  const input = pop.querySelector("input");
  const list = pop.querySelector(".dd-list");
  let active = 0;
  let items = [];
  const draw = () => {
    items = pickerItems(S, input.value);
    const choices = items.filter((it) => !it.sep && it.sep !== "");
    active = Math.max(0, Math.min(active, choices.length - 1));
    let n = 0;
    list.innerHTML = items.map((it) => {
      if (it.sep !== undefined) return it.sep ? `<div class="dd-sep">${esc(it.sep)}</div>` : "";
      const k = n++;
      const dot = it.code ? `<span class="dd-dot" style="background:${colourOf(S, it.code)}"></span>` : "";
      return `<div class="dd-item${k === active ? " dd-active" : ""}" role="option" data-k="${k}" style="padding-left:${0.4 + (it.depth || 0) * 0.9}em"><span class="dd-key">${k < 9 ? k + 1 : ""}</span>${dot}<span>${esc(it.name)}</span></div>`;
    }).join("");
    S.choices = choices;
  };
  const pick = (k) => {
    const it = S.choices[k];
    if (!it) return;
    if (S.recoding) { doAction(S, { op: "recode", id: S.recoding, code: it.code }); closePop(S, false); return; }
    const p = S.pending;
    if (!p) return;
    closePop(S, false);
    if (it.code) applyCode(S, it.code, p);
    else doAction(S, { op: "new_code", name: it.newName, start: p.s, end: p.e });
  };
  input.addEventListener("input", () => { active = 0; draw(); });
  input.addEventListener("keydown", (e) => {
    e.stopPropagation();
    const nChoices = (S.choices || []).length;
    if (e.key === "ArrowDown") { active = Math.min(active + 1, nChoices - 1); draw(); e.preventDefault(); }
    else if (e.key === "ArrowUp") { active = Math.max(active - 1, 0); draw(); e.preventDefault(); }
    else if (e.key === "Enter") { e.preventDefault(); pick(active); }
    else if (e.key === "Escape") { e.preventDefault(); closePop(S, true); }
    else if (/^[1-9]$/.test(e.key) && !input.value) { e.preventDefault(); pick(Number(e.key) - 1); }
  });
  list.addEventListener("mousedown", (e) => e.preventDefault());
  list.addEventListener("click", (e) => {
    const item = e.target.closest(".dd-item");
    if (item) pick(Number(item.dataset.k));
  });
  draw();
  placePop(S, pop, recodeId ? S.detailRect || pendingRect(S) : pendingRect(S));
  input.focus({ preventScroll: true });
}

function openDetails(S, ids, rect) {
  closePop(S, false);
  const list = ids.map((id) => S.view.get(String(id))).filter(Boolean);
  if (!list.length) return;
  S.detailRect = rect;
  const pop = document.createElement("div");
  pop.className = "dd-pop dd-details";
  pop.innerHTML = list.map((c) => {
    const sug = c.status === "suggested";
    const t = S.turnById.get(c.p);
    const ev = (c.ev || []).map(([a, b, why]) => {
      if (!t || a < t.s || b > t.e) return "";
      return `<div class="dd-evq">${esc(t.t.slice(cpToU16(t, a - t.s), cpToU16(t, b - t.s)))}${why ? ` <span class="dd-meta">(${esc(why)})</span>` : ""}</div>`;
    }).join("");
    const conf = c.conf !== null && c.conf !== undefined ? ` · ${Math.round(c.conf * 100)}%` : "";
    const temp = c.temp ? " dd-temp" : "";
    return `<div class="dd-card${temp}" data-id="${c.id}"><div><span class="dd-dot" style="background:${colourOf(S, c.code)}"></span> <b>${esc(codeName(S, c.code))}</b></div>
<div class="dd-meta">${esc(c.coder)} · ${esc(s(S, `status_${c.status}`))} · ${esc(s(S, `origin_${c.origin}`))}${conf}</div>${ev ? `<div class="dd-meta">${esc(s(S, "evidence"))}</div>${ev}` : ""}
<textarea class="dd-memo" rows="2" placeholder="${esc(s(S, "memo"))}">${esc(c.memo || "")}</textarea>
<div class="dd-btns">${sug ? `<button data-act="accept">${esc(s(S, "accept"))} (a)</button><button data-act="reject">${esc(s(S, "reject"))} (r)</button>` : ""}
${sug ? "" : `<button data-act="cite" data-on="${c.cite ? 0 : 1}">${esc(s(S, c.cite ? "uncite" : "cite"))}</button>`}<button data-act="memo">${esc(s(S, "save_memo"))}</button><button data-act="recode">${esc(s(S, "recode"))}</button><button data-act="resize">${esc(s(S, "resize"))}</button><button data-act="delete">${esc(s(S, "remove"))}</button></div></div>`;
  }).join("");
  pop.addEventListener("click", (e) => {
    const btn = e.target.closest("button");
    if (!btn) return;
    const card = btn.closest(".dd-card");
    const id = card.dataset.id;
    if (id.startsWith("t")) { setStatus(S, "busy", s(S, "wait_stored")); return; }
    const act = btn.dataset.act;
    if (act === "accept" || act === "reject") doAction(S, { op: act, id: Number(id) });
    else if (act === "memo") doAction(S, { op: "memo", id: Number(id), memo: card.querySelector(".dd-memo").value });
    else if (act === "cite") doAction(S, { op: "cite", id: Number(id), on: btn.dataset.on === "1" });
    else if (act === "delete") doAction(S, { op: "delete", ids: [Number(id)] });
    else if (act === "recode") { openPicker(S, Number(id)); return; }
    else if (act === "resize") { S.resizing = Number(id); setStatus(S, "busy", s(S, "resize_hint")); }
    closePop(S, false);
  });
  pop.addEventListener("keydown", (e) => e.stopPropagation());
  placePop(S, pop, rect);
}

function finishResize(S, span) {
  const c = S.view.get(String(S.resizing));
  S.resizing = null;
  window.getSelection().removeAllRanges();
  if (!c) return;
  const t = S.turnById.get(c.p);
  const a = Math.max(span[0], t.s), b = Math.min(span[1], t.e);
  if (a < b) doAction(S, { op: "resize", id: Number(c.id), start: a, end: b });
  showStatus(S);
}

function showHelp(S) {
  if (S.pop && S.pop.classList.contains("dd-help")) { closePop(S, false); return; }
  closePop(S, false);
  const pop = document.createElement("div");
  pop.className = "dd-pop dd-help";
  const rows = (S.str.help_rows || []).map(([k, what]) => `<tr><td><kbd>${esc(k)}</kbd></td><td>${esc(what)}</td></tr>`).join("");
  pop.innerHTML = `<b>${esc(s(S, "help_title"))}</b><table>${rows}</table>`;
  placePop(S, pop, S.root.querySelector(".dd-bar").getBoundingClientRect());
}

// -- actions -----------------------------------------------------------------------------------------
function applyCode(S, code, span) {
  S.lastCode = code;
  S.recent = [code, ...S.recent.filter((c) => c !== code)].slice(0, 5);
  doAction(S, { op: "add", code, start: span.s, end: span.e });
}

function doAction(S, act) {
  act.seq = ++S.seq;
  act.t0 = performance.now();
  const sel = S.sel || {};
  S.sel = null;
  if (act.op !== "undo") {
    const before = [];
    const ids = act.ids || (act.id !== undefined ? [act.id] : []);
    ids.forEach((id) => { const c = S.view.get(String(id)); if (c) before.push({ ...c }); });
    const entry = { act, before, added: [], tempIds: [] };
    act.hist = entry;
    S.history.push(entry);
  }
  S.queue.push(act);
  if (act.op === "add" || act.op === "new_code" || act.op === "recode") {
    const probe = new Map();
    applyOp(S, probe, act.op === "recode" ? { ...act, op: "add", start: 0, end: 0 } : act);
    act.hist.tempIds = [...probe.keys()];
    if (act.op === "recode") act.hist.tempIds = [`t${act.seq}_0`];
  }
  S.pending = null;
  S.ksel = null;
  recompute(S, false);
  const m = { seq: act.seq, op: act.op, t0: act.t0, tUp: sel.tUp, tSelPaint: sel.tSelPaint };
  S.metrics.push(m);
  requestAnimationFrame(() => { m.tHighlight = performance.now(); });
  pump(S);
}

function undo(S) {
  const h = S.history.pop();
  if (!h) { setStatus(S, "ok", s(S, "nothing_to_undo")); return; }
  const queued = S.queue.indexOf(h.act);
  if (queued >= 0) { // never sent: drop it here
    S.queue.splice(queued, 1);
    recompute(S, false);
    return;
  }
  doAction(S, { op: "undo", target: h });
}

function wire(act) {
  const out = {};
  for (const [k, v] of Object.entries(act)) if (!["target", "hist", "t0", "sentAt"].includes(k)) out[k] = v;
  return out;
}

function pump(S) {
  if (S.inflight || !S.queue.length || !S.setTrigger) return;
  S.inflight = S.queue.shift();
  send(S);
}

function send(S) {
  const act = S.inflight;
  if (!act) return;
  act.sentAt = performance.now();
  S.setTrigger("action", { ...wire(act), client: S.client });
  clearTimeout(S.resendTimer);
  S.resendTimer = setTimeout(() => { if (S.inflight === act) send(S); }, 6000);
  showStatus(S);
}

function handleAck(S, last) {
  const act = S.inflight;
  if (!act || !last || last.client !== S.client || last.seq < act.seq) return;
  clearTimeout(S.resendTimer);
  S.inflight = null;
  const m = S.metrics.find((x) => x.seq === act.seq);
  if (m) { m.tStored = performance.now(); m.tSent = act.sentAt; m.tData = S.tData; m.storeMs = last.store_ms; m.viewMs = last.view_ms; }
  if (!last.ok) {
    if (act.hist) S.history = S.history.filter((h) => h !== act.hist);
    S.error = last.error || "error";
  } else {
    S.error = null;
    if (act.hist) act.hist.added = (last.ids || []).map(String);
    if (act.op === "new_code" && last.code) {
      S.lastCode = last.code;
      S.recent = [last.code, ...S.recent.filter((c) => c !== last.code)].slice(0, 5);
    }
    if (act.op === "recode" && act.hist) act.hist.added = (last.ids || []).map(String);
  }
}

function setStatus(S, state, text) {
  S.status.dataset.state = state;
  S.status.textContent = text;
}

function showStatus(S) {
  const n = S.queue.length + (S.inflight ? 1 : 0);
  if (S.error) setStatus(S, "error", S.error);
  else if (S.resizing) setStatus(S, "busy", s(S, "resize_hint"));
  else if (n) setStatus(S, "busy", s(S, "saving", { n }));
  else setStatus(S, "ok", S.seq ? s(S, "saved") : "");
  S.root.dataset.pending = String(n);
}

// -- keyboard ----------------------------------------------------------------------------------------
function setKFocus(S, i, scroll) {
  if (i < 0 || i >= S.turns.length) return;
  if (S.kfocus >= 0 && S.turnEls[S.kfocus]) S.turnEls[S.kfocus].classList.remove("dd-kfocus");
  S.kfocus = i;
  const el = S.turnEls[i];
  el.classList.add("dd-kfocus");
  if (scroll) el.scrollIntoView({ block: "nearest" });
}

function wordEnds(S, t) {
  // [start, end] of every word in turn t, absolute code-point offsets
  const cps = cpsOf(t);
  const out = [];
  let i = 0;
  while (i < cps.length) {
    while (i < cps.length && !isWord(cps[i])) i++;
    const a = i;
    while (i < cps.length && isWord(cps[i])) i++;
    if (i > a) out.push([t.s + a, t.s + i]);
  }
  return out;
}

function growKSel(S, dir) {
  if (S.kfocus < 0) setKFocus(S, 0, true);
  const t = S.turns[S.kfocus];
  const words = wordEnds(S, t);
  if (!words.length) return;
  if (!S.ksel || S.ksel.p !== t.id) S.ksel = { p: t.id, s: words[0][0], e: words[0][1], n: 1 };
  else {
    const n = Math.max(1, Math.min(words.length, S.ksel.n + dir));
    S.ksel = { p: t.id, s: words[0][0], e: words[n - 1][1], n };
  }
  refreshTurns(S);
}

function moveKSelStart(S, dir) {
  // Ctrl+Shift+arrow: the start of the keyboard selection one word on or back
  if (!S.ksel) return growKSel(S, 0);
  const t = S.turnById.get(S.ksel.p);
  const words = wordEnds(S, t);
  let k = words.findIndex((w) => w[0] === S.ksel.s) + dir;
  k = Math.max(0, Math.min(k, words.length - 1));
  if (words[k][0] >= S.ksel.e) return;
  S.ksel = { ...S.ksel, s: words[k][0] };
  refreshTurns(S);
}

function target(S) {
  const span = selectionSpan(S);
  if (span) { window.getSelection().removeAllRanges(); return { s: span[0], e: span[1] }; }
  if (S.ksel) return { s: S.ksel.s, e: S.ksel.e };
  if (S.kfocus >= 0) {
    const t = S.turns[S.kfocus];
    const sn = snap(S, t.s, t.e);
    return sn ? { s: sn[0], e: sn[1] } : null;
  }
  return null;
}

function suggestionsInOrder(S) {
  return [...S.view.values()].filter((c) => c.status === "suggested" && !c.temp).sort((a, b) => a.s - b.s || String(a.id).localeCompare(String(b.id)));
}

function focusSuggestion(S, dir) {
  const list = suggestionsInOrder(S);
  if (!list.length) { S.sfocus = null; refreshTurns(S); return; }
  let k = list.findIndex((c) => String(c.id) === S.sfocus);
  if (k < 0) {
    // the first one after the focused turn
    const from = S.kfocus >= 0 ? S.turns[S.kfocus].s : 0;
    k = dir > 0 ? list.findIndex((c) => c.s >= from) : list.length - 1;
    if (k < 0) k = 0;
  } else k = (k + dir + list.length) % list.length;
  S.sfocus = String(list[k].id);
  refreshTurns(S);
  const turn = S.turnById.get(list[k].p);
  setKFocus(S, turn.i, false);
  const seg = S.doc.querySelector(".dd-sfocus");
  if (seg) seg.scrollIntoView({ block: "center" });
}

function decideFocused(S, op) {
  if (!S.sfocus) return focusSuggestion(S, 1);
  const id = S.sfocus;
  const c = S.view.get(id);
  if (!c || c.status !== "suggested") return;
  doAction(S, { op, id: Number(id) });
  S.sfocus = null;
  focusSuggestion(S, 1);
}

function typing(e) {
  const el = e.composedPath ? e.composedPath()[0] : e.target;
  if (!el || !el.tagName) return false;
  const tag = el.tagName.toLowerCase();
  return tag === "input" || tag === "textarea" || tag === "select" || el.isContentEditable;
}

function ownFocus(S) {
  const el = document.activeElement;
  return !el || el === document.body || S.root.contains(el);
}

function onKey(S, e) {
  if (!S.root.isConnected) { document.removeEventListener("keydown", S.onKey, true); document.removeEventListener("mousedown", S.onDocDown, true); return; }
  if (typing(e)) return;
  const k = e.key;
  if ((e.ctrlKey || e.metaKey) && k.toLowerCase() === "z") { e.preventDefault(); undo(S); return; }
  if (e.ctrlKey || e.metaKey || e.altKey) {
    if (e.ctrlKey && e.shiftKey && (k === "ArrowLeft" || k === "ArrowRight")) { e.preventDefault(); moveKSelStart(S, k === "ArrowRight" ? 1 : -1); }
    return;
  }
  let handled = true;
  if (k === "?") showHelp(S);
  else if (k === "Escape") { closePop(S, true); S.ksel = null; S.resizing = null; refreshTurns(S); showStatus(S); }
  else if (k === "j") { S.ksel = null; setKFocus(S, Math.min(S.turns.length - 1, S.kfocus + 1), true); refreshTurns(S); }
  else if (k === "k") { S.ksel = null; setKFocus(S, Math.max(0, S.kfocus - 1), true); refreshTurns(S); }
  else if (e.shiftKey && k === "ArrowRight") growKSel(S, 1);
  else if (e.shiftKey && k === "ArrowLeft") growKSel(S, -1);
  else if (k === "c" || (k === "Enter" && ownFocus(S))) {
    if (!S.canCode) { setStatus(S, "error", s(S, "no_codebook")); return; }
    const span = target(S);
    if (!span) { handled = false; } else { S.sel = { tUp: performance.now() }; S.ksel = null; setPending(S, [span.s, span.e]); openPicker(S, null); }
  } else if (k === ".") {
    const span = target(S);
    if (span && S.lastCode && S.canCode) { applyCode(S, S.lastCode, span); }
  } else if (k === "n") focusSuggestion(S, 1);
  else if (k === "p") focusSuggestion(S, -1);
  else if (k === "a") decideFocused(S, "accept");
  else if (k === "r") decideFocused(S, "reject");
  else if (k === "z") undo(S);
  else handled = false;
  if (handled) { e.preventDefault(); e.stopPropagation(); }
}
