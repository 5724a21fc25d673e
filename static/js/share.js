/* Sharing, enhanced (templates/includes/share_links.html). Without this script the
   page still offers the Facebook link and the link itself to select and copy;
   with it, a button copies the link, and on phones a button opens the system's
   share sheet, which lists Zalo when it is installed. Nothing is loaded from
   another site. */
(function () {
  "use strict";

  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById(button.getAttribute("data-status"));
    if (!input || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(
        function () {
          status.textContent = button.getAttribute("data-done");
        },
        function () {
          input.select();
          status.textContent = button.getAttribute("data-failed");
        }
      );
    });
  });

  document.querySelectorAll(".nd-share__input").forEach(function (input) {
    input.addEventListener("focus", function () {
      input.select();
    });
  });

  document.querySelectorAll("[data-share-url]").forEach(function (button) {
    if (!navigator.share) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator
        .share({ title: button.getAttribute("data-share-title"), url: button.getAttribute("data-share-url") })
        .catch(function () {
          /* The reader closed the share sheet: nothing to do. */
        });
    });
  });
})();
