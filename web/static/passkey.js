// Passkeys: the WebAuthn ceremony needs navigator.credentials, which only
// script can reach. Every element with data-passkey="register" or "login"
// is hidden in the HTML and shown here only when the browser has WebAuthn;
// without script the page offers codes instead.
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !navigator.credentials) {
    return;
  }

  function fromB64url(s) {
    s = s.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) { s += "="; }
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out.buffer;
  }

  function toB64url(buf) {
    var bytes = new Uint8Array(buf), s = "";
    for (var i = 0; i < bytes.length; i++) { s += String.fromCharCode(bytes[i]); }
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function post(url, csrf, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body || {})
    }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) { throw new Error(data.error || res.status); }
        return data;
      });
    });
  }

  function ids(list) {
    (list || []).forEach(function (c) { c.id = fromB64url(c.id); });
  }

  function register(box) {
    var name = document.getElementById("passkey-name");
    return post(box.dataset.begin, box.dataset.csrf, { name: name ? name.value : "" }).then(function (opts) {
      var pk = opts.publicKey;
      pk.challenge = fromB64url(pk.challenge);
      pk.user.id = fromB64url(pk.user.id);
      ids(pk.excludeCredentials);
      return navigator.credentials.create({ publicKey: pk });
    }).then(function (cred) {
      var r = cred.response;
      return post(box.dataset.finish, box.dataset.csrf, {
        id: cred.id, rawId: toB64url(cred.rawId), type: cred.type,
        authenticatorAttachment: cred.authenticatorAttachment || undefined,
        clientExtensionResults: cred.getClientExtensionResults(),
        response: {
          clientDataJSON: toB64url(r.clientDataJSON),
          attestationObject: toB64url(r.attestationObject),
          transports: r.getTransports ? r.getTransports() : []
        }
      });
    });
  }

  function login(box) {
    return post(box.dataset.begin, box.dataset.csrf).then(function (opts) {
      var pk = opts.publicKey;
      pk.challenge = fromB64url(pk.challenge);
      ids(pk.allowCredentials);
      return navigator.credentials.get({ publicKey: pk });
    }).then(function (cred) {
      var r = cred.response;
      var finish = box.dataset.finish;
      if (box.dataset.next) { finish += "?next=" + encodeURIComponent(box.dataset.next); }
      return post(finish, box.dataset.csrf, {
        id: cred.id, rawId: toB64url(cred.rawId), type: cred.type,
        authenticatorAttachment: cred.authenticatorAttachment || undefined,
        clientExtensionResults: cred.getClientExtensionResults(),
        response: {
          clientDataJSON: toB64url(r.clientDataJSON),
          authenticatorData: toB64url(r.authenticatorData),
          signature: toB64url(r.signature),
          userHandle: r.userHandle ? toB64url(r.userHandle) : undefined
        }
      });
    });
  }

  var boxes = document.querySelectorAll("[data-passkey]");
  if (boxes.length > 0) {
    document.querySelectorAll("[data-passkey-unsupported]").forEach(function (el) { el.hidden = true; });
  }
  boxes.forEach(function (box) {
    var button = box.querySelector("[data-passkey-start]");
    var error = box.querySelector("[data-passkey-error]");
    box.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      error.hidden = true;
      var ceremony = box.dataset.passkey === "register" ? register(box) : login(box);
      ceremony.then(function (done) {
        window.location.assign(done.redirect);
      }).catch(function () {
        button.disabled = false;
        error.hidden = false;
      });
    });
  });
})();
