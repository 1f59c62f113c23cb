/* Optional: submit the catalogue filter form when a choice changes. The form works without this. */
(function () {
  var form = document.getElementById("catalogue-filters");
  if (!form) return;
  form.addEventListener("change", function (event) {
    if (event.target.tagName === "SELECT") form.submit();
  });
})();
