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
  // A cash count shows its running total as it is typed: Σ count × data-cents of each field.
  function money(cents) {
    var da = Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, " ");
    return da + "," + ("0" + (cents % 100)).slice(-2) + " DA";
  }
  document.addEventListener("input", function (e) {
    var grid = e.target.closest("[data-count-total]");
    var out = grid && document.getElementById(grid.dataset.countTotal);
    if (!out) return;
    var cents = 0;
    grid.querySelectorAll("[data-cents]").forEach(function (c) {
      var n = parseInt(c.querySelector("input").value, 10);
      if (n > 0) cents += n * parseInt(c.dataset.cents, 10);
    });
    out.textContent = money(cents);
  });
  document.addEventListener("DOMContentLoaded", function () { settleToasts(); });
  document.addEventListener("htmx:afterSwap", function (e) { settleToasts(e.target); });
  // An error answer from the server is still meant to be shown (htmx 2 drops 4xx and 5xx).
  // 422 (the form with its messages), 409 (a rule's toast), 403 and 429 are answers, not failures.
  // Any other error is shown too, but stays an error (htmx:responseError fires, and the till sends
  // its checkout again): the toast the server sent to the flash area (HX-Retarget, a 404, a 500),
  // or, for a boosted link or form, the server's whole error page.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var xhr = e.detail.xhr, s = xhr.status;
    if (s === 422 || s === 409 || s === 403 || s === 429) { e.detail.shouldSwap = true; e.detail.isError = false; }
    else if (s >= 400 && (xhr.getResponseHeader("HX-Retarget") || e.detail.boosted)) { e.detail.shouldSwap = true; }
  });
  // An error toast answers one element's request: that element's next success takes it away (the
  // till's checkout that went through when it was sent again, a ticket priced again).
  // (In afterSwap, detail.elt is the swapped element; the one that asked is requestConfig.elt.)
  var failedBy = new WeakMap();
  function asker(e) { return e.detail.requestConfig && e.detail.requestConfig.elt; }
  document.addEventListener("htmx:afterSwap", function (e) {
    if (e.detail.failed && e.target.id === "flash" && asker(e)) failedBy.set(asker(e), e.target.lastElementChild);
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var toast = e.detail.successful && asker(e) && failedBy.get(asker(e));
    if (toast) { toast.classList.add("gone"); failedBy.delete(asker(e)); }
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
