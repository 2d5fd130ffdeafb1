// Duiding code tree component (Streamlit Components v2, served from this repository; nothing is fetched).
//
// The codebook as a collapsible tree with counts. Drag a code onto another code: it becomes that code's
// last child; onto the upper or lower edge of a code: it goes just before or after it (same parent);
// onto the "top level" strip: it becomes a top-level code. Keyboard: arrows walk the tree (Right/Left
// open and close), Enter opens a code, Alt+Shift+Right/Left indent/outdent, Alt+Shift+Up/Down move a code
// among its siblings. A drop onto the code itself or one of its descendants is refused here (and again by
// the store). Each move is sent to Python as one trigger value {op, code, parent, before, seq}; Python
// stores it (one undoable step) and the page draws the tree again from what is stored.

function esc(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function s(S, key, params) {
  let text = S.str[key] || key;
  for (const [k, v] of Object.entries(params || {})) text = text.split(`{${k}}`).join(String(v));
  return text;
}

function init(host) {
  const S = { rows: [], byId: new Map(), kids: new Map(), collapsed: new Set(), focusId: null, drag: null,
    seq: 0, str: {}, readOnly: false, selected: null, hadFocus: false, moves: 0 };
  const root = document.createElement("div");
  root.className = "ct-tree";
  root.innerHTML = `<div class="ct-root" data-zone="root"></div><div class="ct-legend"></div><div class="ct-list" role="tree"></div><div class="ct-status" aria-live="polite"></div><div class="ct-keys"></div>`;
  host.appendChild(root);
  S.root = root;
  S.list = root.querySelector(".ct-list");
  S.rootZone = root.querySelector(".ct-root");
  S.status = root.querySelector(".ct-status");
  S.list.addEventListener("click", (e) => onClick(S, e));
  S.list.addEventListener("keydown", (e) => onKey(S, e));
  S.list.addEventListener("focusin", (e) => { const r = e.target.closest(".ct-row"); if (r) S.focusId = r.dataset.id; });
  S.list.addEventListener("dragstart", (e) => onDragStart(S, e));
  S.list.addEventListener("dragend", () => endDrag(S));
  for (const el of [S.list, S.rootZone]) {
    el.addEventListener("dragover", (e) => onDragOver(S, e));
    el.addEventListener("dragleave", (e) => { if (!el.contains(e.relatedTarget)) clearMarks(S); });
    el.addEventListener("drop", (e) => onDrop(S, e));
  }
  window.__ddCodeTree = S; // tests read the state here
  return S;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let S = parentElement.__ddCodeTree;
  if (!S || !S.root.isConnected) {
    S = init(parentElement);
    parentElement.__ddCodeTree = S;
  }
  S.setTrigger = setTriggerValue;
  update(S, data || {});
}

function update(S, data) {
  S.hadFocus = S.root.contains(document.activeElement);
  S.str = data.strings || S.str;
  S.readOnly = !!data.read_only;
  S.selected = data.selected || null;
  S.rows = data.rows || [];
  S.byId = new Map(S.rows.map((r) => [r.id, r]));
  S.kids = new Map();
  for (const r of S.rows) {
    const p = r.parent && S.byId.has(r.parent) ? r.parent : "";
    if (!S.kids.has(p)) S.kids.set(p, []);
    S.kids.get(p).push(r.id);
  }
  if (!S.focusId || !S.byId.has(S.focusId)) S.focusId = S.selected || (S.rows[0] && S.rows[0].id) || null;
  S.rootZone.textContent = s(S, "root_zone");
  S.rootZone.hidden = S.readOnly;
  S.root.querySelector(".ct-legend").textContent = s(S, "legend");
  S.root.querySelector(".ct-keys").textContent = s(S, S.readOnly ? "keys_read" : "keys");
  S.list.setAttribute("aria-label", s(S, "label"));
  if (data.error) setStatus(S, data.error, true);
  else if (data.done) setStatus(S, data.done, false);
  draw(S);
}

function setStatus(S, text, error) {
  S.status.textContent = text || "";
  S.status.dataset.state = error ? "error" : "ok";
}

function parentOf(S, id) {
  const r = S.byId.get(id);
  return r && r.parent && S.byId.has(r.parent) ? r.parent : null;
}

function siblings(S, id) {
  return S.kids.get(parentOf(S, id) || "") || [];
}

function descendants(S, id) {
  const out = new Set([id]);
  const stack = [id];
  while (stack.length) {
    for (const k of S.kids.get(stack.pop()) || []) if (!out.has(k)) { out.add(k); stack.push(k); }
  }
  return out;
}

function visibleRows(S) {
  const out = [];
  let hideBelow = null; // depth below which rows are hidden (an ancestor is collapsed)
  for (const r of S.rows) {
    if (hideBelow !== null && r.depth > hideBelow) continue;
    hideBelow = null;
    out.push(r);
    if (S.collapsed.has(r.id) && (S.kids.get(r.id) || []).length) hideBelow = r.depth;
  }
  return out;
}

function draw(S) {
  const rows = visibleRows(S);
  const html = rows.map((r) => {
    const kids = (S.kids.get(r.id) || []).length;
    const open = !S.collapsed.has(r.id);
    const sel = r.id === S.selected;
    const sib = siblings(S, r.id);
    const toggle = kids ? `<span class="ct-toggle" data-toggle="1" aria-hidden="true">${open ? "▾" : "▸"}</span>` : `<span class="ct-toggle ct-leaf" aria-hidden="true"></span>`;
    const counts = `<span class="ct-n" title="${esc(s(S, "n_title", { n: r.n, below: r.below, open: r.open }))}">${r.n}${r.below !== r.n ? ` <span class="ct-below">(${r.below})</span>` : ""}${r.open ? ` <span class="ct-open">+${r.open}</span>` : ""}</span>`;
    return `<div class="ct-row${sel ? " ct-sel" : ""}" role="treeitem" data-id="${esc(r.id)}" aria-level="${r.depth + 1}" aria-setsize="${sib.length}" aria-posinset="${sib.indexOf(r.id) + 1}"${kids ? ` aria-expanded="${open}"` : ""} aria-selected="${sel}" tabindex="-1" draggable="${S.readOnly ? "false" : "true"}" style="padding-left:${0.3 + r.depth * 1.2}em">${toggle}<span class="ct-dot" style="background:${esc(r.colour || "#999")}"></span><span class="ct-name">${esc(r.name)}</span>${counts}</div>`;
  }).join("");
  S.list.innerHTML = html || `<div class="ct-empty">${esc(s(S, "empty"))}</div>`;
  const focusRow = rowEl(S, S.focusId) || S.list.querySelector(".ct-row");
  if (focusRow) {
    focusRow.tabIndex = 0;
    if (S.hadFocus) focusRow.focus({ preventScroll: false });
  }
}

function rowEl(S, id) {
  if (!id) return null;
  for (const el of S.list.querySelectorAll(".ct-row")) if (el.dataset.id === id) return el;
  return null;
}

function focusRow(S, id) {
  const el = rowEl(S, id);
  if (!el) return;
  for (const other of S.list.querySelectorAll(".ct-row[tabindex='0']")) other.tabIndex = -1;
  el.tabIndex = 0;
  S.focusId = id;
  el.focus();
}

function send(S, action) {
  S.seq += 1;
  S.setTrigger("action", { ...action, seq: S.seq });
}

function move(S, code, parent, before) {
  if (S.readOnly) { setStatus(S, s(S, "read_only"), true); return false; }
  if (parent && descendants(S, code).has(parent)) { setStatus(S, s(S, "cycle", { code: S.byId.get(code).name }), true); return false; }
  const sib = (S.kids.get(parent || "") || []).filter((k) => k !== code);
  if (before && !sib.includes(before)) before = null;
  const now = siblings(S, code);
  const next = now[now.indexOf(code) + 1] || null;
  if ((parentOf(S, code) || null) === (parent || null) && next === (before || null)) return false; // already there
  S.moves += 1;
  S.focusId = code;
  S.hadFocus = true;
  if (parent) S.collapsed.delete(parent); // show where it went
  setStatus(S, s(S, "moving", { code: S.byId.get(code).name }), false);
  send(S, { op: "move", code, parent: parent || null, before: before || null });
  return true;
}

function onClick(S, e) {
  const row = e.target.closest(".ct-row");
  if (!row) return;
  const id = row.dataset.id;
  if (e.target.closest("[data-toggle]")) { toggle(S, id); return; }
  focusRow(S, id);
  open(S, id);
}

function open(S, id) {
  if (id === S.selected) return;
  S.selected = id;
  send(S, { op: "select", code: id });
}

function toggle(S, id) {
  if (S.collapsed.has(id)) S.collapsed.delete(id); else S.collapsed.add(id);
  S.hadFocus = true;
  S.focusId = id;
  draw(S);
}

function onKey(S, e) {
  const row = e.target.closest(".ct-row");
  if (!row) return;
  const id = row.dataset.id;
  const vis = visibleRows(S).map((r) => r.id);
  const i = vis.indexOf(id);
  const k = e.key;
  const kids = S.kids.get(id) || [];
  let handled = true;
  if (e.altKey && e.shiftKey) {
    const sib = siblings(S, id);
    const j = sib.indexOf(id);
    const parent = parentOf(S, id);
    if (k === "ArrowRight") { if (j > 0) move(S, id, sib[j - 1], null); else setStatus(S, s(S, "no_indent"), true); }
    else if (k === "ArrowLeft") {
      if (parent) { const up = siblings(S, parent); move(S, id, parentOf(S, parent), up[up.indexOf(parent) + 1] || null); }
      else setStatus(S, s(S, "no_outdent"), true);
    } else if (k === "ArrowUp") { if (j > 0) move(S, id, parent, sib[j - 1]); }
    else if (k === "ArrowDown") { if (j + 1 < sib.length) move(S, id, parent, sib[j + 2] || null); }
    else handled = false;
  } else if (e.ctrlKey || e.metaKey || e.altKey) handled = false;
  else if (k === "ArrowDown") { if (i + 1 < vis.length) focusRow(S, vis[i + 1]); }
  else if (k === "ArrowUp") { if (i > 0) focusRow(S, vis[i - 1]); }
  else if (k === "Home") focusRow(S, vis[0]);
  else if (k === "End") focusRow(S, vis[vis.length - 1]);
  else if (k === "ArrowRight") { if (kids.length && S.collapsed.has(id)) toggle(S, id); else if (kids.length) focusRow(S, kids[0]); }
  else if (k === "ArrowLeft") { if (kids.length && !S.collapsed.has(id)) toggle(S, id); else if (parentOf(S, id)) focusRow(S, parentOf(S, id)); }
  else if (k === "Enter" || k === " ") open(S, id);
  else handled = false;
  if (handled) { e.preventDefault(); e.stopPropagation(); }
}

// -- dragging ------------------------------------------------------------------------------------------
function onDragStart(S, e) {
  const row = e.target.closest && e.target.closest(".ct-row");
  if (!row || S.readOnly) { e.preventDefault(); return; }
  S.drag = row.dataset.id;
  S.forbidden = descendants(S, S.drag);
  e.dataTransfer.effectAllowed = "move";
  e.dataTransfer.setData("text/plain", S.drag);
  row.classList.add("ct-dragging");
}

function endDrag(S) {
  S.drag = null;
  clearMarks(S);
  for (const el of S.list.querySelectorAll(".ct-dragging")) el.classList.remove("ct-dragging");
}

function clearMarks(S) {
  for (const el of S.root.querySelectorAll(".ct-into, .ct-before, .ct-after, .ct-no, .ct-over")) {
    el.classList.remove("ct-into", "ct-before", "ct-after", "ct-no", "ct-over");
  }
}

// where a drop at this point would put the dragged code: {parent, before, el, cls} or {refused}
function dropTarget(S, e) {
  if (S.rootZone.contains(e.target)) return { parent: null, before: null, el: S.rootZone, cls: "ct-over" };
  const row = e.target.closest && e.target.closest(".ct-row");
  if (!row) return null;
  const id = row.dataset.id;
  if (S.forbidden.has(id)) return { refused: true, el: row };
  const box = row.getBoundingClientRect();
  const y = (e.clientY - box.top) / Math.max(1, box.height);
  const parent = parentOf(S, id);
  if (y < 0.25) return { parent, before: id, el: row, cls: "ct-before" };
  if (y > 0.75) {
    const sib = siblings(S, id).filter((k) => k !== S.drag);
    return { parent, before: sib[sib.indexOf(id) + 1] || null, el: row, cls: "ct-after" };
  }
  return { parent: id, before: null, el: row, cls: "ct-into" };
}

function onDragOver(S, e) {
  if (!S.drag) return;
  const t = dropTarget(S, e);
  clearMarks(S);
  if (!t) return;
  if (t.refused) { // no drop here (the browser shows "not allowed"); say why
    t.el.classList.add("ct-no");
    e.dataTransfer.dropEffect = "none";
    setStatus(S, s(S, "cycle", { code: S.byId.get(S.drag).name }), true);
    return;
  }
  e.preventDefault();
  e.dataTransfer.dropEffect = "move";
  t.el.classList.add(t.cls);
}

function onDrop(S, e) {
  if (!S.drag) return;
  e.preventDefault();
  const t = dropTarget(S, e);
  const code = S.drag;
  endDrag(S);
  if (!t) return;
  if (t.refused) { setStatus(S, s(S, "cycle", { code: S.byId.get(code).name }), true); return; }
  move(S, code, t.parent, t.before);
}
