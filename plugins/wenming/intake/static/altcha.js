/* Proof of work for the public form (ALTCHA protocol), served by the intake service itself.
   On submit: fetch a challenge from /nominate/challenge, find the number whose SHA-256 with the
   salt equals the challenge, put the answer in the hidden "altcha" field, then submit.
   Without JavaScript, or where the browser cannot hash, the form is sent without it and the
   server applies a stricter limit instead. */
(function () {
  "use strict";
  var form = document.getElementById("nominate-form");
  var field = document.getElementById("altcha");
  var status = document.getElementById("altcha-status");
  if (!form || !field || !window.crypto || !window.crypto.subtle || !window.fetch || !window.TextEncoder) return;
  var encoder = new TextEncoder();

  function hex(buffer) {
    var bytes = new Uint8Array(buffer), out = "";
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return out;
  }

  async function solve(challenge) {
    for (var n = 0; n <= challenge.maxnumber; n++) {
      var digest = await crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + n));
      if (hex(digest) === challenge.challenge) return n;
    }
    return null;
  }

  var solving = false;
  form.addEventListener("submit", function (event) {
    if (field.value) return;
    event.preventDefault();
    if (solving) return;
    solving = true;
    status.textContent = "正在做防刷屏计算，请稍候（一般一两秒）…";
    fetch("/nominate/challenge", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (challenge) {
        return solve(challenge).then(function (number) {
          if (number === null) return;
          field.value = btoa(JSON.stringify({
            algorithm: challenge.algorithm, challenge: challenge.challenge, number: number,
            salt: challenge.salt, signature: challenge.signature
          }));
        });
      })
      .catch(function () { /* the server decides what to do without an answer */ })
      .then(function () {
        status.textContent = "计算完成，正在提交…";
        HTMLFormElement.prototype.submit.call(form);
      });
  });
})();
