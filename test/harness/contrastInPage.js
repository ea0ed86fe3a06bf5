// Runs inside a webview's page (Playwright's frame.evaluate), as written: kept out of the TypeScript build, whose
// transform adds helpers (__name) that the page does not have. Returns the visible texts under `minimum` contrast.
// See contrast.ts for what it judges and how.
(min) => {
  const parse = (value) => {
    const hex = /^\s*#([0-9a-f]{6})([0-9a-f]{2})?\s*$/i.exec(value);
    if (hex) {
      const n = Number.parseInt(hex[1] ?? '', 16);
      return [(n >> 16) & 255, (n >> 8) & 255, n & 255, hex[2] ? Number.parseInt(hex[2], 16) / 255 : 1];
    }
    // color-mix() and other CSS Color 4 values compute to color(srgb r g b / a), channels 0–1.
    const srgb = /color\(srgb ([^)]+)\)/.exec(value);
    if (srgb) {
      const parts = (srgb[1] ?? '').split(/[\s/]+/).filter(Boolean).map(Number);
      return [(parts[0] ?? 0) * 255, (parts[1] ?? 0) * 255, (parts[2] ?? 0) * 255, parts[3] ?? 1];
    }
    const match = /rgba?\(([^)]+)\)/.exec(value);
    if (!match) return undefined;
    const parts = (match[1] ?? '').split(/[\s,/]+/).filter(Boolean).map(Number);
    return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
  };
  const luminance = ([r, g, b]) => {
    const channel = (c) => {
      const s = c / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const parentOf = (node) => node.parentElement ?? (node.getRootNode().host ?? null);
  /** The colour behind an element: its own and its ancestors' backgrounds, blended from the first opaque one (or the editor's). */
  const backgroundOf = (element) => {
    const layers = [];
    for (let node = element; node; node = parentOf(node)) {
      const style = getComputedStyle(node);
      if (style.backgroundImage !== 'none') return undefined;
      const color = parse(style.backgroundColor);
      if (color && color[3] > 0) {
        layers.push(color);
        if (color[3] >= 1) break;
      }
    }
    // A webview's page is transparent: the editor's background shows through it.
    const page = parse(getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background')) ?? [255, 255, 255, 1];
    return layers.reduceRight((below, layer) => over(layer, below), page);
  };
  const found = [];
  const visit = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const element = node.parentElement;
      if (!text || !element || element.closest('script, style, option, select')) continue;
      // Disabled controls are dimmed on purpose; WCAG 1.4.3 exempts inactive components.
      if (element.closest('[disabled], [aria-disabled="true"]')) continue;
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || style.display === 'none' || element.getClientRects().length === 0) continue;
      const foreground = parse(style.color);
      const background = backgroundOf(element);
      if (!foreground || !background) continue;
      const ink = over([foreground[0], foreground[1], foreground[2], foreground[3] * Number(style.opacity || 1)], background);
      const [light, dark] = [luminance(ink), luminance(background)].sort((a, b) => b - a);
      const ratio = (light + 0.05) / (dark + 0.05);
      if (ratio >= min) continue;
      const finding = { text: text.slice(0, 60), element: element.tagName.toLowerCase() + (element.className ? `.${String(element.className).split(' ').join('.')}` : ''), color: style.color, background: `rgb(${background.slice(0, 3).map(Math.round).join(', ')})`, ratio: Math.round(ratio * 100) / 100, count: 1 };
      // One finding per element kind and colours (a table's 40 red cells are one fault), counted.
      const same = found.find((f) => f.element === finding.element && f.color === finding.color && f.background === finding.background);
      if (same) same.count++;
      else found.push(finding);
    }
    for (const element of root.querySelectorAll('*')) if (element.shadowRoot) visit(element.shadowRoot);
  };
  visit(document);
  return found;
};
