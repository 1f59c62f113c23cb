/* Lesson progress beacon: "viewed to its end" (IntersectionObserver on an end-of-lesson sentinel), the share of
   each <video> watched (timeupdate), time spent, and the "mark as done" fallback. One small POST per event. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-lesson-progress]");
  if (!panel) return;
  var url = panel.getAttribute("data-lesson-progress");
  var csrf = (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || panel.getAttribute("data-csrf");
  var statusEl = panel.querySelector("[data-lesson-status]");
  var barEl = document.querySelector("[data-course-progress]");
  var started = Date.now();
  var sentVideoShare = 0;
  var viewedSent = false;

  function elapsed() {
    var seconds = Math.round((Date.now() - started) / 1000);
    started = Date.now();
    return seconds;
  }

  function show(json) {
    if (json.lesson && statusEl) {
      statusEl.textContent = statusEl.getAttribute("data-label-" + json.lesson.status) || json.lesson.status;
      panel.setAttribute("data-status", json.lesson.status);
      if (json.lesson.status === "completed") {
        // Nothing left to do on this lesson: the hint or the "mark as done" button goes.
        Array.prototype.forEach.call(panel.querySelectorAll("[data-lesson-todo]"), function (el) { el.remove(); });
      }
    }
    if (json.course && barEl) {
      barEl.style.width = json.course.progress + "%";
      var label = document.querySelector("[data-course-progress-label]");
      if (label) label.textContent = json.course.progress + "%";
    }
    var notice = panel.querySelector("[data-completion-notice]");
    if (json.course && json.course.notice_html && notice) {
      // The completion moment, rendered by the server (escaped there): "course completed" and the certificate link.
      // Two beacons may race to finish the course; the answer that brings the certificate link wins.
      var shown = notice.querySelector("[data-course-completed-notice]");
      if (!shown || (json.course.certificate_url && !notice.querySelector("[data-certificate-link]"))) {
        notice.innerHTML = json.course.notice_html;
        var heading = notice.querySelector("h2");
        if (heading && !shown) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
      }
    }
    return json;
  }

  function send(data, keepalive) {
    data.seconds = elapsed();
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(data)
    }).then(function (response) { return response.json(); }).then(show)
      .catch(function () { /* offline: the next event or the button will try again */ });
  }

  // A SCORM package beside this panel reports its status after each stored commit (scorm/static/scorm/player.js
  // dispatches "scorm:status"); the server has recorded the result by then: ask for the lesson's state.
  document.addEventListener("scorm:status", function (event) {
    var detail = event.detail || {};
    if (detail.completion !== "completed" && detail.success !== "passed") return;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); }).then(show)
      .catch(function () { /* the next commit's event asks again */ });
  });

  // Viewed to its end: a sentinel after the lesson content.
  var article = panel.closest("article") || document.querySelector("main");
  var sentinel = document.createElement("div");
  sentinel.setAttribute("data-lesson-end", "");
  sentinel.style.height = "1px";
  article.appendChild(sentinel);
  if ("IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting && !viewedSent) {
          viewedSent = true;
          observer.disconnect();
          send({ viewed: true });
        }
      });
    });
    observer.observe(sentinel);
  }

  // Videos: report the furthest share watched, in steps of 10%, and at the end.
  Array.prototype.forEach.call(article.querySelectorAll("video"), function (video) {
    var furthest = 0;
    function report(force) {
      if (!video.duration || !isFinite(video.duration)) return;
      furthest = Math.max(furthest, video.currentTime / video.duration);
      if (force || furthest - sentVideoShare >= 0.1) {
        sentVideoShare = furthest;
        send({ video_share: Math.min(1, Math.round(furthest * 1000) / 1000) });
      }
    }
    video.addEventListener("timeupdate", function () { report(false); });
    video.addEventListener("ended", function () { furthest = 1; report(true); });
  });

  // "Mark as done" fallback.
  var done = panel.querySelector("[data-mark-done]");
  if (done) {
    done.addEventListener("submit", function (event) {
      event.preventDefault();
      send({ viewed: true, done: true });
    });
  }

  // Time spent when leaving the page.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") send({}, true);
  });
})();
