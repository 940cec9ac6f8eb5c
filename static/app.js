// Fournil: the little the pages need beyond htmx. No inline scripts (CSP: script-src 'self').
(function () {
  "use strict";
  // Toasts fade after a while; errors stay until touched.
  function settleToasts(root) {
    (root || document).querySelectorAll(".toast.ok, .toast.warning").forEach(function (t) {
      if (t.dataset.timer) return;
      t.dataset.timer = "1";
      setTimeout(function () { t.classList.add("gone"); }, 6000);
    });
  }
  document.addEventListener("click", function (e) {
    // A menu dropdown closes when another opens or the page is touched elsewhere.
    document.querySelectorAll("details.menu-group[open]").forEach(function (d) {
      if (!d.contains(e.target)) d.removeAttribute("open");
    });
    var toast = e.target.closest(".toast");
    if (toast) toast.classList.add("gone");
    var print = e.target.closest("[data-print]");
    if (print) { e.preventDefault(); window.print(); }
  });
  // Plain (non-htmx) forms that need a confirmation carry data-confirm.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) e.preventDefault();
  });
  document.addEventListener("DOMContentLoaded", function () { settleToasts(); });
  document.addEventListener("htmx:afterSwap", function (e) { settleToasts(e.target); });
  // An error answer from the server is still meant to be shown (422 forms, 409 toasts).
  document.addEventListener("htmx:beforeSwap", function (e) {
    var s = e.detail.xhr.status;
    if (s === 422 || s === 409 || s === 403 || s === 429) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });
  // The lab board: an optional beep when new orders arrive (the choice is kept by the tablet).
  var soundOn = function () { return window.localStorage && localStorage.getItem("fournil-son") === "1"; };
  var showSound = function () {
    document.querySelectorAll("[data-sound-toggle]").forEach(function (b) {
      b.setAttribute("aria-pressed", soundOn() ? "true" : "false");
      b.textContent = soundOn() ? "Son : activé" : "Son : coupé";
    });
  };
  document.addEventListener("click", function (e) {
    if (!e.target.closest("[data-sound-toggle]") || !window.localStorage) return;
    localStorage.setItem("fournil-son", soundOn() ? "0" : "1");
    showSound();
  });
  document.addEventListener("DOMContentLoaded", showSound);
  var boardCount = null;
  document.addEventListener("htmx:afterSwap", function () {
    var board = document.getElementById("lab-board");
    if (!board) { boardCount = null; return; }
    var n = parseInt(board.dataset.count || "0", 10);
    if (boardCount !== null && n > boardCount && soundOn() && window.AudioContext) {
      var ctx = new AudioContext(), osc = ctx.createOscillator();
      osc.frequency.value = 880; osc.connect(ctx.destination); osc.start(); osc.stop(ctx.currentTime + 0.3);
    }
    boardCount = n;
  });
  // The network dropped: say so instead of doing nothing.
  document.addEventListener("htmx:sendError", function (e) {
    // The till retries its own checkout with the same ticket token (till.js) and says so.
    if (e.detail.elt && e.detail.elt.id === "till-checkout") return;
    var flash = document.getElementById("flash");
    if (flash) flash.innerHTML = '<div class="toast error" role="alert">Connexion au serveur perdue. Rien n\'a été enregistré ; réessayez.</div>';
  });
})();
