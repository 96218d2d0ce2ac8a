// The preview page: follow the server's updates, and remember the page size chosen.
"use strict";

const zoom = document.getElementById("zoom");
const setZoom = (width) => document.documentElement.style.setProperty("--page", `${width}px`);
zoom.value = localStorage.getItem("studybook-page-size") || zoom.value;
setZoom(zoom.value);
zoom.addEventListener("input", () => {
  setZoom(zoom.value);
  localStorage.setItem("studybook-page-size", zoom.value);
});

// Put each part of an update in the place of the part with its id. Pages of the same build
// stay as they are (only greyed or not), so the browser never draws them again.
function show(update) {
  const parts = document.createElement("template");
  parts.innerHTML = update.html;
  for (const part of [...parts.content.children]) {
    const current = document.getElementById(part.id);
    if (current && part.dataset.key && part.dataset.key === current.dataset.key) {
      current.className = part.className;
    } else if (current) {
      current.replaceWith(part);
    }
  }
  document.title = update.title;
}

const updates = new EventSource("/events");
updates.addEventListener("state", (event) => {
  document.body.classList.remove("offline");
  show(JSON.parse(event.data));
});
updates.addEventListener("error", () => document.body.classList.add("offline"));
