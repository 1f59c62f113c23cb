/*
 * The SCORM player of a lesson page (site origin). For each SCO it asks the site for a launch (with the
 * learner's session), frames the run-time page on the content origin and hands it the launch over postMessage;
 * the run-time page holds the API, frames the content and commits with the launch's token (scorm/static/scorm/
 * runtime.js). This page only listens: status and score beside the player, notices while commits wait for the
 * network, and moving on to the next SCO when one finishes.
 */
(function () {
  "use strict";

  var LEFT_KEY = "scorm:left";
  var OUTBOX = "scorm-outbox:";
  var RELOAD_WAIT_MS = 1500;

  function Player(root) {
    this.root = root;
    this.config = JSON.parse(document.getElementById(root.dataset.scormPlayer).textContent);
    this.labels = {};
    var template = root.querySelector("template[data-scorm-labels]");
    if (template) {
      template.content.querySelectorAll("[data-label]").forEach(function (el) {
        this.labels[el.dataset.label] = el.textContent;
      }, this);
    }
    this.scos = this.config.scos;
    this.current = null;
    this.bind();
    // Just reloaded: the previous page's last commit may still be on its way; give it a moment to land so that
    // this launch starts from it (the commit is stored either way).
    var left = Number(window.sessionStorage && window.sessionStorage.getItem(LEFT_KEY)) || 0;
    var wait = Math.max(0, Math.min(RELOAD_WAIT_MS, left + RELOAD_WAIT_MS - Date.now()));
    var self = this;
    window.setTimeout(function () { self.load(self.config.start); }, wait);
  }

  Player.prototype.bind = function () {
    var self = this;
    this.root.querySelectorAll("[data-scorm-sco]").forEach(function (button) {
      button.addEventListener("click", function () {
        self.load(Number(button.dataset.scormSco));
      });
    });
    var previous = this.root.querySelector("[data-scorm-previous]");
    var next = this.root.querySelector("[data-scorm-next]");
    if (previous) previous.addEventListener("click", function () { self.step(-1); });
    if (next) next.addEventListener("click", function () { self.step(1); });
    window.addEventListener("pagehide", function () {
      try {
        if (self.current) window.sessionStorage.setItem(LEFT_KEY, String(Date.now()));
      } catch (error) {
        /* No session storage: the next launch does not wait. */
      }
    });
    // Only the run-time page this player framed, on the content origin, is listened to.
    window.addEventListener("message", function (event) {
      var session = self.current;
      if (!session || !session.frame.contentWindow) return;
      if (event.source !== session.frame.contentWindow || event.origin !== session.data.content_origin) return;
      self.receive(session, event.data || {});
    });
  };

  Player.prototype.receive = function (session, message) {
    var self = this;
    if (message.type === "scorm:ready") {
      var kept = this.kept();
      session.frame.contentWindow.postMessage(
        { type: "scorm:launch", launch: session.data, outbox: kept },
        session.data.content_origin
      );
      this.pending((message.pending || 0) + Object.keys(kept).length);
    } else if (message.type === "scorm:outbox" && typeof message.key === "string") {
      this.keep(message.key, message.entry);
    } else if (message.type === "scorm:committed" && message.attempt) {
      this.update(session.sco, message.attempt);
      this.pending(0);
    } else if (message.type === "scorm:pending") {
      this.pending(message.count || 0);
    } else if (message.type === "scorm:error") {
      this.notice(message.message || this.labels.error);
    } else if (message.type === "scorm:finished") {
      if (message.attempt) this.update(session.sco, message.attempt);
      window.setTimeout(function () { self.after(session, message); }, 0);
    }
  };

  // The run-time page's unsent commits, kept in this (first-party) page's storage across reloads.
  Player.prototype.keep = function (key, entry) {
    if (key.indexOf(OUTBOX) !== 0) return;
    try {
      if (entry) window.localStorage.setItem(key, JSON.stringify(entry));
      else window.localStorage.removeItem(key);
    } catch (error) {
      /* No storage: commits are still sent while this page is open. */
    }
  };

  Player.prototype.kept = function () {
    var kept = {};
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(OUTBOX) === 0) kept[key] = JSON.parse(window.localStorage.getItem(key));
      }
    } catch (error) {
      /* Nothing kept. */
    }
    return kept;
  };

  Player.prototype.index = function (scoId) {
    for (var i = 0; i < this.scos.length; i++) if (this.scos[i].id === scoId) return i;
    return -1;
  };

  Player.prototype.step = function (delta) {
    if (!this.current) return;
    var target = this.scos[this.index(this.current.sco.id) + delta];
    if (target) this.load(target.id);
  };

  Player.prototype.load = function (scoId) {
    var self = this;
    var sco = this.scos[this.index(scoId)];
    if (!sco) return;
    // Removing the previous run-time page makes it finish its content and send its last commit.
    var holder = this.root.querySelector("[data-scorm-frame]");
    holder.replaceChildren();
    this.current = null;
    fetch(sco.launch, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("launch " + response.status);
        return response.json();
      })
      .then(function (data) { self.start(sco, data); })
      .catch(function () { self.notice(self.labels.error); });
  };

  Player.prototype.start = function (sco, data) {
    var frame = document.createElement("iframe");
    if (data.content_origin !== window.location.origin) {
      // Another origin: the content keeps its own origin (allow-same-origin) yet cannot navigate this page.
      frame.setAttribute(
        "sandbox",
        "allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-modals allow-downloads"
      );
    }
    frame.setAttribute("allow", "fullscreen; autoplay");
    frame.setAttribute("title", sco.title);
    // Content that looks for its API from window.top down finds this frame by name (see runtime.js).
    frame.name = data.version === "1.2" ? "API" : "API_1484_11";
    frame.src = data.runtime_url;
    var session = { sco: sco, data: data, frame: frame };
    this.current = session;
    this.root.querySelector("[data-scorm-frame]").replaceChildren(frame);
    this.root.querySelectorAll("[data-scorm-sco]").forEach(function (button) {
      button.setAttribute("aria-current", Number(button.dataset.scormSco) === sco.id ? "true" : "false");
    });
  };

  Player.prototype.after = function (session, message) {
    if (this.current !== session) return;
    var request = message.navRequest || "";
    var match = /^\{target=([^}]+)\}(choice|jump)$/.exec(request);
    if (match) {
      for (var i = 0; i < this.scos.length; i++) {
        if (this.scos[i].identifier === match[1]) return this.load(this.scos[i].id);
      }
    }
    if (request === "previous") return this.step(-1);
    var done = ["completed", "passed", "failed"].indexOf(message.status) !== -1;
    if (request === "continue" || ((!request || request === "_none_") && done)) {
      var next = this.scos[this.index(session.sco.id) + 1];
      if (next) this.load(next.id);
    }
  };

  Player.prototype.update = function (sco, attempt) {
    sco.status = {
      completion_status: attempt.completion_status,
      success_status: attempt.success_status,
      score_scaled: attempt.score_scaled,
    };
    // The package's status, by the same rule as the server's package_summary: every item completed.
    var statuses = this.scos.map(function (s) { return s.status; });
    var started = statuses.filter(function (s) { return s.completion_status !== "not attempted"; });
    var completion = !started.length ? "not attempted"
      : statuses.every(function (s) { return s.completion_status === "completed"; }) ? "completed" : "incomplete";
    var successes = started.map(function (s) { return s.success_status; });
    var success = successes.indexOf("failed") !== -1 ? "failed"
      : completion === "completed" && successes.indexOf("passed") !== -1 ? "passed" : "unknown";
    var scores = started.map(function (s) { return s.score_scaled; }).filter(function (v) { return v !== null; });
    var label = this.labels;
    this.root.querySelector("[data-scorm-completion]").textContent = label[completion] || completion;
    this.root.querySelector("[data-scorm-success]").textContent = success === "unknown" ? "" : " · " + label[success];
    this.root.querySelector("[data-scorm-score]").textContent = scores.length
      ? " · " + label.score + ": " + Math.round(100 * scores.reduce(function (a, b) { return a + b; }, 0) / scores.length) + "%"
      : "";
    this.root.dispatchEvent(new CustomEvent("scorm:status", { bubbles: true, detail: { completion: completion, success: success } }));
  };

  Player.prototype.pending = function (count) {
    this.notice(count ? this.labels.offline : "");
  };

  Player.prototype.notice = function (text) {
    var el = this.root.querySelector("[data-scorm-notice]");
    if (el) el.textContent = text || "";
  };

  function boot() {
    document.querySelectorAll("[data-scorm-player]").forEach(function (root) {
      if (!root.scormPlayer) root.scormPlayer = new Player(root);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
