/**
 * Values that Azure ML's Python side writes as text: JSON, or a Python literal as `str()` / `repr()` print it
 * (`['Standard_DS3_v2', 'Standard_D4a_v4']`, `{'apply_lora': 'true'}`, `True`, `None`). azureml-assets' publisher turns
 * each top-level `system_metadata` value into such text before a metadata update (`publish_utils.py`
 * `stringify_dictionary`: a dict → JSON, anything else → `str()`; test/fixtures/azureml/registryModels.json `wireFormat`),
 * and pandas writes list cells the same way. `parseLiteralText` reads either; text that is neither is `undefined`.
 */

export type LiteralValue = string | number | boolean | null | LiteralValue[] | { [key: string]: LiteralValue };

export function parseLiteralText(text: string): LiteralValue | undefined {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed) as LiteralValue;
  } catch {
    // not JSON: a Python literal, perhaps
  }
  const parser = new PythonLiteralParser(trimmed);
  try {
    const value = parser.value();
    return parser.done() ? value : undefined;
  } catch {
    return undefined;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

/** A recursive-descent reader of Python's literal syntax: strings, numbers, True/False/None, lists, tuples, dicts. */
class PythonLiteralParser {
  private at = 0;

  constructor(private readonly text: string) {}

  done(): boolean {
    this.space();
    return this.at === this.text.length;
  }

  value(): LiteralValue {
    this.space();
    const char = this.text[this.at];
    if (char === '[' || char === '(') return this.sequence(char === '[' ? ']' : ')');
    if (char === '{') return this.dict();
    if (char === "'" || char === '"') return this.string();
    for (const [word, value] of [['True', true], ['False', false], ['None', null]] as const) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    const number = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(this.text.slice(this.at))?.[0];
    if (!number) throw new Error(`unexpected ${char ?? 'end'} at ${this.at}`);
    this.at += number.length;
    return Number(number);
  }

  private sequence(close: string): LiteralValue[] {
    this.at += 1;
    const items: LiteralValue[] = [];
    while (!this.take(close)) {
      items.push(this.value());
      if (!this.take(',')) {
        this.expect(close);
        break;
      }
    }
    return items;
  }

  private dict(): { [key: string]: LiteralValue } {
    this.at += 1;
    const entries: { [key: string]: LiteralValue } = {};
    while (!this.take('}')) {
      const key = this.value();
      this.expect(':');
      entries[String(key)] = this.value();
      if (!this.take(',')) {
        this.expect('}');
        break;
      }
    }
    return entries;
  }

  private string(): string {
    const quote = this.text[this.at];
    this.at += 1;
    let result = '';
    while (this.at < this.text.length && this.text[this.at] !== quote) {
      const char = this.text[this.at] ?? '';
      if (char === '\\') {
        const next = this.text[this.at + 1] ?? '';
        result += ESCAPES[next] ?? `\\${next}`;
        this.at += 2;
      } else {
        result += char;
        this.at += 1;
      }
    }
    this.expect(quote ?? '');
    return result;
  }

  private space(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at += 1;
  }

  private take(char: string): boolean {
    this.space();
    if (this.text[this.at] !== char) return false;
    this.at += 1;
    return true;
  }

  private expect(char: string): void {
    if (!this.take(char)) throw new Error(`expected ${char} at ${this.at}`);
  }
}
