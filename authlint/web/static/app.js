// authlint's page: send the draft to /api/check as the writer types, and show the report.
// No framework and no requests anywhere but this server. Offsets in reports are Unicode code
// points (Python's str indices); the textarea counts UTF-16 units, so every offset goes
// through toUnits() before it touches the text.
"use strict";

(function () {
  const DEBOUNCE_MS = 40;
  const CATEGORY_ORDER = ["selfishness", "snark", "self-promotion", "impersonation", "platform", "connection"];
  const CATEGORY_TITLES = {
    "selfishness": "All about me", "snark": "Snark", "self-promotion": "Hard sell",
    "impersonation": "Impersonation", "platform": "Platform", "connection": "Connection (good)",
  };
  const $ = (id) => document.getElementById(id);
  const draft = $("draft"), highlights = $("highlights"), detail = $("detail"), detailBody = $("detail-body");
  const statusEl = $("status"), lengthEl = $("length"), copyButton = $("copy-fixed");
  const platformSelect = $("platform"), authorForm = $("author");

  // What the page last rendered, for the browser tests and the latency benchmark.
  const state = { seq: 0, shown: 0, report: null, text: "", lastInput: 0, timer: 0, platforms: {}, controller: null };
  window.authlint = { last: null, timings: [] };

  // --- text and offsets -------------------------------------------------------------------------

  /** UTF-16 index of every code point boundary of text (length: code points + 1). */
  function unitIndex(text) {
    const out = [];
    let u = 0;
    for (const ch of text) { out.push(u); u += ch.length; }
    out.push(u);
    return out;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  // --- talking to the server ---------------------------------------------------------------------

  function authorProfile() {
    const out = {};
    for (const input of authorForm.elements) {
      const value = input.value.trim();
      if (!value) continue;
      out[input.name] = input.name === "name" ? value : value.split(",").map((s) => s.trim()).filter(Boolean);
    }
    return Object.keys(out).length ? out : null;
  }

  function schedule(delay) {
    clearTimeout(state.timer);
    state.timer = setTimeout(check, delay);
  }

  async function check() {
    const text = draft.value;
    const seq = ++state.seq;
    if (state.controller) state.controller.abort();
    const controller = state.controller = new AbortController();
    const body = { text: text, platform: platformSelect.value || null, author: authorProfile() };
    statusEl.textContent = "Checking…";
    let response, data;
    try {
      response = await fetch("/api/check", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), signal: controller.signal,
      });
      data = await response.json();
    } catch (err) {
      if (err.name === "AbortError") return;
      statusEl.textContent = "The server did not answer: is authlint serve still running?";
      return;
    }
    if (seq !== state.seq || draft.value !== text) return; // a newer draft is on its way
    if (!response.ok) {
      statusEl.textContent = data && data.error ? data.error : "The server refused the draft (" + response.status + ").";
      return;
    }
    render(data, text);
    const latency = performance.now() - state.lastInput;
    if (state.lastInput) window.authlint.timings.push(latency);
    window.authlint.last = { text: text, report: data, latency: latency, seq: seq };
    state.lastInput = 0;
    document.body.dataset.checked = String(seq);
  }

  // --- rendering ----------------------------------------------------------------------------------

  /** Marks never nest: a finding overlapping the previous mark joins it. */
  function groupFindings(findings) {
    const groups = [];
    for (const f of [...findings].sort((a, b) => a.start - b.start || b.end - a.end)) {
      const last = groups[groups.length - 1];
      if (last && f.start < last.end) { last.findings.push(f); last.end = Math.max(last.end, f.end); }
      else groups.push({ start: f.start, end: f.end, findings: [f] });
    }
    return groups;
  }

  function render(report, text) {
    state.report = report;
    state.text = text;
    const units = unitIndex(text);
    const groups = groupFindings(report.findings);
    highlights.replaceChildren();
    let at = 0;
    groups.forEach((g, i) => {
      const start = units[g.start], end = units[g.end];
      if (start > at) highlights.append(document.createTextNode(text.slice(at, start)));
      const first = g.findings[0];
      const label = g.findings.map((f) => f.rule + ": " + f.message).join("; ");
      highlights.append(el("mark", {
        class: "hl cat-" + first.category + (first.category === "connection" ? " good" : ""),
        id: "hl-" + i, tabindex: "0", "data-start": g.start, "data-end": g.end,
        "data-rules": g.findings.map((f) => f.rule).join(" "), "data-category": first.category,
        "aria-label": label, "aria-describedby": "detail", "aria-haspopup": "dialog",
        onfocus: () => { openedByHover = false; showDetail(i); }, onkeydown: (e) => markKey(e, i),
      }, text.slice(start, end)));
      at = end;
    });
    highlights.append(document.createTextNode(text.slice(at) + "\u200b"));
    state.groups = groups;
    hideDetail();
    renderFindings(report, groups);
    renderScore(report);
    renderLength(report);
    const fixed = report.fixed_text;
    copyButton.disabled = false;
    copyButton.textContent = fixed !== text ? "Copy the fixed post" : "Copy the post";
    const n = report.findings.filter((f) => f.category !== "connection").length;
    statusEl.textContent = text.trim() ? (n ? n + (n === 1 ? " thing" : " things") + " to look at" : "Nothing undermines trust here") : "";
  }

  function suggestionList(f) {
    const list = el("ul", { class: "suggestions" });
    for (const s of f.suggestions) {
      const item = el("li", {}, el("span", { text: s.text }));
      if (s.replacement !== null && s.replacement !== undefined) {
        const what = s.replacement === "" ? "Remove '" + f.text + "'" : "Replace with '" + s.replacement + "'";
        item.append(" ", el("button", {
          type: "button", class: "apply", "data-rule": f.rule, "data-start": f.start,
          text: what, onclick: () => applyReplacement(f, s.replacement),
        }));
      }
      list.append(item);
    }
    return list;
  }

  function findingBlock(f, titleId) {
    return el("div", { class: "finding cat-" + f.category },
      el("p", { class: "finding-head", id: titleId },
        el("span", { class: "chip cat-" + f.category, text: CATEGORY_TITLES[f.category] || f.category }), " ",
        el("code", { text: f.rule }), " ", el("span", { class: "message", text: f.message })),
      el("p", { class: "why", text: f.why }),
      f.suggestions.length ? suggestionList(f) : null);
  }

  function renderFindings(report, groups) {
    const list = $("findings");
    list.replaceChildren();
    const ordered = [...report.findings].sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
    for (const f of ordered) {
      const g = groups.findIndex((g) => g.findings.includes(f));
      const item = el("li", { class: "cat-" + f.category, "data-rule": f.rule, "data-start": f.start, "data-end": f.end },
        findingBlock(f, null),
        el("button", { type: "button", class: "link", text: "Show in the draft", onclick: () => $("hl-" + g).focus() }));
      list.append(item);
    }
    $("findings-count").textContent = report.findings.length ? "(" + report.findings.length + ")" : "";
    const notices = $("notices");
    notices.replaceChildren(...report.notices.map((n) => el("p", { class: "notice " + n.severity, role: "note", text: n.message })));
  }

  function renderScore(report) {
    const score = report.score === null ? 0 : report.score;
    $("gauge-value").setAttribute("stroke-dasharray", score + " 100");
    $("gauge-value").setAttribute("class", "gauge-value " + (score >= 90 ? "high" : score >= 70 ? "mid" : "low"));
    $("gauge-number").textContent = report.score === null ? "–" : String(Math.round(score));
    $("gauge").setAttribute("aria-valuenow", String(score));
    $("gauge").setAttribute("aria-valuetext", Math.round(score) + " out of 100");
    const bars = $("bars");
    bars.replaceChildren();
    const names = Object.keys(report.categories).sort((a, b) => rank(a) - rank(b));
    for (const name of names) {
      const value = report.categories[name];
      const fill = el("span", { class: "fill cat-" + name });
      fill.style.width = Math.max(0, Math.min(100, value)) + "%";
      bars.append(el("li", { "data-category": name },
        el("span", { class: "bar-label", text: CATEGORY_TITLES[name] || name }),
        el("span", { class: "bar", role: "meter", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": value,
                     "aria-label": (CATEGORY_TITLES[name] || name) + " " + value }, fill),
        el("span", { class: "bar-value", text: String(Math.round(value)) })));
    }
  }

  function rank(category) {
    const i = CATEGORY_ORDER.indexOf(category);
    return i < 0 ? CATEGORY_ORDER.length : i;
  }

  const COUNTING = {
    weighted: "weighted characters (most scripts' letters 1, CJK and emoji 2, every link 23)",
    graphemes: "characters as you see them (an emoji family is 1)",
    characters: "characters",
  };

  function renderLength(report) {
    const length = report.length;
    lengthEl.classList.toggle("over", Boolean(length && length.over));
    if (!length) { lengthEl.textContent = "Pick a platform to see its length count."; return; }
    const platform = state.platforms[platformSelect.value];
    lengthEl.textContent = length.count + " / " + length.limit + " " + (COUNTING[length.counting] || length.counting)
      + (length.over ? ": " + length.over + " over " + (platform ? platform.title : "the platform") + "'s limit" : "");
  }

  function renderPlatformRules() {
    const out = $("platform-rules");
    out.replaceChildren();
    const p = state.platforms[platformSelect.value];
    if (!p) { out.append(el("dt", { text: "Platform rules" }), el("dd", { text: "Choose a platform to check its length, hashtag and link rules." })); return; }
    const rows = [
      ["Length limit", p.length.limit + " " + (COUNTING[p.length.counting] || p.length.counting)
        + (p.length.url_length ? "; links count " + p.length.url_length : "")
        + (p.length.mention_local_part ? "; @user@server counts as @user" : "")],
      ["Hashtags", (p.hashtags.max !== null ? "at most " + p.hashtags.max : "no hard cap")
        + (p.hashtags.recommended !== null ? "; more than " + p.hashtags.recommended + " reads as reach-bait" : "")],
      ["Links", p.links.clickable ? "clickable in the post" : "not clickable in the post (readers cannot follow them)"],
    ];
    for (const [term, text] of rows) out.append(el("dt", { text: term }), el("dd", { text: text }));
  }

  // --- the detail popup and applying suggestions -------------------------------------------------

  let detailFor = -1;

  function showDetail(i) {
    const g = state.groups && state.groups[i];
    if (!g) return;
    detailFor = i;
    detailBody.replaceChildren(...g.findings.map((f, k) => findingBlock(f, k === 0 ? "detail-title" : null)));
    detail.hidden = false;
    const mark = $("hl-" + i), box = $("editor").getBoundingClientRect(), rect = mark.getBoundingClientRect();
    const parent = detail.offsetParent ? detail.offsetParent.getBoundingClientRect() : { left: 0, top: 0 };
    const left = Math.max(0, Math.min(rect.left - parent.left, box.right - parent.left - detail.offsetWidth));
    detail.style.left = left + "px";
    detail.style.top = (rect.bottom - parent.top + 6) + "px";
  }

  function hideDetail() {
    detail.hidden = true;
    detailFor = -1;
  }

  function markKey(event, i) {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      showDetail(i);
      const button = detail.querySelector("button");
      if (button) button.focus();
    } else if (event.key === "Escape") {
      hideDetail();
      draft.focus();
    }
  }

  function applyReplacement(f, replacement) {
    const text = state.text;
    if (draft.value !== text) return; // the draft changed since: the offsets no longer apply
    const units = unitIndex(text);
    const start = units[f.start], end = units[f.end];
    draft.value = text.slice(0, start) + replacement + text.slice(end);
    draft.focus();
    draft.setSelectionRange(start + replacement.length, start + replacement.length);
    statusEl.textContent = "Applied: " + f.rule;
    changed(0);
  }

  async function copyFixed() {
    const text = state.report ? state.report.fixed_text : draft.value;
    try {
      await navigator.clipboard.writeText(text);
    } catch (err) {
      const scratch = el("textarea", { class: "scratch", "aria-hidden": "true" });
      scratch.value = text;
      document.body.append(scratch);
      scratch.select();
      document.execCommand("copy");
      scratch.remove();
    }
    copyButton.dataset.copied = text;
    statusEl.textContent = "Copied the " + (text !== draft.value ? "fixed " : "") + "post.";
  }

  // --- events -------------------------------------------------------------------------------------

  function autosize() {
    draft.style.height = "auto";
    draft.style.height = draft.scrollHeight + "px";
  }

  function changed(delay) {
    state.lastInput = performance.now();
    autosize();
    try { localStorage.setItem("authlint.draft", draft.value); } catch (err) { /* private mode */ }
    schedule(delay);
  }

  draft.addEventListener("input", () => changed(DEBOUNCE_MS));
  draft.addEventListener("scroll", () => { highlights.scrollTop = draft.scrollTop; });
  platformSelect.addEventListener("change", () => {
    renderPlatformRules();
    try { localStorage.setItem("authlint.platform", platformSelect.value); } catch (err) { /* ignore */ }
    changed(0);
  });
  authorForm.addEventListener("input", () => {
    try { localStorage.setItem("authlint.author", JSON.stringify(authorProfile() || {})); } catch (err) { /* ignore */ }
    changed(DEBOUNCE_MS * 3);
  });
  authorForm.addEventListener("submit", (e) => e.preventDefault());
  copyButton.addEventListener("click", copyFixed);
  detail.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && detailFor >= 0) { const i = detailFor; hideDetail(); $("hl-" + i).focus(); }
  });
  highlights.addEventListener("focusout", (e) => {
    if (!detail.contains(e.relatedTarget) && !(e.relatedTarget && e.relatedTarget.classList.contains("hl"))) hideDetail();
  });
  detail.addEventListener("focusout", (e) => {
    if (!detail.contains(e.relatedTarget) && !(e.relatedTarget && e.relatedTarget.classList.contains("hl"))) hideDetail();
  });
  // Highlights lie under the pointer's path to the textarea (so clicks still place the caret):
  // hovering is found from the marks' boxes.
  // A popup opened by hovering closes a moment after the pointer leaves both mark and popup.
  let hoverClose = 0, openedByHover = false;
  const closeSoon = () => {
    clearTimeout(hoverClose);
    if (openedByHover) hoverClose = setTimeout(() => { if (openedByHover) { openedByHover = false; hideDetail(); } }, 400);
  };
  $("editor").addEventListener("mousemove", (e) => {
    const marks = highlights.querySelectorAll("mark");
    for (let i = 0; i < marks.length; i++) {
      for (const r of marks[i].getClientRects()) {
        if (e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom) {
          clearTimeout(hoverClose);
          if (detailFor !== i) { showDetail(i); openedByHover = document.activeElement !== marks[i]; }
          return;
        }
      }
    }
    closeSoon();
  });
  $("editor").addEventListener("mouseleave", closeSoon);
  detail.addEventListener("mouseenter", () => clearTimeout(hoverClose));
  detail.addEventListener("mouseleave", closeSoon);
  detail.addEventListener("focusin", () => { openedByHover = false; clearTimeout(hoverClose); });
  document.addEventListener("mousedown", (e) => {
    if (!detail.hidden && !detail.contains(e.target) && !$("editor").contains(e.target)) hideDetail();
  });

  async function start() {
    try {
      const [platformsResponse, health] = await Promise.all([fetch("/api/platforms"), fetch("/health")]);
      for (const p of (await platformsResponse.json()).platforms) {
        state.platforms[p.name] = p;
        platformSelect.append(el("option", { value: p.name, text: p.title }));
      }
      const h = await health.json();
      $("version").textContent = "authlint " + h.version;
    } catch (err) {
      statusEl.textContent = "Could not reach the server.";
    }
    $("legend").replaceChildren(...CATEGORY_ORDER.map((c) => el("li", {}, el("span", { class: "swatch cat-" + c }), " " + CATEGORY_TITLES[c])));
    try {
      const saved = JSON.parse(localStorage.getItem("authlint.author") || "{}");
      for (const input of authorForm.elements) {
        const v = saved[input.name];
        if (v) input.value = Array.isArray(v) ? v.join(", ") : v;
      }
      const platform = localStorage.getItem("authlint.platform");
      if (platform && state.platforms[platform]) platformSelect.value = platform;
      if (!draft.value) draft.value = localStorage.getItem("authlint.draft") || "";
    } catch (err) { /* storage unavailable */ }
    renderPlatformRules();
    autosize();
    document.body.dataset.ready = "1";
    check();
  }

  start();
})();
