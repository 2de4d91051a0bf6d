// recoupe web UI: draws the Vega-Lite charts embedded as JSON in the page.
// Pages are readable without it (each chart has a data table fallback).
(function () {
  "use strict";
  function draw() {
    if (typeof window.vegaEmbed !== "function") { return; }
    document.querySelectorAll(".chart[data-spec]").forEach(function (el) {
      var src = document.getElementById(el.getAttribute("data-spec"));
      if (!src) { return; }
      var spec;
      try { spec = JSON.parse(src.textContent); } catch (e) { return; }
      window.vegaEmbed(el, spec, { actions: false, renderer: "svg", tooltip: true })
        .then(function () { el.classList.add("drawn"); })
        .catch(function (err) { el.textContent = "Graphique indisponible : " + err; });
    });
  }
  function focusTarget() {
    var id = window.location.hash.slice(1);
    var el = id && document.getElementById(id);
    if (el) { el.scrollIntoView({ block: "center" }); el.classList.add("flash"); }
  }
  document.addEventListener("DOMContentLoaded", function () { draw(); focusTarget(); });
  window.addEventListener("hashchange", focusTarget);
})();
