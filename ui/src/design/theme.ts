// The theme follows the OS unless the user picked light or dark in Settings (kept per machine).
export type ThemeChoice = "system" | "light" | "dark";
const STORAGE_KEY = "apidest.theme";

export function loadThemeChoice(): ThemeChoice {
  const saved = window.localStorage.getItem(STORAGE_KEY);
  return saved === "light" || saved === "dark" ? saved : "system";
}

export function applyThemeChoice(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === "system") {
    root.removeAttribute("data-theme");
    window.localStorage.removeItem(STORAGE_KEY);
  } else {
    root.setAttribute("data-theme", choice);
    window.localStorage.setItem(STORAGE_KEY, choice);
  }
}
