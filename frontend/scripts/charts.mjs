// Draws every SPC chart on a page from the Vega-Lite definition the server embedded beside it.
// Expressions are interpreted, not compiled with eval, so the strict content security policy
// holds.
import embed from "vega-embed";
import { expressionInterpreter } from "vega-interpreter";

for (const element of document.querySelectorAll("[data-chart-spec]")) {
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
    element.textContent = "The chart could not be drawn; the table below has its data.";
    console.error(error);
  });
}
