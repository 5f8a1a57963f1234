// Font-size switch (长辈模式) of the intake pages: the portal's A / A+ / A++
// (theme_overrides/assets/javascripts/wenming.js), same sizes, same name "wm-font-size".
// The server draws each page at the size in the cookie, so the switch works without this
// file (the buttons post a form); with it, the size changes in place and a half-filled form
// keeps what was typed.
(function () {
  "use strict";
  var KEY = "wm-font-size";
  var root = document.documentElement;

  function apply(size) {
    if (size === "1" || size === "2") root.setAttribute("data-wm-font", size);
    else root.removeAttribute("data-wm-font");
    var buttons = document.querySelectorAll(".wm-fontsize__button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-wm-font") === size));
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".wm-fontsize__button");
    if (!button) return;
    event.preventDefault();
    var size = button.getAttribute("data-wm-font");
    if (size !== "1" && size !== "2") size = "0";
    var secure = location.protocol === "https:" ? "; secure" : "";
    document.cookie = KEY + "=" + size + "; path=/; max-age=31536000; samesite=lax" + secure;
    try { localStorage.setItem(KEY, size); } catch (error) {}
    apply(size);
  });
})();
