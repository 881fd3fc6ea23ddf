// Draws every SPC chart on a page from the Vega-Lite definition embedded beside it. Charts
// inside a closed <details> are drawn when it is first opened (a board report has hundreds).
// Expressions are interpreted, not compiled with eval, so a strict content security policy
// holds.
import embed from "vega-embed";
import { expressionInterpreter } from "vega-interpreter";

function draw(element) {
  if (element.dataset.drawn) return;
  element.dataset.drawn = "yes";
  const source = document.getElementById(element.dataset.chartSpec);
  const spec = JSON.parse(source.textContent);
  embed(element, spec, {
    actions: false,
    renderer: "svg",
    ast: true,
    expr: expressionInterpreter,
    // No injected <style> elements (the policy allows none): our stylesheet has these rules.
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true },
  }).catch((error) => {
    element.textContent = "The chart could not be drawn; the table has its data.";
    console.error(error);
  });
}

for (const element of document.querySelectorAll("[data-chart-spec]")) {
  const details = element.closest("details");
  if (details && !details.open) {
    details.addEventListener("toggle", () => details.open && draw(element), { once: false });
  } else {
    draw(element);
  }
}
