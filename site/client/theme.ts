/**
 * Light and dark themes: the system's preference until the reader picks one
 * with the toggle, which is remembered in localStorage. Charts read their
 * colours from the same CSS variables and redraw when the theme changes.
 */
import type { ChartColors } from '../charts/metric-chart-config.ts';

const STORAGE_KEY = 'pitwall-theme';
const EVENT = 'pitwall:theme';

export function currentTheme(): 'light' | 'dark' {
  const chosen = document.documentElement.dataset['theme'];
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function installThemeToggle(): void {
  const button = document.getElementById('theme-toggle');
  button?.addEventListener('click', () => {
    const next = currentTheme() === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset['theme'] = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage can be disabled (private windows); the choice then lasts for this page only.
    }
    window.dispatchEvent(new Event(EVENT));
  });
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => window.dispatchEvent(new Event(EVENT)));
}

export function onThemeChange(listener: () => void): void {
  window.addEventListener(EVENT, listener);
}

export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

export function readChartColors(): ChartColors {
  return {
    text: cssVar('--text'),
    muted: cssVar('--muted'),
    grid: cssVar('--border'),
    surface: cssVar('--surface'),
    regression: cssVar('--regression'),
    improvement: cssVar('--improvement'),
    neutral: cssVar('--neutral'),
    note: cssVar('--note'),
    highlight: cssVar('--highlight'),
    noise: cssVar('--faint'),
  };
}

/** Colours of overlaid machines, in order. */
export function seriesColors(): string[] {
  return [1, 2, 3, 4, 5, 6].map((i) => cssVar(`--series-${i}`));
}

export function fontFamily(): string {
  return cssVar('--font');
}
