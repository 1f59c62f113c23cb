// Ask before a button marked data-confirm="Question?" submits: the Content-Security-Policy blocks inline
// onclick="return confirm(...)" handlers, so buttons name their question in an attribute instead.
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-confirm]") : null;
  if (button && !window.confirm(button.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
