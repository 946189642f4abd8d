// Small enhancements on top of htmx; every page works without them.
(function () {
  "use strict";
  // Upload progress for the files form.
  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = document.getElementById("upload-progress");
    var detail = event.detail || {};
    if (!bar || !detail.lengthComputable || !detail.total) return;
    bar.value = Math.round((detail.loaded / detail.total) * 100);
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var bar = document.getElementById("upload-progress");
    if (bar && event.target && event.target.id === "upload-form") bar.value = 0;
  });
  // Show the preview panel once it has something in it.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.id === "preview") target.hidden = false;
  });
})();
