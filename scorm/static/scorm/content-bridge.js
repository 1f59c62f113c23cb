/*
 * Injected by the scorm content view into every HTML file of a package, right after scorm-again's
 * CrossFrameAPI. The content runs in a sandboxed frame with an opaque origin, so it cannot reach the real
 * run-time API in the lesson page (window.parent.API throws). This defines a local window.API (SCORM 1.2) and
 * window.API_1484_11 (2004) that relay every call over postMessage; the lesson page answers only messages
 * coming from its own player frame.
 */
(function () {
  "use strict";
  if (window.parent === window || typeof window.CrossFrameAPI !== "function") {
    return;
  }
  // The player names its frame "scorm-state:<state>": a document in that frame talks to its parent, the lesson
  // page. A frame nested by the package itself (its name is the package's) talks to the top window, where the
  // lesson page normally is. CrossFrameAPI accepts answers only from the window it posts to.
  var PREFIX = "scorm-state:";
  var named = typeof window.name === "string" && window.name.indexOf(PREFIX) === 0;
  var target = named ? window.parent : window.top;
  var api = new window.CrossFrameAPI("*", target, { timeout: 10000 });
  // The player passes the SCO's starting state in the frame's name, so that GetValue right after Initialize
  // answers from the stored state (a postMessage round trip would be too late for content that reads at once).
  if (named) {
    try {
      var state = JSON.parse(window.name.slice(PREFIX.length));
      Object.keys(state).forEach(function (key) {
        api._cache.set(key, String(state[key]));
      });
    } catch (error) {
      /* A malformed seed only means the first reads wait for the relay. */
    }
  }
  window.API = api;
  window.API_1484_11 = api;
})();
