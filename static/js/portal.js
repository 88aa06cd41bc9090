// Title Portal: small behaviours shared by every page. No inline handlers (CSP).
(function () {
  "use strict";

  // Selects marked data-autosubmit submit their form on change (language and role switchers).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
    }
  });

  // Buttons marked data-confirm ask before submitting (discard, withdraw, ...). With
  // data-confirm-count (a selector of the chosen checkboxes) "__COUNT__" in the question is the
  // number chosen, and data-confirm-none is said instead when nothing is chosen.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-confirm]");
    if (!button) { return; }
    var question = button.getAttribute("data-confirm");
    var counted = button.getAttribute("data-confirm-count");
    if (counted) {
      var chosen = document.querySelectorAll(counted).length;
      if (chosen === 0 && button.hasAttribute("data-confirm-none")) {
        window.alert(button.getAttribute("data-confirm-none"));
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      question = question.replace("__COUNT__", String(chosen));
    }
    if (!window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Uploads (the file inputs of titleportal/widgets/stashed_file_input.html). A PDF above the
  // slot's limit is refused here, before it is sent, with the reason under the field; the
  // page and everything typed on it stay as they are.
  function fileInputs(form) {
    return form.querySelectorAll ? form.querySelectorAll(".stashed-file-input input[type=file]") : [];
  }
  function refusal(input) {
    var limit = parseInt(input.getAttribute("data-pdf-max"), 10);
    var file = input.files && input.files[0];
    if (!file || !limit) { return ""; }
    var pdf = file.type === "application/pdf" || /\.pdf$/i.test(file.name);
    return pdf && file.size > limit ? input.getAttribute("data-pdf-too-large") : "";
  }
  function checkInput(input) {
    var message = refusal(input);
    var feedback = input.parentNode.querySelector(".upload-refused");
    input.classList.toggle("is-invalid", Boolean(message));
    if (feedback) { feedback.textContent = message; feedback.hidden = !message; }
    return !message;
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches(".stashed-file-input input[type=file]")) {
      checkInput(event.target);
    }
  });
  document.addEventListener("submit", function (event) {
    var refused = Array.prototype.filter.call(fileInputs(event.target), function (input) {
      return !checkInput(input);
    });
    if (refused.length) {
      event.preventDefault();
      event.stopPropagation();  // neither htmx nor data-once sees this submit
      refused[0].focus();
    }
  }, true);

  // The progress bar of each chosen file's slot: a fraction of the bytes sent, then "checking"
  // while the server reads the file.
  function showProgress(form, fraction) {
    Array.prototype.forEach.call(fileInputs(form), function (input) {
      var box = input.parentNode.querySelector(".upload-progress");
      if (!box || !input.files || !input.files.length) { return; }
      var percent = Math.round(fraction * 100);
      var bar = box.querySelector(".progress");
      var text = box.querySelector(".upload-progress-text");
      box.hidden = false;
      bar.setAttribute("aria-valuenow", String(percent));
      bar.firstElementChild.style.width = percent + "%";
      text.textContent = fraction < 1 ? text.getAttribute("data-sending") + " " + percent + "%" : text.getAttribute("data-checking");
    });
  }
  // Forms sent by htmx (rows with attachments) report their progress through htmx.
  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest && event.target.closest("form");
    if (form && event.detail.lengthComputable) { showProgress(form, event.detail.loaded / event.detail.total); }
  });

  // Leaving a page with unsaved changes in a form marked data-warn-unsaved asks first;
  // submitting the form is not leaving it.
  function markChanged(event) {
    var form = event.target.form || (event.target.closest && event.target.closest("form"));
    if (form && form.hasAttribute("data-warn-unsaved")) { form.dataset.changed = "1"; }
  }
  document.addEventListener("input", markChanged);
  document.addEventListener("change", markChanged);
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented && event.target.dataset) { delete event.target.dataset.changed; }
  });
  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form[data-warn-unsaved][data-changed]")) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // A form marked data-upload-progress (the material slots, up to 30 MB) with a file chosen is
  // sent by XHR so the bar can follow it; the page the server answers (after its redirect,
  // with its messages) then replaces this one, as the normal post would have done. Without
  // JavaScript, or when the network fails, the form posts as usual.
  function sendWithProgress(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    var anchor = form.closest("tr[id^=\"material-\"]");  // back to the material row
    // The attribute, not form.action: a field named "action" (the save buttons) shadows it.
    var action = new URL(form.getAttribute("action") || "", window.location.href).href;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", action);
    xhr.upload.addEventListener("progress", function (progress) {
      if (progress.lengthComputable) { showProgress(form, progress.loaded / progress.total); }
    });
    xhr.addEventListener("load", function () {
      var url = xhr.responseURL || action;
      document.open();
      document.write(xhr.responseText);
      document.close();
      var hash = anchor && document.getElementById(anchor.id) ? "#" + anchor.id : "";
      window.history.replaceState(null, "", url + hash);
      if (hash) { document.getElementById(anchor.id).scrollIntoView(); }
    });
    xhr.addEventListener("error", function () { HTMLFormElement.prototype.submit.call(form); });
    // The messages of the last request no longer apply; the answer brings its own.
    document.querySelectorAll(".portal-messages").forEach(function (box) { box.remove(); });
    showProgress(form, 0);
    xhr.send(data);
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.hasAttribute("data-upload-progress") || !window.FormData) { return; }
    if ((form.getAttribute("method") || "").toLowerCase() !== "post") { return; }
    var chosen = Array.prototype.some.call(fileInputs(form), function (input) {
      return input.files && input.files.length;
    });
    if (!chosen) { return; }
    event.preventDefault();
    sendWithProgress(form, event.submitter);
  });

  // Forms marked data-once disable their submit buttons after the first submit (double clicks).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute && form.hasAttribute("data-once")) {
      if (form.dataset.submitted === "1") { event.preventDefault(); return; }
      form.dataset.submitted = "1";
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) {
        b.setAttribute("aria-disabled", "true");
        b.classList.add("disabled");
      });
    }
  });
})();
