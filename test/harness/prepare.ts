// Installs everything the end-to-end harness needs, once: `node --import tsx test/harness/prepare.ts`.
import { ensureCodeServer } from './codeServerInstall';
import { ensureDebianPackages, HARNESS_PACKAGES, type HarnessPackage } from './systemPackages';

ensureDebianPackages(Object.keys(HARNESS_PACKAGES) as HarnessPackage[]);
console.log(`code-server ready: ${ensureCodeServer()}`);
