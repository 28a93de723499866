/**
 * Notes live on the results branch, where any runner with push rights can
 * write. Rendering them must not run their code or inject markup, so this
 * Markdown pass keeps prose and formatting and turns the rest into text:
 * MDX imports/exports are dropped, `{expressions}`, JSX elements and raw HTML
 * show as the characters they are written with, and links or images with a scheme other
 * than http(s) or mailto point nowhere.
 */
import type { MdastPluginDefinition, MdastVisitorContext } from 'satteri';
import { isShownImageUrl } from '../../results/report/note-images.ts';

/** Schemes a note may link to; relative links and #anchors are allowed too. */
const SAFE_SCHEME = /^(https?:|mailto:)/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** True when a URL from a note is harmless in an href or src. */
export function isSafeNoteUrl(url: string): boolean {
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:").
  const squeezed = url.replace(/[\u0000-\u0020\u007f]/g, '');
  return SAFE_SCHEME.test(squeezed) || !ANY_SCHEME.test(squeezed);
}

/** The text shown in place of an image that is refused. */
export function describeRefusedImage(url: string, alt: string): string {
  return `[image ${alt === '' ? '' : `"${alt}" `}not shown: "${url}" is not a valid https address]`;
}

const FLOW_PARENTS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition', 'mdxJsxFlowElement', 'containerDirective']);

/** Replaces a node by its text, wrapped in a paragraph where a block is expected. */
function replaceWithText(ctx: MdastVisitorContext, node: Parameters<MdastVisitorContext['removeNode']>[0], text: string): void {
  const parent = ctx.parent(node);
  const textNode = { type: 'text' as const, value: text };
  if (parent === undefined || FLOW_PARENTS.has(parent.type)) ctx.replaceNode(node, { type: 'paragraph', children: [textNode] });
  else ctx.replaceNode(node, textNode);
}

/** The node's own characters in the note, or `fallback` when positions are unknown. */
function sourceOf(ctx: MdastVisitorContext, node: { position?: { start: { offset?: number | undefined }; end: { offset?: number | undefined } } | undefined }, fallback: string): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? fallback : ctx.source.slice(start, end);
}

export const safeNotesPlugin: MdastPluginDefinition = {
  name: 'pitwall-safe-notes',
  options: { position: true },
  mdxjsEsm(node, ctx) {
    ctx.removeNode(node);
  },
  mdxFlowExpression(node, ctx) {
    replaceWithText(ctx, node, `{${node.value}}`);
  },
  mdxTextExpression(node, ctx) {
    replaceWithText(ctx, node, `{${node.value}}`);
  },
  mdxJsxFlowElement(node, ctx) {
    replaceWithText(ctx, node, sourceOf(ctx, node, ctx.textContent(node)));
  },
  mdxJsxTextElement(node, ctx) {
    replaceWithText(ctx, node, sourceOf(ctx, node, ctx.textContent(node)));
  },
  html(node, ctx) {
    replaceWithText(ctx, node, node.value);
  },
  link(node, ctx) {
    if (!isSafeNoteUrl(node.url)) ctx.setProperty(node, 'url', '#');
  },
  definition(node, ctx) {
    if (!isSafeNoteUrl(node.url)) ctx.setProperty(node, 'url', '#');
  },
  image(node, ctx) {
    // A path would be resolved by the build, which has no files beside the note: only web images are shown.
    if (!isShownImageUrl(node.url)) replaceWithText(ctx, node, describeRefusedImage(node.url, node.alt ?? ''));
  },
  imageReference(node, ctx) {
    // Its address is elsewhere in the note: only images with their https address in place are shown.
    replaceWithText(ctx, node, `[image ${node.alt ? `"${node.alt}" ` : ''}not shown: write it with its https address in place]`);
  },
};
