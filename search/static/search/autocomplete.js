/* Catalogue search suggestions while typing, for #site-search and any input[data-search-autocomplete].
   The suggestions go in the element named by data-suggestions (default #search-suggestions). No library. */
(function () {
  "use strict";
  var ENDPOINT = "/api/catalogue/autocomplete";
  var DELAY = 150;

  function attach(input) {
    if (input.dataset.autocompleteReady) return;
    input.dataset.autocompleteReady = "1";
    var box = document.getElementById(input.dataset.suggestions || "search-suggestions");
    if (!box) return;
    var listId = (box.id || "search-suggestions") + "-list";
    var timer = null;
    var latest = 0;
    var active = -1;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    function links() { return box.querySelectorAll("a"); }

    function close() {
      box.innerHTML = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function render(items) {
      close();
      if (!items.length) return;
      var list = document.createElement("ul");
      list.className = "suggestions";
      list.id = listId;
      list.setAttribute("role", "listbox");
      items.forEach(function (item, i) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = item.url;
        a.id = listId + "-" + i;
        a.textContent = item.title;
        a.setAttribute("role", "option");
        li.appendChild(a);
        list.appendChild(li);
      });
      box.appendChild(list);
      input.setAttribute("aria-expanded", "true");
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      var ticket = ++latest;
      fetch(ENDPOINT + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) { if (ticket === latest) render(data.suggestions || []); })
        .catch(function () { /* offline or slow network: the form still submits */ });
    }

    function move(step) {
      var items = links();
      if (!items.length) return;
      if (active >= 0) items[active].removeAttribute("aria-selected");
      active = (active + step + items.length) % items.length;
      items[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[active].id);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { move(1); e.preventDefault(); }
      else if (e.key === "ArrowUp") { move(-1); e.preventDefault(); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); window.location.href = links()[active].href; }
    });
    document.addEventListener("click", function (e) {
      if (e.target !== input && !box.contains(e.target)) close();
    });
  }

  function init() {
    var inputs = document.querySelectorAll("#site-search, input[data-search-autocomplete]");
    Array.prototype.forEach.call(inputs, attach);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
