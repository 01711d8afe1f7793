// What the web pages (inbox, console) build markup with: every piece of text goes in with textContent, never parsed
// as HTML.

/** An element with text content and attributes; the only way these pages build markup. */
export function element(tag, { text, className, attributes } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}
