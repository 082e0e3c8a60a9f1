// Roer console chat: live over /api/v1/ws, no libraries.
//
// Protocol (client_api/schema/chat.py): get a five-minute token from POST /console/token,
// send {"type":"auth"} as the first frame, wait for "ready", then "resume" this
// conversation after the last seq on the page. New "message" frames are appended in seq
// order (duplicates skipped); an answer is sent with a client_id and shows "verzonden"
// when its "ack" arrives. On a dropped connection it reconnects with back-off and resumes
// by seq, so nothing is missed or shown twice. Without JavaScript the form posts normally.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root || !window.WebSocket || !window.fetch) { return; }
  var conversation = root.getAttribute("data-conversation");
  var me = root.getAttribute("data-me");
  var lastSeq = parseInt(root.getAttribute("data-last-seq"), 10) || 0;
  var list = document.getElementById("berichten");
  var form = document.getElementById("antwoord");
  var status = document.getElementById("verbinding");
  var csrf = document.body.getAttribute("data-csrf") || "";
  var socket = null;
  var ready = false;
  var backoff = 1000;
  var refresh = null;
  var outbox = [];      // frames waiting for a live connection
  var pending = {};     // client_id -> the <li> shown while sending

  function say(text) { if (status) { status.textContent = text; } }

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function time(iso) {
    var d = new Date(iso);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(d.getDate()) + "-" + two(d.getMonth() + 1) + "-" + d.getFullYear() + " " +
      two(d.getHours()) + ":" + two(d.getMinutes());
  }

  function item(sender, when, body, kind) {
    var li = document.createElement("li");
    li.className = "message " + kind;
    var head = document.createElement("p");
    head.className = "message-head";
    var name = document.createElement("strong");
    name.textContent = sender;
    var meta = document.createElement("span");
    meta.className = "muted";
    meta.textContent = " · " + when;
    head.appendChild(name); head.appendChild(meta);
    var text = document.createElement("p");
    text.className = "message-body";
    text.textContent = body;   // never innerHTML: message text is untrusted
    li.appendChild(head); li.appendChild(text);
    return li;
  }

  function append(li) {
    var empty = list.querySelector(".empty");
    if (empty) { empty.remove(); }
    var near = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    list.appendChild(li);
    if (near || li.classList.contains("mine")) { list.scrollTop = list.scrollHeight; }
  }

  function send(frame) {
    if (ready && socket && socket.readyState === 1) { socket.send(JSON.stringify(frame)); }
    else { outbox.push(frame); }
  }

  function markRead() {
    if (document.visibilityState === "visible" && lastSeq > 0) {
      send({ type: "read", conversation_id: conversation, seq: lastSeq });
    }
  }

  function onMessage(f) {
    if (f.conversation_id !== conversation || f.seq <= lastSeq) { return; }
    var kind = f.sender.id === me ? "mine" : (f.sender.role === "system" ? "system" : "theirs");
    var li = item(f.sender.name, time(f.sent_at), f.body, kind);
    li.setAttribute("data-seq", f.seq);
    var mine = f.client_id && pending[f.client_id];
    if (mine) {
      // Our own answer, stored: it takes the place of the "versturen…" line (the ack
      // may come just before or just after this frame).
      li.setAttribute("data-client-id", f.client_id);
      li.appendChild(mine.querySelector(".state"));
      mine.replaceWith(li);
      delete pending[f.client_id];
    } else {
      append(li);
    }
    lastSeq = f.seq;
    markRead();
  }

  function onFrame(event) {
    var f;
    try { f = JSON.parse(event.data); } catch (e) { return; }
    if (f.type === "ready") {
      ready = true; backoff = 1000;
      say("Live verbonden");
      socket.send(JSON.stringify({ type: "resume", conversation_id: conversation, after_seq: lastSeq }));
      while (outbox.length) { socket.send(JSON.stringify(outbox.shift())); }
      markRead();
    } else if (f.type === "message") {
      onMessage(f);
    } else if (f.type === "ack") {
      var li = pending[f.client_id];
      if (li) { li.querySelector(".state").textContent = "verzonden"; li.setAttribute("data-seq", f.seq); }
      else {
        var shown = list.querySelector('[data-client-id="' + f.client_id + '"] .state');
        if (shown) { shown.textContent = "verzonden"; }
      }
    } else if (f.type === "resync") {
      socket.send(JSON.stringify({ type: "resume", conversation_id: conversation, after_seq: lastSeq }));
    } else if (f.type === "error") {
      var failed = f.client_id && pending[f.client_id];
      if (failed) { failed.querySelector(".state").textContent = "niet verzonden: " + f.detail; failed.classList.add("failed"); delete pending[f.client_id]; }
      else if (f.conversation_id === conversation) { say(f.detail); }
    }
  }

  function token() {
    return fetch("/console/token", {
      method: "POST", credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, "HX-Request": "true" }
    }).then(function (r) {
      if (r.status === 401) { window.location.href = "/console/login"; throw new Error("login"); }
      if (!r.ok) { throw new Error("token " + r.status); }
      return r.json();
    });
  }

  function reconnect() {
    ready = false;
    if (refresh) { clearInterval(refresh); refresh = null; }
    say("Verbinding verbroken. Opnieuw verbinden…");
    setTimeout(connect, backoff);
    backoff = Math.min(backoff * 2, 30000);
  }

  function connect() {
    token().then(function (t) {
      var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
      socket = new WebSocket(scheme + window.location.host + "/api/v1/ws");
      socket.onopen = function () { socket.send(JSON.stringify({ type: "auth", token: t.access_token })); };
      socket.onmessage = onFrame;
      socket.onclose = reconnect;
      // A fresh token before the old one expires keeps the socket open.
      refresh = setInterval(function () {
        token().then(function (n) { send({ type: "auth", token: n.access_token }); }).catch(function () {});
      }, 4 * 60 * 1000);
    }).catch(function (e) { if (e.message !== "login") { reconnect(); } });
  }

  if (form) {
    var box = form.querySelector("textarea");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = box.value.trim();
      if (!body) { box.focus(); return; }
      var clientId = uuid();
      var li = item("Jij", time(new Date().toISOString()), body, "mine");
      li.setAttribute("data-client-id", clientId);
      var state = document.createElement("span");
      state.className = "state muted small";
      state.setAttribute("aria-live", "polite");
      state.textContent = "versturen…";
      li.appendChild(state);
      pending[clientId] = li;
      append(li);
      send({ type: "send", conversation_id: conversation, client_id: clientId, body: body });
      box.value = "";
      box.focus();
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }
  document.addEventListener("visibilitychange", markRead);
  list.scrollTop = list.scrollHeight;
  say("Verbinden…");
  connect();
})();
