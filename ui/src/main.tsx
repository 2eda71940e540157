// Entry point: theme first (no flash of the wrong colours), then the app.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { applyThemeChoice, loadThemeChoice } from "./design/theme";
import "./design/theme.css";
import "./design/components.css";

applyThemeChoice(loadThemeChoice());

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
