/* Kiosk idle reset. A classic script (no modules, no fetch) because the
   kiosk opens pages from file://, where both are blocked. */
(function () {
  "use strict";
  var dialog = document.getElementById("idle-dialog");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var idleMs = Number(dialog.getAttribute("data-idle-seconds")) * 1000;
  var countdownFrom = Number(dialog.getAttribute("data-countdown-seconds"));
  var home = dialog.getAttribute("data-home");
  var count = document.getElementById("idle-dialog-count");
  var idleTimer = null;
  var tickTimer = null;
  var remaining = 0;

  function goHome() {
    window.clearInterval(tickTimer);
    try { sessionStorage.setItem("kiosk-reset", "1"); } catch (e) { /* storage may be off */ }
    window.location.replace(home);
  }

  function tick() {
    remaining -= 1;
    count.textContent = String(remaining);
    if (remaining <= 0) goHome();
  }

  function ask() {
    remaining = countdownFrom;
    count.textContent = String(remaining);
    dialog.showModal();
    tickTimer = window.setInterval(tick, 1000);
  }

  function restart() {
    window.clearTimeout(idleTimer);
    if (dialog.open) return; // only the button answers the question
    idleTimer = window.setTimeout(ask, idleMs);
  }

  document.getElementById("idle-dialog-continue").addEventListener("click", function () {
    window.clearInterval(tickTimer);
    dialog.close();
    restart();
  });
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); });
  ["pointerdown", "keydown", "wheel", "scroll", "touchstart"].forEach(function (name) {
    window.addEventListener(name, restart, { passive: true, capture: true });
  });

  try {
    if (sessionStorage.getItem("kiosk-reset")) {
      sessionStorage.removeItem("kiosk-reset");
      window.scrollTo(0, 0);
    }
  } catch (e) { /* storage may be off */ }
  restart();
}());
