import * as z from 'zod';

/**
 * Imported first by every webview, before any schema exists. Zod 4 compiles object parsers with `new Function`,
 * and probes whether it may by calling `new Function("")` once: under the webviews' CSP (scripts by nonce only, no
 * 'unsafe-eval') that probe is refused and reported as a `securitypolicyviolation` on every load, though zod then
 * falls back. `jitless` skips the probe and the compilation; messages are small, the interpreted parser is enough.
 */
z.config({ jitless: true });
