/*
 * The SCORM run-time page, served on the content origin. It holds scorm-again's API on window.API (1.2) or
 * window.API_1484_11 (2004) and frames the SCO from the same origin, so content finds its API the usual way
 * (its own window, then its parents, then its opener), its nested frames call each other and confirm() works.
 *
 * The lesson page (site origin) frames this page and hands it the launch over postMessage: the state to load,
 * the content URL and a commit token for this one attempt and session. GetValue/SetValue never touch the
 * network. Each Commit/Terminate sends what changed since the last commit (a delta) with a sequence number of
 * this session; deltas wait in localStorage until the server has them, so a commit made offline, or cut by
 * closing the tab, is sent when the connection returns or at the next launch. When this page goes away it
 * unloads the content first (so its LMSFinish/Terminate from onunload is recorded), then sends one final
 * commit with keepalive.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var VERSION = script.dataset.version;
  var SITE_ORIGIN = script.dataset.siteOrigin;
  var IS_12 = VERSION === "1.2";
  var STORE = "scorm-outbox:";
  // Elements the LMS owns: never sent back (the server refuses writes to them).
  var READ_ONLY = IS_12
    ? ["cmi.core.student_id", "cmi.core.student_name", "cmi.core.credit", "cmi.core.entry", "cmi.core.total_time",
      "cmi.core.lesson_mode", "cmi.launch_data", "cmi.student_data.mastery_score",
      "cmi.student_data.max_time_allowed", "cmi.student_data.time_limit_action"]
    : ["cmi.completion_threshold", "cmi.credit", "cmi.entry", "cmi.launch_data", "cmi.learner_id",
      "cmi.learner_name", "cmi.max_time_allowed", "cmi.mode", "cmi.scaled_passing_score", "cmi.time_limit_action",
      "cmi.total_time"];
  var SESSION_TIME = IS_12 ? "cmi.core.session_time" : "cmi.session_time";
  var RETRY_SECONDS = [2, 5, 10, 30, 60];
  var FUNCTIONS_12 = ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSGetLastError",
    "LMSGetErrorString", "LMSGetDiagnostic"];
  var FUNCTIONS_2004 = ["Initialize", "Terminate", "GetValue", "SetValue", "Commit", "GetLastError",
    "GetErrorString", "GetDiagnostic"];

  var session = null; // {launch, api, baseline, sequence, startedAt, finished, navRequest, frame}
  var sending = false;
  var retryTimer = null;
  var retries = 0;

  function post(message) {
    if (window.parent !== window) window.parent.postMessage(message, SITE_ORIGIN);
  }

  function writable(flat) {
    var out = {};
    Object.keys(flat).forEach(function (key) {
      var value = flat[key];
      if (value === null || value === undefined || typeof value === "object") return;
      if (READ_ONLY.indexOf(key) !== -1 || key.indexOf("cmi.comments_from_lms") === 0) return;
      if (/\._(count|children|version)$/.test(key)) return;
      out[key] = String(value);
    });
    return out;
  }

  function pad(number, width) {
    var text = String(number);
    while (text.length < width) text = "0" + text;
    return text;
  }

  function formatSeconds(seconds) {
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = (seconds % 60).toFixed(2);
    if (IS_12) return pad(Math.min(hours, 9999), 4) + ":" + pad(minutes, 2) + ":" + pad(rest, 5);
    return "PT" + hours + "H" + minutes + "M" + rest + "S";
  }

  // --- the outbox: one entry per attempt and session, in memory and, where the browser allows, in storage ------

  var outbox = {};

  function storage() {
    try {
      return window.localStorage; // Throws where third-party storage is blocked: then memory only.
    } catch (error) {
      return null;
    }
  }

  function restore() {
    var store = storage();
    if (!store) return;
    try {
      for (var i = 0; i < store.length; i++) {
        var key = store.key(i);
        if (key && key.indexOf(STORE) === 0) outbox[key] = JSON.parse(store.getItem(key));
      }
    } catch (error) {
      /* A damaged entry is skipped. */
    }
  }

  function storeKey(launch) {
    return STORE + launch.attempt + ":" + launch.token.slice(-16);
  }

  function writeStore(key, entry) {
    var store = storage();
    if (entry && entry.items.length) outbox[key] = entry;
    else delete outbox[key];
    // Where this origin's storage is blocked (a third-party frame), the lesson page keeps a copy for us.
    post({ type: "scorm:outbox", key: key, entry: outbox[key] || null });
    if (!store) return;
    try {
      if (outbox[key]) store.setItem(key, JSON.stringify(entry));
      else store.removeItem(key);
    } catch (error) {
      /* Storage full: the commit still goes out; it only is not kept across a reload. */
    }
  }

  function pendingCount() {
    return Object.keys(outbox).reduce(function (count, key) {
      return count + outbox[key].items.length;
    }, 0);
  }

  function merged(items) {
    var cmi = {};
    items.forEach(function (item) {
      Object.keys(item.cmi).forEach(function (key) { cmi[key] = item.cmi[key]; });
    });
    return cmi;
  }

  // final: the session ends (its time is reported); terminated: the content itself ended it.
  function enqueue(final, terminated) {
    if (!session) return;
    var api = session.api;
    var current = writable(api.getFlattenedCMI());
    if (final && !session.timeReported && session.startedAt) {
      // Content that never reports its session time still spent it (the server caps it by the launch time).
      current[SESSION_TIME] = formatSeconds((Date.now() - session.startedAt) / 1000);
    }
    if (terminated) {
      // Content that never reports completion has completed when it ends (SCORM 2004's completionSetByContent
      // false, the default; SCORM 1.2's "not attempted" at LMSFinish).
      var statusKey = IS_12 ? "cmi.core.lesson_status" : "cmi.completion_status";
      var status = current[statusKey];
      if (!status || status === (IS_12 ? "not attempted" : "unknown")) current[statusKey] = "completed";
    }
    var delta = {};
    var changed = false;
    Object.keys(current).forEach(function (key) {
      if (session.baseline[key] !== current[key]) {
        delta[key] = current[key];
        changed = true;
      }
    });
    if (session.navRequest && session.navRequest !== session.sentNavRequest) {
      delta["adl.nav.request"] = session.navRequest;
      session.sentNavRequest = session.navRequest;
      changed = true;
    }
    if (!changed) return;
    session.baseline = current;
    session.sequence += 1;
    var key = storeKey(session.launch);
    var entry = outbox[key] || { url: session.launch.commit_url, token: session.launch.token, items: [] };
    entry.items.push({ sequence: session.sequence, cmi: delta });
    writeStore(key, entry);
  }

  function send(key, entry, keepalive) {
    // One request carries every delta waiting for this session (later values win), under the last sequence.
    var last = entry.items[entry.items.length - 1];
    var body = JSON.stringify({ token: entry.token, sequence: last.sequence, cmi: merged(entry.items) });
    return fetch(entry.url, {
      method: "POST",
      mode: "cors",
      credentials: "omit",
      // text/plain keeps this a simple request: no preflight, so it also goes out while the page unloads.
      headers: { "Content-Type": "text/plain;charset=UTF-8" },
      body: body,
      keepalive: keepalive && body.length < 60000,
    }).then(function (response) {
      return response.json().then(
        function (json) { return { status: response.status, json: json }; },
        function () { return { status: response.status, json: {} }; }
      );
    }).then(function (result) {
      if (result.status >= 500) throw new Error("server " + result.status);
      // Stored (200), already stored (409), or refused for good (400, 403, 404): it leaves the outbox.
      var stored = outbox[key];
      if (stored) {
        stored.items = stored.items.filter(function (item) { return item.sequence > last.sequence; });
        writeStore(key, stored);
      }
      if (result.status === 200) post({ type: "scorm:committed", attempt: result.json });
      else if (result.status !== 409) post({ type: "scorm:error", message: result.json.error || "" });
      return result;
    });
  }

  function pump() {
    if (sending) return;
    var keys = Object.keys(outbox);
    if (!keys.length) {
      post({ type: "scorm:pending", count: 0 });
      return;
    }
    sending = true;
    var key = keys[0];
    send(key, outbox[key], false).then(
      function () {
        sending = false;
        retries = 0;
        pump();
      },
      function () {
        sending = false;
        post({ type: "scorm:pending", count: pendingCount() });
        scheduleRetry();
      }
    );
  }

  function scheduleRetry() {
    if (retryTimer) return;
    var seconds = RETRY_SECONDS[Math.min(retries, RETRY_SECONDS.length - 1)];
    retries += 1;
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      pump();
    }, seconds * 1000);
  }

  window.addEventListener("online", function () {
    if (retryTimer) window.clearTimeout(retryTimer);
    retryTimer = null;
    retries = 0;
    pump();
  });

  // --- the API --------------------------------------------------------------------------------------------

  function commitHandler(url, params, terminate) {
    enqueue(Boolean(terminate), Boolean(terminate));
    pump();
    return { result: "true", errorCode: 0 };
  }

  function start(launch, kept) {
    // What the lesson page kept of earlier sessions (storage blocked here, or another tab's leftovers).
    Object.keys(kept || {}).forEach(function (key) {
      if (key.indexOf(STORE) === 0 && !outbox[key] && kept[key] && kept[key].items) outbox[key] = kept[key];
    });
    var Api = IS_12 ? window.Scorm12API : window.Scorm2004API;
    var api = new Api({
      lmsCommitUrl: launch.commit_url,
      autocommit: false,
      logLevel: 5,
      httpService: { processHttpRequest: commitHandler, updateSettings: function () {} },
    });
    // What an earlier session of this attempt left unsent belongs to the state this one starts from.
    var state = {};
    Object.keys(launch.state).forEach(function (key) { state[key] = launch.state[key]; });
    Object.keys(outbox).forEach(function (key) {
      if (key.indexOf(STORE + launch.attempt + ":") !== 0) return;
      var entry = outbox[key];
      if (!entry) return;
      var cmi = merged(entry.items);
      Object.keys(cmi).forEach(function (name) {
        if (name !== SESSION_TIME && name.indexOf("adl.") !== 0 && name.slice(-5) !== ".exit") state[name] = cmi[name];
      });
    });
    api.loadFromFlattenedJSON(state, "");
    session = {
      launch: launch,
      api: api,
      baseline: writable(api.getFlattenedCMI()),
      sequence: 0,
      startedAt: Date.now(),
      finished: false,
      navRequest: "",
      sentNavRequest: "",
      timeReported: false,
    };
    var current = session;
    api.on(IS_12 ? "LMSInitialize" : "Initialize", function () {
      current.startedAt = Date.now();
    });
    api.on(IS_12 ? "LMSSetValue" : "SetValue", function (element, value) {
      if (element === "adl.nav.request") current.navRequest = value;
      if (element === SESSION_TIME) current.timeReported = true;
    });
    api.on(IS_12 ? "LMSFinish" : "Terminate", function () {
      current.finished = true;
      var cmi = api.cmi;
      var status = IS_12 ? cmi.core.lesson_status : cmi.completion_status;
      // The player may move on before this SCO's last commit answers: it gets the result now.
      var raw = parseFloat(IS_12 ? cmi.core.score.raw : cmi.score.raw);
      var scaled = IS_12 ? raw / 100 : parseFloat(cmi.score.scaled);
      post({
        type: "scorm:finished",
        navRequest: current.navRequest,
        status: status,
        attempt: {
          completion_status: ["completed", "passed", "failed"].indexOf(status) !== -1 ? "completed" : status === "not attempted" ? status : "incomplete",
          success_status: IS_12 ? (status === "passed" || status === "failed" ? status : "unknown") : cmi.success_status,
          score_scaled: isNaN(scaled) ? null : scaled,
        },
      });
    });
    window.API = IS_12 ? api : undefined;
    window.API_1484_11 = IS_12 ? undefined : api;
    // Wrappers that search from window.top down (ADL's APIWrapper.js) meet the lesson page, another origin,
    // where only child frames' names can be read: the lesson page names this frame "API"/"API_1484_11", so
    // top.API is this window, which therefore answers the API's functions too.
    // Older content passes String objects (ADL's wrapper sends `new String("")`): the API gets plain strings.
    // SCORM 1.2: after LMSFinish every call but the error ones fails with 301 (scorm-again still answers).
    var finishedError = "";
    (IS_12 ? FUNCTIONS_12 : FUNCTIONS_2004).forEach(function (name) {
      var original = api[name];
      var isErrorCall = /Error|Diagnostic/.test(name);
      api[name] = function () {
        var args = Array.prototype.map.call(arguments, function (value) {
          return Object.prototype.toString.call(value) === "[object String]" ? String(value) : value;
        });
        if (IS_12 && current.finished && !isErrorCall) {
          finishedError = "301";
          return name === "LMSGetValue" ? "" : "false";
        }
        if (IS_12 && name === "LMSGetLastError" && finishedError) return finishedError;
        if (!isErrorCall) finishedError = "";
        return original.apply(api, args);
      };
      window[name] = api[name];
    });

    var frame = document.createElement("iframe");
    frame.setAttribute("allow", "fullscreen; autoplay");
    frame.setAttribute("title", launch.title || "SCORM");
    frame.src = launch.url;
    session.frame = frame;
    document.body.replaceChildren(frame);
    pump();
  }

  // The page goes away (tab closed, reload, another SCO chosen): let the content finish, then send it all.
  var leaving = false;
  function leave() {
    if (leaving || !session) return;
    leaving = true;
    var api = session.api;
    // Removing the content's frame runs its unload handlers now, while this page can still record them.
    if (session.frame && session.frame.parentNode) session.frame.parentNode.removeChild(session.frame);
    if (api.isInitialized() && !api.isTerminated()) enqueue(true, false);
    else if (!session.finished) enqueue(false, false);
    Object.keys(outbox).forEach(function (key) {
      var entry = outbox[key];
      if (entry && entry.items.length) send(key, entry, true).catch(function () {});
    });
  }
  window.addEventListener("pagehide", leave);

  // A phone switching apps may never come back: save what the content has not committed.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "hidden" || !session || leaving) return;
    var api = session.api;
    if (api.isInitialized() && !api.isTerminated()) {
      enqueue(false, false);
      pump();
    }
  });

  window.addEventListener("message", function (event) {
    if (event.origin !== SITE_ORIGIN || event.source !== window.parent) return;
    var data = event.data || {};
    if (data.type === "scorm:launch" && !session) start(data.launch, data.outbox);
  });

  restore();
  post({ type: "scorm:ready", pending: pendingCount() });
})();
