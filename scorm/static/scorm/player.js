/*
 * The SCORM player of a lesson page. The run-time API (scorm-again's Scorm12API / Scorm2004API) lives here,
 * in the lesson page; the package runs in a sandboxed iframe with an opaque origin and reaches the API over
 * postMessage (scorm-again's CrossFrameLMS here, CrossFrameAPI injected into the content). GetValue and
 * SetValue never touch the network: the state is sent in one JSON request per Commit/Terminate, and when the
 * page is hidden, with a sequence number so that the server never lets an older state overwrite a newer one.
 */
(function () {
  "use strict";

  // Elements the LMS owns: never sent back (the server refuses writes to them).
  var READ_ONLY = {
    "1.2": ["cmi.core.student_id", "cmi.core.student_name", "cmi.core.credit", "cmi.core.entry",
      "cmi.core.total_time", "cmi.core.lesson_mode", "cmi.launch_data", "cmi.comments_from_lms",
      "cmi.student_data.mastery_score", "cmi.student_data.max_time_allowed", "cmi.student_data.time_limit_action"],
    "2004": ["cmi.completion_threshold", "cmi.credit", "cmi.entry", "cmi.launch_data", "cmi.learner_id",
      "cmi.learner_name", "cmi.max_time_allowed", "cmi.mode", "cmi.scaled_passing_score",
      "cmi.time_limit_action", "cmi.total_time"],
  };

  function writable(version, flat) {
    var out = {};
    var readOnly = READ_ONLY[version];
    Object.keys(flat).forEach(function (key) {
      var value = flat[key];
      if (value === null || typeof value === "object") return; // empty collections render as {}
      if (readOnly.indexOf(key) !== -1 || key.indexOf("cmi.comments_from_lms") === 0) return;
      if (/\._(count|children|version)$/.test(key)) return;
      out[key] = String(value);
    });
    return out;
  }

  function randomId() {
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
  }

  function Player(root) {
    this.root = root;
    this.config = JSON.parse(document.getElementById(root.dataset.scormPlayer).textContent);
    this.version = this.config.version;
    this.labels = {};
    var template = root.querySelector("template[data-scorm-labels]");
    if (template) {
      template.content.querySelectorAll("[data-label]").forEach(function (el) {
        this.labels[el.dataset.label] = el.textContent;
      }, this);
    }
    this.scos = this.config.scos;
    this.current = null;
    this.unloading = false;
    // Commits go one at a time, in order: the server sees sequences ascending, and a launch waits for them.
    this.queue = Promise.resolve();
    this.bind();
    this.load(this.config.start);
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
    // Only messages from our own frame (or frames the package nests in it) reach the API.
    window.addEventListener("message", function (event) {
      var session = self.current;
      if (!session || !session.lms || !session.frame.contentWindow) return;
      if (event.origin !== "null" || !self.fromFrame(event.source, session.frame.contentWindow)) return;
      session.lms._onMessage(event);
    });
    // Closing the tab or switching app on a phone: save what the content has not committed.
    window.addEventListener("pagehide", function () {
      self.unloading = true;
      self.flush();
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") self.flush();
    });
  };

  Player.prototype.fromFrame = function (source, frameWindow) {
    for (var depth = 0; source && depth < 10; depth++) {
      if (source === frameWindow) return true;
      if (source.parent === source) return false;
      source = source.parent;
    }
    return false;
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

  Player.prototype.flush = function () {
    var session = this.current;
    if (!session || !session.api.isInitialized() || session.api.isTerminated()) return;
    if (this.version === "1.2") session.api.LMSCommit("");
    else session.api.Commit("");
  };

  Player.prototype.load = function (scoId) {
    var self = this;
    var sco = this.scos[this.index(scoId)];
    if (!sco) return;
    this.flush();
    if (this.current && this.current.lms) this.current.lms.destroy();
    this.current = null;
    this.queue
      .then(function () {
        return fetch(sco.launch, { credentials: "same-origin", headers: { Accept: "application/json" } });
      })
      .then(function (response) {
        if (!response.ok) throw new Error("launch " + response.status);
        return response.json();
      })
      .then(function (data) { self.start(sco, data); })
      .catch(function () { self.notice(self.labels.error); });
  };

  Player.prototype.start = function (sco, data) {
    var self = this;
    var session = { sco: sco, data: data, sequence: data.sequence, id: randomId(), navRequest: "" };
    var Api = this.version === "1.2" ? window.Scorm12API : window.Scorm2004API;
    var api = new Api({
      lmsCommitUrl: data.commit_url,
      dataCommitFormat: "flattened",
      autocommit: false,
      logLevel: 5,
      httpService: {
        processHttpRequest: function (url, params) { return self.send(session, url, params); },
        updateSettings: function () {},
      },
    });
    api.loadFromFlattenedJSON(data.state, "");
    session.api = api;
    api.on(this.version === "1.2" ? "LMSSetValue" : "SetValue", function (element, value) {
      if (element === "adl.nav.request") session.navRequest = value;
    });
    api.on(this.version === "1.2" ? "LMSFinish" : "Terminate", function () {
      window.setTimeout(function () { self.after(session); }, 0);
    });
    // The parent side of scorm-again's bridge; our own listener above filters messages before it.
    session.lms = new window.CrossFrameLMS(api, "*");
    window.removeEventListener("message", session.lms._boundOnMessage);
    // Pages that test or embed the player can reach the live API.
    window[this.version === "1.2" ? "API" : "API_1484_11"] = api;

    var frame = document.createElement("iframe");
    // No allow-same-origin: the content gets an opaque origin (see scorm/views.py for the reasoning).
    frame.setAttribute("sandbox", "allow-scripts allow-forms allow-popups");
    frame.setAttribute("allow", "fullscreen; autoplay");
    frame.setAttribute("title", sco.title);
    frame.name = "scorm-state:" + JSON.stringify(api.getFlattenedCMI());
    frame.src = data.url;
    session.frame = frame;
    var holder = this.root.querySelector("[data-scorm-frame]");
    holder.replaceChildren(frame);
    this.current = session;
    this.root.querySelectorAll("[data-scorm-sco]").forEach(function (button) {
      button.setAttribute("aria-current", Number(button.dataset.scormSco) === sco.id ? "true" : "false");
    });
  };

  Player.prototype.send = function (session, url, params) {
    var self = this;
    var cmi = writable(this.version, params);
    var post = function (retry) {
      session.sequence += 1;
      var body = JSON.stringify({ sequence: session.sequence, session: session.id, cmi: cmi });
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": self.config.csrf },
        body: body,
        // keepalive lets the request outlive the page (closing the tab); browsers cap such bodies at 64 KB.
        keepalive: self.unloading && body.length < 60000,
      })
        .then(function (response) {
          return response.json().then(function (json) { return { status: response.status, json: json }; });
        })
        .then(function (result) {
          if (result.status === 200) {
            self.notice("");
            self.update(session.sco, result.json);
          } else if (result.status === 409 && retry && typeof result.json.sequence === "number") {
            // The previous page's last commit landed after this session started: this state is newer.
            session.sequence = Math.max(session.sequence, result.json.sequence);
            return post(false);
          } else if (result.status === 409) {
            self.notice(self.labels.stale);
          } else {
            self.notice(result.json.error || self.labels.offline);
          }
        })
        .catch(function () { if (!self.unloading) self.notice(self.labels.offline); });
    };
    // When the page is going away there is no time to wait for earlier requests.
    if (this.unloading) post(true);
    else this.queue = this.queue.then(function () { return post(true); });
    // SCORM wants Commit to answer at once; the request goes on in the background.
    return { result: "true", errorCode: 0 };
  };

  Player.prototype.after = function (session) {
    if (this.current !== session) return;
    var request = session.navRequest;
    var match = /^\{target=([^}]+)\}(choice|jump)$/.exec(request);
    if (match) {
      for (var i = 0; i < this.scos.length; i++) {
        if (this.scos[i].identifier === match[1]) return this.load(this.scos[i].id);
      }
    }
    if (request === "previous") return this.step(-1);
    var cmi = session.api.cmi;
    var status = this.version === "1.2" ? cmi.core.lesson_status : cmi.completion_status;
    var done = ["completed", "passed", "failed"].indexOf(status) !== -1;
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
    // The package's status, by the same rule as the server's package_summary.
    var graded = this.scos.filter(function (s) { return s.isSco; });
    var statuses = graded.map(function (s) { return s.status; });
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
