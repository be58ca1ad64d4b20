// Keyboard shortcuts for the review queue: j/k move, g grade, i open an investigation, m merge.
"use strict";
(function () {
  const cards = Array.from(document.querySelectorAll("article.incident"));
  let current = -1;
  function select(index) {
    if (!cards.length) return;
    current = Math.max(0, Math.min(cards.length - 1, index));
    cards.forEach((c, i) => c.classList.toggle("current", i === current));
    cards[current].focus();
  }
  function card() { if (current < 0) select(0); return cards[current]; }
  function focusIn(selector) {
    const found = selector();
    if (found) { found.focus(); if (found.select && found.tagName === "INPUT") found.select(); }
  }
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName)) {
      if (event.key === "Escape") { target.blur(); if (current >= 0) cards[current].focus(); }
      return;
    }
    switch (event.key) {
      case "j": select(current + 1); break;
      case "k": select(current - 1); break;
      case "g": focusIn(() => card() && card().querySelector("form.grade select")); break;
      case "i": focusIn(() => card() && card().querySelector("form.investigate input[name=why]")); break;
      case "m": focusIn(() => {
        const id = card() ? card().dataset.id : null;
        const forms = Array.from(document.querySelectorAll("form.merge"));
        const form = forms.find((f) => id && f.dataset.for.split(" ").includes(id)) || forms[0];
        return form ? form.querySelector("input[name=why]") : null;
      }); break;
      default: return;
    }
    event.preventDefault();
  });
})();
