import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { MAX_CARD_BYTES, MAX_CARD_NESTING, formatLimitBytes } from '../inputLimits';
import { splitFrontMatter } from './frontMatter';

/**
 * Model cards are third-party markdown (Hugging Face READMEs, registry descriptions), so they are untrusted.
 * They are rendered with markdown-it and then sanitized with sanitize-html against an allow-list: only plain
 * document markup survives. Nothing in the result can run or load anything:
 * - scripts, styles, iframes, objects, SVG, MathML, forms and event-handler attributes are dropped;
 * - links keep only http, https and mailto targets (no `javascript:`, `data:` or protocol-relative ones);
 * - a remote image becomes a link (class `remote-image`) that the card opens externally only when clicked;
 * - an image survives only as an inline raster `data:` URI, which loads nothing from anywhere.
 *
 * The CLI (`fm card render`) and the model card webview use this one function, so the CLI prints exactly what
 * the card shows.
 *
 * Rendering time grows with the card, and the sanitizer's with how deep its HTML nests (a megabyte of nested
 * `<div>`s took seconds on the extension host): a card above `MAX_CARD_BYTES`, or whose HTML nests deeper than
 * `MAX_CARD_NESTING`, is shown as the beginning of its plain text under a notice that says which limit it passed.
 */

/** Class of the links that stand for remote images. */
export const REMOTE_IMAGE_CLASS = 'remote-image';

const INLINE_RASTER_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]+$/i;
const REMOTE_URL = /^https?:\/\//i;
/** Links the card can open: web pages and mail outside VS Code, anchors inside the card. */
const OPENABLE_LINK = /^(https?:\/\/|mailto:|#)/i;

const markdown = new MarkdownIt({ html: true, linkify: true, typographer: false });

function remoteImageLink(src: string, alt: string | undefined): sanitizeHtml.Attributes & { text: string } {
  let host = src;
  try {
    host = new URL(src).host;
  } catch {
    // keep the raw text
  }
  return { href: src, class: REMOTE_IMAGE_CLASS, rel: 'noopener noreferrer', title: `Remote image, not loaded: ${src}`, text: `Image: ${alt?.trim() || 'untitled'} (${host})` };
}

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== 'main' && tag !== 'nav'),
    'img',
    'details',
    'summary',
    'del',
    'ins',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'class', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    code: ['class'],
    ol: ['start'],
    th: ['align', 'colspan', 'rowspan', 'style'],
    td: ['align', 'colspan', 'rowspan', 'style'],
    details: ['open'],
  },
  // Table alignment is the only style markdown produces; nothing else of a style attribute survives.
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedClasses: { a: [REMOTE_IMAGE_CLASS], code: ['language-*'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // The text of these is dropped along with the tag (`<script>` bodies, stylesheets, SVG drawing text, forms).
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'svg', 'math', 'template', 'iframe', 'object', 'title', 'form', 'button', 'select'],
  transformTags: {
    img: (tagName, attribs) => {
      const src = attribs.src?.trim() ?? '';
      if (REMOTE_URL.test(src) || src.startsWith('//')) {
        const { text, ...link } = remoteImageLink(src.startsWith('//') ? `https:${src}` : src, attribs.alt);
        return { tagName: 'a', attribs: link, text };
      }
      if (INLINE_RASTER_IMAGE.test(src)) return { tagName, attribs };
      // A relative or otherwise unloadable image: keep its alternative text, load nothing.
      return { tagName: 'span', attribs: {}, text: attribs.alt ? `[image: ${attribs.alt}]` : '' };
    },
    a: (tagName, attribs) => {
      // A link the card cannot follow (a script URL, a relative path into a repository we do not have) is text.
      if (!OPENABLE_LINK.test(attribs.href?.trim() ?? '')) return { tagName: 'span', attribs: {} };
      const link: sanitizeHtml.Attributes = { ...attribs, rel: 'noopener noreferrer' };
      if (attribs.class !== REMOTE_IMAGE_CLASS) delete link.class;
      return { tagName, attribs: link };
    },
  },
};

/** Sanitizes HTML to what a model card may show. */
export function sanitizeCardHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}

/** Class of the notice a card shows in place of a rendering it was refused. */
export const CARD_LIMIT_CLASS = 'card-limit';
/** How much of a refused card's text is shown, as plain text. */
const PLAIN_EXCERPT_CHARS = 16 * 1024;

/** Elements that nest nothing (void) or that the next sibling closes: they do not deepen the sanitizer's stack. */
const NOT_NESTING = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'rt', 'rp', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption']);

/** True when `html` opens elements more than `max` deep (closing tags that close nothing are ignored). */
export function nestsDeeperHtml(html: string, max: number): boolean {
  let depth = 0;
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(\/?)>/g)) {
    const [, closing, tag = '', selfClosing] = match;
    if (selfClosing || NOT_NESTING.has(tag.toLowerCase())) continue;
    if (closing) depth = Math.max(0, depth - 1);
    else if (++depth > max) return true;
  }
  return false;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The notice and the beginning of the card's text, escaped: what a card shows when it is not rendered. */
function refusedCard(reason: string, body: string): string {
  const excerpt = body.length > PLAIN_EXCERPT_CHARS ? `${body.slice(0, PLAIN_EXCERPT_CHARS)}\n…` : body;
  return `<p class="${CARD_LIMIT_CLASS}"><strong>${escapeHtml(reason)}</strong></p>\n<pre>${escapeHtml(excerpt)}</pre>\n`;
}

/** Renders a model card's markdown (front matter dropped) to sanitized HTML, within the limits above. */
export function renderModelCard(markdownText: string): string {
  const { body } = splitFrontMatter(markdownText);
  const bytes = Buffer.byteLength(body);
  if (bytes > MAX_CARD_BYTES) {
    return refusedCard(`This model card is ${formatLimitBytes(bytes)}, more than the ${formatLimitBytes(MAX_CARD_BYTES)} a card renders: its beginning is shown as plain text.`, body);
  }
  const html = markdown.render(body);
  if (nestsDeeperHtml(html, MAX_CARD_NESTING)) {
    return refusedCard(`This model card nests its HTML more than ${MAX_CARD_NESTING} elements deep, deeper than a card renders: its beginning is shown as plain text.`, body);
  }
  return sanitizeCardHtml(html);
}
