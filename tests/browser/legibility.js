// What a reader sees on the page, measured in the browser (tests/browser/test_large_text.py).
// Loaded with page.add_script_tag; returns plain data, the test decides what passes.
//
// wmLegibility() walks every text node that is drawn on screen and, for each, takes its
// rendered font size (SVG text scaled by its viewBox) and its contrast against the colour
// behind it, found by walking up its ancestors and laying their background colours over each
// other (over the white canvas); the text's colour is weakened by its own and its ancestors'
// opacity. Left out, with the reason:
//   - text that is not drawn: display:none, visibility:hidden, opacity 0, inside a closed
//     <details> or a hidden dialog (no client rects), or clipped to a 1-px box for screen
//     readers only (.wm-gp-sr, .md-visually-hidden …): nobody reads it on screen;
//   - text entirely outside the viewport sideways (Material's off-canvas drawer and search
//     panel wait there); sideways overflow of the page itself is a separate check;
//   - whitespace-only nodes.
// Text over a background image or gradient cannot be resolved this way: such nodes are
// reported with contrast null so a test can list them instead of guessing.
(function () {
  "use strict";

  function parseColour(value) {
    var match = /rgba?\(([^)]+)\)/.exec(value || "");
    if (!match) return null;
    var parts = match[1].split(/[\s,/]+/).filter(Boolean).map(parseFloat);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  }

  function over(top, bottom) {
    // Alpha compositing of an opaque-or-not colour over an opaque one.
    var a = top.a;
    return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
  }

  function luminance(colour) {
    function channel(value) {
      var c = value / 255;
      return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b);
  }

  function contrast(one, two) {
    var l1 = luminance(one), l2 = luminance(two);
    return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
  }

  // The colour behind an element: its own background and its ancestors', laid over each other.
  // null when an ancestor on the way has a background image (a gradient or a picture).
  // Remembered per element during one walk: siblings share their ancestors.
  var backgrounds = new Map();

  function background(element) {
    if (!backgrounds.has(element)) backgrounds.set(element, findBackground(element));
    return backgrounds.get(element);
  }

  var CANVAS = { r: 255, g: 255, b: 255, a: 1 };

  function findBackground(element) {
    var style = getComputedStyle(element);
    if (style.backgroundImage && style.backgroundImage !== "none") return null;
    var colour = parseColour(style.backgroundColor);
    if (colour && colour.a >= 1) return colour; // opaque: what lies behind it does not matter
    var behind = element.parentElement ? background(element.parentElement) : CANVAS;
    if (!colour || colour.a === 0 || behind === null) return behind;
    return over(colour, behind);
  }

  function describe(element) {
    var parts = [];
    for (var node = element; node && node.nodeType === 1 && parts.length < 4; node = node.parentElement) {
      var name = node.tagName.toLowerCase();
      var cls = typeof node.className === "string" ? node.className.trim().split(/\s+/)[0] : "";
      parts.unshift(cls ? name + "." + cls : name);
      if (node.id) break;
    }
    return parts.join(" > ");
  }

  function drawnRect(textNode) {
    var range = document.createRange();
    range.selectNodeContents(textNode);
    var rects = range.getClientRects();
    for (var i = 0; i < rects.length; i++) {
      var rect = rects[i];
      if (rect.width > 0 && rect.height > 0 && rect.right > 0 && rect.left < innerWidth) return rect;
    }
    return null;
  }

  var hidden = new Map();

  function readerOnly(element) {
    if (!hidden.has(element)) hidden.set(element, clippedAway(element));
    return hidden.get(element);
  }

  function clippedAway(element) {
    // Screen-reader-only text: clipped into a box of a pixel or two, here or by an ancestor.
    var style = getComputedStyle(element);
    if (style.position === "absolute" || style.position === "fixed") {
      var box = element.getBoundingClientRect();
      if ((box.width <= 2 || box.height <= 2) && style.overflow !== "visible") return true;
      if (/rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)/.test(style.clip || "")) return true;
    }
    return element.parentElement ? readerOnly(element.parentElement) : false;
  }

  // How opaque an element is drawn: its opacity times its ancestors' (Material dims inactive
  // tabs to 0.7). The text's colour is laid over its background at that strength.
  var opacities = new Map();

  function opacity(element) {
    if (!element || element.nodeType !== 1) return 1;
    if (!opacities.has(element)) {
      opacities.set(element, parseFloat(getComputedStyle(element).opacity) * opacity(element.parentElement));
    }
    return opacities.get(element);
  }

  function renderedSize(element) {
    var size = parseFloat(getComputedStyle(element).fontSize);
    if (element instanceof SVGElement && element.getScreenCTM) {
      var matrix = element.getScreenCTM();
      if (matrix) size *= Math.sqrt(matrix.a * matrix.a + matrix.b * matrix.b);
    }
    return size;
  }

  function textColour(element) {
    var style = getComputedStyle(element);
    return parseColour(element instanceof SVGElement ? style.fill : style.color);
  }

  window.wmLegibility = function () {
    backgrounds = new Map();
    hidden = new Map();
    opacities = new Map();
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    var texts = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var text = node.nodeValue.trim();
      if (!text) continue;
      var element = node.parentElement;
      if (!element || element.closest("script, style, noscript, template, title, desc")) continue;
      if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })) continue;
      if (!drawnRect(node)) continue;
      if (readerOnly(element)) continue;
      var fore = textColour(element);
      var back = background(element);
      var ratio = null;
      if (fore && back) {
        fore.a *= opacity(element);
        ratio = contrast(over(fore, back), back);
      }
      texts.push({
        text: text.slice(0, 24),
        where: describe(element),
        size: Math.round(renderedSize(element) * 10) / 10,
        contrast: ratio === null ? null : Math.round(ratio * 100) / 100,
      });
    }
    return texts;
  };

  // Where each header control is drawn and how large it is.
  window.wmHeaderControls = function () {
    var selectors = [
      [".md-header__button[for=__drawer]", "菜单"],
      [".md-header__title", "站名"],
      [".wm-fontsize__toggle", "字号"],
      [".wm-fontsize__button", "字号按钮"],
      [".md-header__option label.md-header__button", "深浅色"],
      [".md-header__button[for=__search]", "搜索按钮"],
      [".md-search__form", "搜索框"],
    ];
    var found = [];
    selectors.forEach(function (pair) {
      document.querySelectorAll(pair[0]).forEach(function (element) {
        if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return;
        var rect = element.getBoundingClientRect();
        if (rect.width === 0 || rect.height === 0) return;
        found.push({
          name: pair[1] + (element.textContent.trim() && pair[1] === "字号按钮" ? " " + element.textContent.trim() : ""),
          left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom,
          width: rect.width, height: rect.height,
        });
      });
    });
    return found;
  };

  // The page's main controls (not links inside sentences, which WCAG exempts): pagers, the
  // events section's pills, filters, category tiles, buttons, the month calendar's arrows.
  var CONTROLS = [
    ".wm-events-links a", ".wm-pager > a", ".md-pagination > a", ".wm-vol-filter a",
    ".wm-gp-categories a", ".wm-gp-nominate__link", ".wm-gp-print", ".md-typeset .md-button",
    ".wm-cal-nav a", ".wm-fontsize__button", ".wm-fontsize__toggle",
  ].join(", ");

  window.wmControls = function () {
    var found = [];
    document.querySelectorAll(CONTROLS).forEach(function (element) {
      if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return;
      var rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) return;
      found.push({ name: describe(element) + " " + element.textContent.trim().slice(0, 12), width: rect.width, height: rect.height });
    });
    return found;
  };

  // The site name as shown: its font size, how many lines, and whether any of it is cut off.
  window.wmSiteName = function () {
    var name = document.querySelector(".md-header__topic .md-ellipsis");
    if (!name) return null;
    var style = getComputedStyle(name);
    var range = document.createRange();
    range.selectNodeContents(name);
    var tops = {};
    Array.prototype.forEach.call(range.getClientRects(), function (rect) { if (rect.width > 0) tops[Math.round(rect.top)] = true; });
    return {
      fontSize: parseFloat(style.fontSize),
      lines: Object.keys(tops).length,
      cut: name.scrollWidth > name.clientWidth + 1 || name.scrollHeight > name.clientHeight + 1,
      width: name.getBoundingClientRect().width,
    };
  };
})();
