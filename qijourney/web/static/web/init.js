// Start the NHS.UK components (menus, error summaries) once the page has loaded.
import { initAll } from "../build/nhsuk-frontend.min.js";

initAll();
