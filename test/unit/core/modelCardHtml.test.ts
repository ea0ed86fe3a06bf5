import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderModelCard } from '../../../src/core/catalog/modelCardHtml';

const hostileCard = readFileSync(path.resolve(__dirname, '../../fixtures/models/hostile-card-model/README.md'), 'utf8');

/** The opening tags of an HTML string, lower-cased, e.g. `['h1', 'p', 'a']`. */
function tagsOf(html: string): string[] {
  return [...html.matchAll(/<([a-z][a-z0-9-]*)\b/gi)].map((m) => (m[1] ?? '').toLowerCase());
}

describe('model card rendering', () => {
  const html = renderModelCard(hostileCard);

  it('keeps the document: headings, emphasis, tables with alignment, safe links', () => {
    assert.match(html, /<h1>Hostile card model<\/h1>/);
    assert.match(html, /<strong>Everything below must render inert\.<\/strong>/);
    assert.match(html, /<th style="text-align:left">metric<\/th>/);
    assert.match(html, /<a href="https:\/\/huggingface\.co\/docs" rel="noopener noreferrer">A safe link<\/a>/);
  });

  it('drops scripts, frames, objects, SVG, forms, styles, meta and base, with their content', () => {
    const allowed = new Set(['h1', 'p', 'strong', 'a', 'span', 'div', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
    assert.deepEqual(tagsOf(html).filter((tag) => !allowed.has(tag)), []);
    assert.doesNotMatch(html, /svg text|background|Send/);
  });

  it('leaves no event handler, style other than table alignment, or script URL', () => {
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
    // markdown-it leaves a `[text](javascript:…)` link as literal text; inside a tag no such URL may remain.
    assert.doesNotMatch(html, /<[^>]*(javascript:|data:text|__pwned)/i);
    for (const style of html.matchAll(/style="([^"]*)"/g)) assert.match(style[1] ?? '', /^text-align:(left|right|center)$/);
  });

  it('turns every remote image into a link to click, and loads nothing', () => {
    assert.doesNotMatch(html, /<img/);
    assert.doesNotMatch(html, /src=/);
    const remote = [...html.matchAll(/<a href="([^"]+)" class="remote-image"[^>]*>([^<]*)<\/a>/g)];
    assert.deepEqual(
      remote.map((m) => m[1]),
      ['https://tracker.invalid/pixel.png', 'https://tracker.invalid/chart.png', 'https://tracker.invalid/protocol-relative.png'],
    );
    assert.equal(remote[0]?.[2], 'Image: tracking pixel (tracker.invalid)');
  });

  it('never links to a script URL, even spelled in mixed case or with entities; such links and relative ones become text', () => {
    const out = renderModelCard('[a](JaVaScRiPt:alert(1)) <a href="jav&#x09;ascript:alert(1)">b</a> <a href="&#106;avascript:alert(1)">c</a> [license](LICENSE) [top](#top)');
    assert.doesNotMatch(out, /href="[^"]*script/i);
    assert.match(out, /<span>b<\/span> <span>c<\/span> <span>license<\/span> <a href="#top" rel="noopener noreferrer">top<\/a>/);
  });

  it('keeps inline raster images and drops SVG or relative ones to their alt text', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const out = renderModelCard(`<img src="${png}" alt="dot">\n\n<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="vector">\n\n![diagram](./images/diagram.png)`);
    assert.match(out, new RegExp(`<img src="${png.replace(/[+/]/g, '\\$&')}" alt="dot" />`));
    assert.match(out, /\[image: vector\]/);
    assert.doesNotMatch(out, /diagram\.png/);
  });

  it('drops YAML front matter and renders code blocks with their language', () => {
    const out = renderModelCard('---\nlicense: mit\n---\n```python\nprint("hi")\n```\n');
    assert.doesNotMatch(out, /license/);
    assert.match(out, /<pre><code class="language-python">print\("hi"\)/);
  });
});
