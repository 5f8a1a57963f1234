// Font-size switch (长辈模式): A / A+ / A++, remembered across pages in localStorage.
// Reading never depends on this file: without JavaScript the switch is hidden and pages
// show at the standard size.
(function () {
  "use strict";
  var KEY = "wm-font-size";
  var root = document.documentElement;

  function apply(size) {
    if (size === "1" || size === "2") root.setAttribute("data-wm-font", size);
    else root.removeAttribute("data-wm-font");
    var buttons = document.querySelectorAll(".wm-fontsize__button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-wm-font") === (size || "0")));
    }
  }

  function stored() {
    try { return localStorage.getItem(KEY) || "0"; } catch (error) { return "0"; }
  }

  // 打印公示 on a notice: a listener here rather than an onclick attribute, so that no page
  // carries an event-handler attribute (the trust gate's build test checks every page for one).
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".wm-gp-print")) window.print();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".wm-fontsize__button");
    if (!button) return;
    var size = button.getAttribute("data-wm-font");
    try { localStorage.setItem(KEY, size); } catch (error) {}
    apply(size);
  });

  apply(stored());
})();
