// Fournil — the till. The cart lives in this tablet (localStorage), so a reload or a dropped
// connection loses nothing; the server prices every change and records the ticket with a
// one-time token, so a retry after a network error never sells twice.
(function () {
  "use strict";
  var root, state, key, entry = "", pending = null;

  function newToken() {
    var a = new Uint8Array(16);
    window.crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function fresh() { return { token: newToken(), lines: [], discount: 0, reason: "", sel: -1 }; }
  function save() { localStorage.setItem(key, JSON.stringify(state)); }
  function load() {
    try { var s = JSON.parse(localStorage.getItem(key) || "null"); if (s && s.lines) return s; } catch (e) { /* a bad copy: start over */ }
    var s2 = fresh(); s2.token = root.dataset.token || s2.token; return s2;
  }
  function cart() {
    return { lines: state.lines.map(function (l) { return { product_id: l.product_id, qty: l.qty, discount: l.discount || 0 }; }),
             discount: state.discount || 0, discount_reason: state.reason || "" };
  }
  function money(cents) {
    var neg = cents < 0, c = Math.abs(cents), da = Math.floor(c / 100).toString(), out = "";
    while (da.length > 3) { out = "\u202f" + da.slice(-3) + out; da = da.slice(0, -3); }
    return (neg ? "-" : "") + da + out + "," + ("0" + (c % 100)).slice(-2) + " DA";
  }
  function number(text) {
    var v = parseFloat(String(text).replace(/\s/g, "").replace(",", "."));
    return isNaN(v) ? null : v;
  }
  function changed() {
    save();
    var form = document.getElementById("till-cart");
    form.querySelector("[name=cart]").value = JSON.stringify(cart());
    window.htmx.trigger(form, "cart-changed");
  }
  function show(text) { document.getElementById("till-entry").textContent = text; }
  function mode(text) { document.getElementById("till-mode").textContent = text; }
  function flash(text) {
    var f = document.getElementById("flash");
    if (f) { f.innerHTML = ""; var d = document.createElement("div"); d.className = "toast error"; d.setAttribute("role", "alert"); d.textContent = text; f.appendChild(d); }
  }

  function tileOf(id) { return root.querySelector('.product-tile[data-id="' + id + '"]'); }
  function unitOf(line) { return line.unit || (tileOf(line.product_id) || { dataset: { unit: "piece" } }).dataset.unit; }
  // A number typed before a product is its quantity (Loyverse, Odoo): "3", then a croissant,
  // sells 3 croissants; for what is weighed, the weight in kg. The number is then used up.
  function typedQty(unit) {
    var v = number(entry);
    entry = ""; show(""); mode("Quantité");
    if (v === null || v <= 0) return null;
    return unit === "piece" ? Math.max(1, Math.round(v)) * 1000 : Math.round(v * 1000000);
  }
  function add(id, qty, known) {
    var tile = tileOf(id), unit = known || (tile ? tile.dataset.unit : "piece");
    if (qty == null && entry !== "") qty = typedQty(unit);
    if (qty == null) {
      if (unit !== "piece") { pending = { id: id, unit: unit }; entry = ""; show(""); mode("Poids de « " + (tile ? tile.dataset.name : "ce produit") + " » en kg, puis « Poids kg »"); return; }
      qty = 1000;
    }
    var last = state.lines[state.lines.length - 1];
    if (unit === "piece" && last && last.product_id === id && !last.discount) { last.qty += qty; state.sel = state.lines.length - 1; }
    else { state.lines.push({ product_id: id, qty: qty, discount: 0, unit: unit }); state.sel = state.lines.length - 1; }
    changed();
  }

  function apply(m) {
    var v = number(entry), line = state.lines[state.sel];
    if (m === "weight") {
      if (v === null || v <= 0) { mode("Saisissez le poids en kg (ex. 0,350)"); return; }
      var milli = Math.round(v * 1000000);
      if (pending !== null) { var p = pending; pending = null; state.lines.push({ product_id: p.id, qty: milli, discount: 0, unit: p.unit }); state.sel = state.lines.length - 1; }
      else if (line) { line.qty = milli; } else { return; }
    } else if (m === "qty") {
      if (!line || v === null || v <= 0) { mode("Touchez une ligne, tapez la quantité, puis « Qté »"); return; }
      line.qty = unitOf(line) === "piece" ? Math.round(v) * 1000 : Math.round(v * 1000000);
    } else if (m === "discount") {
      if (!line || v === null || v < 0) { mode("Touchez une ligne, tapez la remise en DA, puis « Remise ligne »"); return; }
      line.discount = Math.round(v * 100);
    } else if (m === "ticket") {
      if (v === null || v < 0) { mode("Tapez la remise du ticket en DA, puis « Remise ticket »"); return; }
      state.discount = Math.round(v * 100);
    }
    entry = ""; show(""); mode("Quantité");
    changed();
  }

  // ---- Payment panel -------------------------------------------------------------------
  var tenders = [], method = "especes", retries = 0, snapshot = null, retryTimer = null;
  function due() { var t = document.getElementById("till-total"); return t ? parseInt(t.dataset.cents || "0", 10) : 0; }
  function paid() { return tenders.reduce(function (s, t) { return s + t.amount; }, 0); }
  function renderTenders() {
    var ul = document.getElementById("pay-tenders"), status = document.getElementById("pay-status");
    ul.innerHTML = "";
    tenders.forEach(function (t, i) {
      var li = document.createElement("li");
      li.textContent = ({ especes: "Espèces", carte: "Carte", cheque: "Chèque", bon: "Bon" })[t.method] + " " + money(t.amount) + (t.reference ? " (" + t.reference + ")" : "");
      var x = document.createElement("button"); x.type = "button"; x.textContent = "Retirer"; x.className = "secondary";
      x.addEventListener("click", function () { tenders.splice(i, 1); renderTenders(); });
      li.appendChild(x); ul.appendChild(li);
    });
    var typed = number(document.getElementById("pay-amount").value) || 0;
    var rest = due() - paid() - Math.round(typed * 100);
    status.textContent = rest > 0 ? "Reste à payer : " + money(rest) : (rest < 0 ? "Rendu : " + money(-rest) : "Compte juste");
    status.className = "pay-status " + (rest > 0 ? "short" : "ok");
  }
  function addTender() {
    var input = document.getElementById("pay-amount"), v = number(input.value);
    if (v === null || v <= 0) return false;
    tenders.push({ method: method, amount: Math.round(v * 100), reference: document.getElementById("pay-ref").value.trim() });
    input.value = ""; document.getElementById("pay-ref").value = "";
    renderTenders();
    return true;
  }
  function openPay() {
    if (!state.lines.length) { flash("Le ticket est vide."); return; }
    tenders = []; retries = 0;
    document.getElementById("pay-due").textContent = money(due());
    document.getElementById("till-pay-result").innerHTML = "";
    document.getElementById("pay-reason").value = state.reason || "";
    document.getElementById("pay-amount").value = "";
    forgetApproval();
    renderTenders();
    document.getElementById("till-pay").classList.remove("done");
    document.getElementById("till-pay").showModal();
    document.getElementById("pay-amount").focus();
  }
  // The request is taken once, when the seller validates; a retry after a network error sends
  // exactly that request again (same cart, same payments, same token), never a cart edited since.
  function send() {
    var form = document.getElementById("till-checkout");
    form.querySelector("[name=cart]").value = snapshot.cart;
    form.querySelector("[name=payments]").value = snapshot.payments;
    form.querySelector("[name=token]").value = snapshot.token;
    form.querySelector("[name=discount_reason]").value = snapshot.reason;
    var who = form.querySelector("[name=approver_id]"), pin = form.querySelector("[name=pin]");
    // The chooser is the one on screen: a request sent with no approval must not blank it.
    if (who && snapshot.approver) who.value = snapshot.approver;
    if (pin) pin.value = snapshot.pin;
    window.htmx.trigger(form, "submit");
  }
  // Someone's approval of a discount goes with this one request (never kept for the next ticket).
  function approval() {
    var box = document.getElementById("pay-approval"), who = box && box.querySelector("[name=approver_id]"), pin = box && box.querySelector("[name=pin]");
    if (!box || box.hidden || !who || !pin) return { approver: "", pin: "" };
    return { approver: who.value, pin: pin.value.trim() };
  }
  function forgetApproval() {
    var box = document.getElementById("pay-approval"), pin = box && box.querySelector("[name=pin]");
    if (pin) pin.value = "";
    if (box) box.hidden = true;
  }
  function submitCheckout() {
    var a = approval();
    snapshot = { cart: JSON.stringify(cart()), payments: JSON.stringify(tenders), token: state.token, reason: state.reason || "", approver: a.approver, pin: a.pin };
    send();
  }
  function retryLater(why) {
    retries += 1;
    var status = document.getElementById("pay-status");
    status.textContent = why + " : nouvel essai (" + retries + ")… Le ticket n'est pas perdu ; il ne sera enregistré qu'une fois.";
    status.className = "pay-status short";
    clearTimeout(retryTimer);
    retryTimer = setTimeout(send, Math.min(10000, 1500 * retries));
  }
  function stopRetries() { clearTimeout(retryTimer); retryTimer = null; snapshot = null; retries = 0; }
  function validate() {
    addTender();
    if (paid() < due()) { renderTenders(); return; }
    state.reason = document.getElementById("pay-reason").value.trim();
    save();
    submitCheckout();
  }
  function newTicket() {
    stopRetries();
    forgetApproval();
    state = fresh(); save(); entry = ""; show("");
    document.getElementById("till-pay").close();
    changed();
    document.getElementById("till-scan").focus();
  }

  // A refund line's stepper: one more or one less, never below 0 nor beyond what is left.
  function step(b) {
    var input = b.closest("form").querySelector('[name="' + b.dataset.for + '"]');
    if (!input) return;
    var v = (parseInt(input.value, 10) || 0) + parseInt(b.dataset.step, 10), max = parseInt(input.dataset.max, 10);
    input.value = Math.max(0, isNaN(max) ? v : Math.min(max, v)) || "";
  }
  function toast(text) {
    var f = document.getElementById("flash");
    if (f) { f.innerHTML = ""; var d = document.createElement("div"); d.className = "toast ok"; d.setAttribute("role", "status"); d.textContent = text; f.appendChild(d); setTimeout(function () { d.classList.add("gone"); }, 4000); }
  }

  // ---- Wiring -----------------------------------------------------------------------------
  function fold(s) { return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }
  // Category colours come as data (the CSP forbids style attributes); set through the CSSOM.
  function paint(scope) {
    (scope || root).querySelectorAll("[data-color]").forEach(function (el) { el.style.setProperty("--cat", el.dataset.color); });
  }
  function filter() {
    var q = fold(document.getElementById("till-scan").value.trim()), cat = (root.querySelector(".till-tabs .on") || { dataset: { cat: "all" } }).dataset.cat;
    root.querySelectorAll(".product-tile").forEach(function (t) {
      var ok = (cat === "all" || t.dataset.cat === cat) && (!q || fold(t.dataset.name).indexOf(q) >= 0 || (t.dataset.codes || "").split(" ").indexOf(q) >= 0);
      t.hidden = !ok;
    });
  }
  function scan(code) {
    var tile = root.querySelector('.product-tile[data-codes~="' + code.replace(/"/g, "") + '"]');
    fetch("/caisse/code?c=" + encodeURIComponent(code), { credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
      .then(function (res) { if (res.ok) add(res.j.product_id, res.j.qty, res.j.unit); else flash(res.j.error); })
      .catch(function () { if (tile) add(parseInt(tile.dataset.id, 10), null); else flash("Connexion au serveur perdue : code non reconnu."); });
  }

  function init() {
    root = document.getElementById("till");
    if (!root) return;
    key = "fournil-caisse-" + root.dataset.till;
    state = load();
    paint();
    changed();
    root.addEventListener("click", function (e) {
      var t = e.target.closest("button");
      if (!t || !root.contains(t)) return;
      if (t.classList.contains("product-tile")) { add(parseInt(t.dataset.id, 10), null); return; }
      if (t.dataset.key) {
        if (t.dataset.key === "C") entry = ""; else entry += t.dataset.key;
        show(entry);
        if (pending === null) mode(entry ? "Touchez un produit (quantité), ou une fonction" : "Quantité");
        return;
      }
      if (t.dataset.mode) { apply(t.dataset.mode); return; }
      if (t.dataset.cat) { root.querySelectorAll(".till-tabs .tab").forEach(function (b) { b.classList.toggle("on", b === t); }); filter(); return; }
      if (t.dataset.method) {
        method = t.dataset.method;
        root.querySelectorAll(".pay-methods button").forEach(function (b) { b.classList.toggle("on", b === t); });
        document.getElementById("pay-ref-field").hidden = method === "especes";
        return;
      }
      if (t.dataset.quick) {
        var rest = Math.max(0, due() - paid());
        document.getElementById("pay-amount").value = t.dataset.quick === "exact" ? (rest / 100).toString().replace(".", ",") : t.dataset.quick;
        renderTenders();
        return;
      }
      if (t.dataset.open) { document.querySelector(t.dataset.open).showModal(); return; }
      if (t.dataset.parkTag) { document.getElementById("park-label").value = t.dataset.parkTag; return; }
      if (t.dataset.step) { step(t); return; }
      if (t.dataset.reason) { var r = t.closest("form").querySelector("[name=reason]"); if (r) r.value = t.dataset.reason; return; }
      switch (t.dataset.act) {
        case "remove": if (state.sel >= 0) { state.lines.splice(state.sel, 1); state.sel = state.lines.length - 1; changed(); } break;
        case "clear": if (state.lines.length && window.confirm("Vider le ticket en cours ?")) { var tok = state.token; state = fresh(); state.token = tok; changed(); } break;
        case "pay": openPay(); break;
        case "deliver": {
          // The cart sold for delivery: the server's form, in the till's window.
          if (!state.lines.length) { flash("Le ticket est vide."); return; }
          document.getElementById("till-dialog-body").innerHTML = "";
          window.htmx.ajax("POST", "/caisse/livraison/formulaire", { target: "#till-dialog-body", values: { cart: JSON.stringify(cart()) }, source: t });
          document.getElementById("till-dialog").showModal();
          break;
        }
        case "add-tender": addTender(); break;
        case "validate": validate(); break;
        case "close-pay": stopRetries(); document.getElementById("till-pay").close(); break;
        case "close-dialog": document.getElementById("till-dialog").close(); break;
        case "new": newTicket(); break;
        case "park": {
          if (!state.lines.length) { flash("Le ticket est vide."); return; }
          document.getElementById("park-label").value = "";
          document.getElementById("till-park").showModal();
          break;
        }
        case "park-confirm": {
          var label = document.getElementById("park-label").value.trim();
          window.htmx.ajax("POST", "/caisse/attente", { target: "#till-parked-count", swap: "outerHTML", values: { cart: JSON.stringify(cart()), label: label }, source: t });
          break;
        }
        case "close-park": document.getElementById("till-park").close(); break;
      }
    });
    document.getElementById("till-cart-lines") && root.addEventListener("click", function (e) {
      var li = e.target.closest(".cart-line");
      if (!li) return;
      state.sel = parseInt(li.dataset.index, 10); save();
      root.querySelectorAll(".cart-line").forEach(function (x) { x.classList.toggle("sel", x === li); });
    });
    document.getElementById("pay-amount").addEventListener("input", renderTenders);
    // The delivery window: a zone chosen fills in its fee.
    document.getElementById("till-dialog").addEventListener("change", function (e) {
      if (e.target.name !== "zone_id") return;
      var o = e.target.selectedOptions[0], fee = e.target.form && e.target.form.querySelector("[name=fee]");
      if (fee && o) fee.value = o.dataset.fee || "";
    });
    // Enter in the payment panel (the amount, a PIN) validates the payment the one way: a request
    // taken once from the ticket, never the form as it stands.
    document.getElementById("till-checkout").addEventListener("keydown", function (e) {
      if (e.key === "Enter" && e.target.tagName === "INPUT") { e.preventDefault(); validate(); }
    });
    document.getElementById("park-label").addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); root.querySelector("[data-act=park-confirm]").click(); }
    });
    var search = document.getElementById("till-scan");
    search.addEventListener("input", filter);
    search.addEventListener("keydown", function (e) {
      if (e.key !== "Enter") return;
      e.preventDefault();
      var code = search.value.trim();
      search.value = ""; filter();
      if (code) scan(code);
    });
    search.focus();

  }

  // Listeners on the document, registered once: they act on the till present at the time.
  function wire() {
    document.addEventListener("htmx:afterSwap", function (e) {
      if (!root || !document.body.contains(root)) return;
      if (e.target.id === "till-cart-lines" || (e.detail.elt && e.detail.elt.id === "till-cart")) {
        root.querySelectorAll(".cart-line").forEach(function (x) { x.classList.toggle("sel", parseInt(x.dataset.index, 10) === state.sel); });
        document.getElementById("pay-due") && (document.getElementById("pay-due").textContent = money(due()));
      }
      if (e.target.id === "till-grid" || (e.target.querySelector && e.target.querySelector("#till-grid"))) { paint(e.target); filter(); }
    });
    document.addEventListener("htmx:beforeRequest", function (e) {
      var path = e.detail.requestConfig && e.detail.requestConfig.path || "";
      if (/\/reprendre$/.test(path) && state.lines.length) {
        e.preventDefault();
        flash("Terminez ou mettez en attente le ticket en cours avant d'en reprendre un autre.");
      }
    });
    // The ticket is recorded: a new one starts; the grid reloads its stock (sale-done).
    document.addEventListener("sale-done", function () {
      var pay = document.getElementById("till-pay");
      if (pay) pay.classList.add("done");
      forgetApproval();
      state = fresh(); save(); entry = ""; show(""); tenders = [];
      var form = document.getElementById("till-cart");
      form.querySelector("[name=cart]").value = JSON.stringify(cart());
      window.htmx.trigger(form, "cart-changed");
    });
    document.addEventListener("till-need-reason", function () {
      document.getElementById("pay-reason-field").hidden = false;
      document.getElementById("pay-reason").focus();
    });
    // Parked: the ticket empties, the count goes up; the list stays closed until asked for.
    document.addEventListener("till-parked", function (e) {
      var tok = state.token; state = fresh(); state.token = tok; changed();
      var park = document.getElementById("till-park");
      if (park && park.open) park.close();
      toast(e.detail.label ? "Ticket « " + e.detail.label + " » mis en attente." : "Ticket mis en attente.");
    });
    document.addEventListener("till-need-approval", function () {
      var box = document.getElementById("pay-approval");
      if (!box) return;
      box.hidden = false;
      var pin = box.querySelector("[name=pin]");
      if (pin) { pin.value = ""; pin.focus(); }
    });
    document.addEventListener("till-recalled", function (e) {
      state.lines = e.detail.cart.lines || []; state.discount = e.detail.cart.discount || 0; state.reason = e.detail.cart.discount_reason || "";
      state.sel = state.lines.length - 1;
      document.getElementById("till-dialog").close();
      changed();
    });
    // The network dropped, or the server failed, during a checkout: keep the cart and the token,
    // and send the same request again. The server answers the first ticket if the first try had
    // in fact arrived.
    function isCheckout(e) { return e.detail.elt && e.detail.elt.id === "till-checkout" && snapshot; }
    document.addEventListener("htmx:sendError", function (e) { if (isCheckout(e)) retryLater("Connexion perdue"); });
    document.addEventListener("htmx:timeout", function (e) { if (isCheckout(e)) retryLater("Le serveur ne répond pas"); });
    document.addEventListener("htmx:responseError", function (e) {
      if (isCheckout(e) && e.detail.xhr.status >= 500) retryLater("Erreur du serveur");
    });
    document.addEventListener("htmx:afterRequest", function (e) {
      if (e.detail.elt && e.detail.elt.id === "till-checkout" && e.detail.xhr && e.detail.xhr.status > 0 && e.detail.xhr.status < 500) { clearTimeout(retryTimer); retries = 0; }
    });
  }
  wire();
  document.addEventListener("DOMContentLoaded", init);
  // A boosted navigation brings the till in without a page load.
  document.addEventListener("htmx:load", function () {
    var el = document.getElementById("till");
    if (el && el !== root) init();
  });
})();
