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

  // On a phone the sizes sit behind one 字号 button (wenming.css): it opens them in a row
  // under the header, like a menu; choosing a size closes the row (the page is then seen at its
  // new size), as do 字号 again, Escape, or a tap anywhere else. Focus goes back to 字号, so a
  // keyboard is never left on a button that has disappeared.
  function setOpen(open) {
    var switches = document.querySelectorAll(".wm-fontsize");
    for (var i = 0; i < switches.length; i++) {
      switches[i].classList.toggle("wm-fontsize--open", open);
      var toggle = switches[i].querySelector(".wm-fontsize__toggle");
      if (toggle) toggle.setAttribute("aria-expanded", String(open));
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : null;
    if (!target) return;
    var button = target.closest(".wm-fontsize__button");
    if (button) {
      var size = button.getAttribute("data-wm-font");
      try { localStorage.setItem(KEY, size); } catch (error) {}
      apply(size);
      var opened = button.closest(".wm-fontsize--open");
      if (opened) {
        setOpen(false);
        opened.querySelector(".wm-fontsize__toggle").focus();
      }
      return;
    }
    var toggle = target.closest(".wm-fontsize__toggle");
    if (toggle) setOpen(toggle.getAttribute("aria-expanded") !== "true");
    else if (!target.closest(".wm-fontsize")) setOpen(false);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector(".wm-fontsize--open .wm-fontsize__toggle");
    if (!open) return;
    setOpen(false);
    open.focus();
  });

  apply(stored());
})();
