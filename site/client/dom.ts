/**
 * Building DOM from data without innerHTML: every string from the results
 * branch (metric names, commit subjects, logs) becomes a text node, so it
 * shows as the characters it holds and never as markup.
 */
type Child = Node | string | number | null | undefined | false;

export interface ElementProps {
  class?: string | undefined;
  /** Attributes set with setAttribute; null or undefined leaves one out. */
  attrs?: Record<string, string | null | undefined>;
  /** Event listeners. */
  on?: Partial<Record<keyof HTMLElementEventMap, (event: Event) => void>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props?.class) el.className = props.class;
  for (const [name, value] of Object.entries(props?.attrs ?? {})) if (value !== null && value !== undefined) el.setAttribute(name, value);
  for (const [event, listener] of Object.entries(props?.on ?? {})) el.addEventListener(event, listener as EventListener);
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function clear(el: Element): void {
  el.replaceChildren();
}

const SVG = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: SVGElement[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  for (const child of children) el.appendChild(child);
  return el;
}

/** The element with this id, or an error naming it (a page and its script out of step). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`The page has no element #${id}`);
  return el as T;
}

/** The site's base path, set by the layout on <html data-base>. */
export function siteBase(): string {
  return document.documentElement.dataset['base'] ?? '/';
}

/** The repository's web address for commit links (set by the layout on <html data-repo>), or null. */
export function siteRepoUrl(): string | null {
  return document.documentElement.dataset['repo'] ?? null;
}

/** A message in place of content that could not load. */
export function showError(where: Element, error: unknown): void {
  clear(where);
  append(where, h('p', { class: 'notice error', attrs: { role: 'alert' } }, `Could not load this view: ${error instanceof Error ? error.message : String(error)}`));
}
