/* The preview's one script (sitebuild/preview/): reloads this page when the
   preview serves something new at its address. It asks the preview, and the
   preview answers when the page changes or after a while with nothing new;
   then it asks again. No request leaves the preview's own address. */
(function () {
  "use strict";
  var script = document.currentScript;
  var token = script ? script.getAttribute("data-token") : "";
  var path = location.pathname;
  function ask() {
    fetch("/_preview/wait?path=" + encodeURIComponent(path) + "&token=" + encodeURIComponent(token), {
      cache: "no-store"
    }).then(function (response) {
      if (response.status === 200) {
        location.reload();
      } else if (response.status === 204) {
        ask();
      } else {
        setTimeout(ask, 2000);
      }
    }, function () {
      setTimeout(ask, 2000); /* the preview stopped or restarts: try again, slowly */
    });
  }
  ask();
})();
