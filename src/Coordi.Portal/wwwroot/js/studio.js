// Agent studio: shows slider values and keeps the system prompt preview current while the owner edits.
// Without this script the page still works: "Preview prompt" re-renders it on the server.
(function () {
  "use strict";
  var form = document.getElementById("studio-form");
  var preview = document.getElementById("prompt-preview");
  var state = document.getElementById("prompt-state");
  if (!form || !preview) {
    return;
  }

  form.querySelectorAll("input[type=range]").forEach(function (slider) {
    var output = document.getElementById(slider.id + "_value");
    slider.addEventListener("input", function () {
      if (output) {
        output.textContent = slider.value;
      }
    });
  });

  var timer = null;
  var pending = null;
  function refresh() {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    state.textContent = "Updating preview…";
    fetch(form.dataset.previewUrl, { method: "POST", body: new FormData(form), signal: pending.signal, credentials: "same-origin" })
      .then(function (response) {
        return response.text().then(function (text) {
          if (response.ok) {
            preview.textContent = text;
            state.textContent = "Preview of unsaved changes.";
          } else {
            state.textContent = response.status === 422 ? text : "The preview could not be updated.";
          }
        });
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          state.textContent = "The preview could not be updated.";
        }
      });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
})();
