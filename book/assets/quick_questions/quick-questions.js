/* Quick questions (book/_ext/quick_questions.py): check answers in the page, offline. */
(function () {
  "use strict";

  function parseNumber(text) {
    var s = text.trim().replace(/\u2212/g, "-").replace(/\s+/g, "");
    if (/^[-+]?\d+,\d+$/.test(s)) s = s.replace(",", ".");      // decimal comma
    var m = s.match(/^([-+]?\d*\.?\d+(?:e[-+]?\d+)?)\s*\/\s*([-+]?\d*\.?\d+)$/i);
    if (m) return parseFloat(m[1]) / parseFloat(m[2]);          // a fraction such as 1/4
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return NaN;
    return parseFloat(s);
  }

  function show(form, status, text) {
    var box = form.querySelector(".qq-feedback");
    box.className = "qq-feedback qq-" + status;
    var mark = { right: "✓ ", wrong: "✗ ", info: "" }[status];
    box.textContent = mark + text;
  }

  function checkNumeric(form) {
    var input = form.querySelector(".qq-input");
    var x = parseNumber(input.value);
    if (isNaN(x)) {
      show(form, "info", "Type a number, for example 0.25, -1.5 or 3e-4.");
      return;
    }
    var answer = parseFloat(form.dataset.answer), tol = parseFloat(form.dataset.tol);
    var close = function (v) { return Math.abs(x - v) <= tol * (1 + 1e-9); };
    if (close(answer)) {
      show(form, "right", "Right. " + form.dataset.explain);
      return;
    }
    var mistakes = JSON.parse(form.dataset.mistakes || "[]");
    for (var k = 0; k < mistakes.length; k++) {
      if (close(mistakes[k][0])) { show(form, "wrong", "Not yet. " + mistakes[k][1]); return; }
    }
    if (close(-answer)) { show(form, "wrong", "Not yet: check the sign."); return; }
    show(form, "wrong", "Not yet. " + form.dataset.hint);
  }

  function checkChoice(form) {
    var picked = form.querySelector("input[type=radio]:checked");
    if (!picked) { show(form, "info", "Pick one of the options first."); return; }
    var right = picked.dataset.correct === "1";
    show(form, right ? "right" : "wrong",
         (right ? "" : "Not this one. ") + picked.dataset.feedback);
  }

  function init() {
    var forms = document.querySelectorAll(".qq-question");
    Array.prototype.forEach.call(forms, function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (form.classList.contains("qq-numeric")) checkNumeric(form); else checkChoice(form);
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
