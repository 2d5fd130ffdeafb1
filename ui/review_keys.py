"""Keyboard shortcuts for the review page: a tiny Components v2 key listener.

The listener presses the page's own buttons (found by their widget key, which Streamlit puts in the
element's ``st-key-<key>`` class), so a key does exactly what the click does, with the same guards
(stale card, double decision, read-only role). Keys never fire while the researcher types in a text
field, a number box or a code picker, nor with Ctrl, Alt or Cmd held (the browser's own shortcuts).
Escape leaves a field, so the next key is a shortcut again. ``?`` shows and hides the list.

Everything is inline (no files, nothing fetched): municipal networks block CDNs.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.i18n import t

# key -> (what it does, how the listener finds the button or field). The list the "?" shows is
# built from this table, so the help and the behaviour cannot drift apart.
KEYS: tuple[tuple[str, str], ...] = (
    ("a", "keys.accept"),
    ("x", "keys.reject"),
    ("1-9", "keys.number"),
    ("j / →", "keys.next"),
    ("k / ←", "keys.previous"),
    ("u", "keys.undo"),
    ("c / /", "keys.picker"),
    ("Enter", "keys.add"),
    (".", "keys.again"),
    ("Esc", "keys.escape"),
    ("?", "keys.help"),
)

_JS = r"""
export default function(component) {
  const { data, parentElement } = component;
  const root = parentElement.querySelector('.duiding-keys') || parentElement;
  const help = root.querySelector('.duiding-keys-help');
  if (help) {
    help.innerHTML = '';
    const title = document.createElement('b');
    title.textContent = data.title;
    help.appendChild(title);
    const table = document.createElement('table');
    for (const [key, label] of data.rows) {
      const tr = document.createElement('tr');
      const k = document.createElement('td');
      const kbd = document.createElement('kbd');
      kbd.textContent = key;
      k.appendChild(kbd);
      const l = document.createElement('td');
      l.textContent = label;
      tr.appendChild(k); tr.appendChild(l);
      table.appendChild(tr);
    }
    help.appendChild(table);
    help.style.display = window.__duidingKeysHelp ? 'block' : 'none';
  }
  // Elements of the previous run linger (data-stale) while a run draws the new ones: never press those.
  // Hidden copies (kept by a fragment's rerun) are skipped the same way.
  const fresh = (el) => !el.closest('[data-stale="true"]') && el.getClientRects().length > 0;
  const byKey = (key) => Array.from(document.querySelectorAll('.st-key-' + key + ' button:not([disabled])')).filter(fresh).pop();
  const buttons = (pattern) => Array.from(document.querySelectorAll('[class*="st-key-"]'))
    .filter((el) => fresh(el) && Array.from(el.classList).some((c) => pattern.test(c)))
    .map((el) => el.querySelector('button'))
    .filter((b) => b);
  const press = (button) => { if (button && !button.disabled) { button.click(); return true; } return false; };
  const typing = (el) => {
    if (!el) return false;
    if (el.isContentEditable) return true;
    const tag = (el.tagName || '').toLowerCase();
    if (tag === 'textarea' || tag === 'select') return true;
    if (tag === 'input') {
      const type = (el.getAttribute('type') || 'text').toLowerCase();
      return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset'].includes(type);
    }
    return el.getAttribute && el.getAttribute('role') === 'combobox';
  };
  const handler = (e) => {
    if (!root.isConnected) return;  // the review page is not shown any more
    const target = e.target;
    if (e.key === 'Escape' && typing(target)) {
      // leave the field; the next key is a shortcut again. A code picker with its menu closed
      // keeps its choice (its own Escape would take it back); an open menu closes first.
      if (target.getAttribute('aria-expanded') !== 'true') {
        e.preventDefault();
        e.stopImmediatePropagation();
        target.blur();
      }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || typing(target)) return;
    const key = e.key;
    if (key === 'Enter' && target && target.closest && target.closest('button, a, [role="button"]')) return;
    let action = null;
    if (key === '?') {
      action = () => {
        window.__duidingKeysHelp = !window.__duidingKeysHelp;
        if (help) help.style.display = window.__duidingKeysHelp ? 'block' : 'none';
        return true;
      };
    } else if (key === 'a' || key === 'A') {
      action = () => press(buttons(/^st-key-acc_\d+$/).find((b) => !b.disabled));
    } else if (key === 'x' || key === 'X') {
      action = () => press(buttons(/^st-key-rej_\d+$/).find((b) => !b.disabled));
    } else if (/^[1-9]$/.test(key)) {
      action = () => press(buttons(/^st-key-(done_)?acc_\d+$/)[parseInt(key, 10) - 1]);
    } else if (key === 'j' || key === 'ArrowRight') {
      action = () => press(byKey('review_next'));
    } else if (key === 'k' || key === 'ArrowLeft') {
      action = () => press(byKey('review_prev'));
    } else if (key === 'u') {
      action = () => press(byKey('review_undo'));
    } else if (key === '.') {
      action = () => press(byKey('review_again'));
    } else if (key === 'Enter') {
      action = () => press(buttons(/^st-key-add_\d+$/).find((b) => !b.disabled));
    } else if (key === 'c' || key === '/') {
      action = () => {
        const picker = Array.from(document.querySelectorAll('[class*="st-key-add_code_"] input')).filter(fresh).pop();
        if (!picker) return false;
        picker.focus();
        picker.click();
        return true;
      };
    }
    if (action === null) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    // A key pressed while the page redraws waits (up to 3 s) for its button; keys run in order.
    window.__duidingKeysQueue = (window.__duidingKeysQueue || []);
    window.__duidingKeysQueue.push({ action, tries: 30 });
    if (!window.__duidingKeysBusy) run();
  };
  const run = () => {
    const queue = window.__duidingKeysQueue || [];
    if (!queue.length) { window.__duidingKeysBusy = false; return; }
    window.__duidingKeysBusy = true;
    const head = queue[0];
    let ok = false;
    try { ok = head.action(); } catch (err) { ok = false; }
    if (ok || --head.tries <= 0) queue.shift();
    setTimeout(run, ok ? 50 : 100);
  };
  if (window.__duidingKeysHandler) {
    window.removeEventListener('keydown', window.__duidingKeysHandler, true);
  }
  window.__duidingKeysHandler = handler;
  window.addEventListener('keydown', handler, true);
}
"""

_CSS = """
.duiding-keys-help { border: 1px solid rgba(128,128,128,.4); border-radius: .5rem; padding: .5rem .8rem; margin: .3rem 0; }
.duiding-keys-help td { padding: 0 .6rem .1rem 0; }
.duiding-keys-help kbd { font-family: monospace; border: 1px solid rgba(128,128,128,.5); border-radius: 3px; padding: 0 .3rem; }
.duiding-keys-hint { opacity: .6; font-size: .85rem; }
"""

_component: Any = None


def key_rows() -> list[tuple[str, str]]:
    """The keys and what they do, in the interface language (what ``?`` lists)."""
    return [(key, t(label)) for key, label in KEYS]


def keyboard(key: str = "review_keys") -> None:
    """Mount the listener (one per page run) with a one-line hint; ``?`` toggles the full list."""
    global _component
    if _component is None:
        _component = st.components.v2.component(
            "duiding_review_keys",
            html='<div class="duiding-keys"><div class="duiding-keys-hint"></div><div class="duiding-keys-help"></div></div>',
            css=_CSS,
            js=_JS,
        )
    st.caption(t("keys.hint"))
    _component(key=key, data={"title": t("keys.title"), "rows": key_rows()}, height="content")
