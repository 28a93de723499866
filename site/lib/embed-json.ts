/**
 * JSON placed inside <script type="application/json"> in a page. "<" is
 * escaped so that a metric named "</script><script>…" cannot end the element.
 */
export function formatEmbeddedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
