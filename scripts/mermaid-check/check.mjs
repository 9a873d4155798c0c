// make examples (scripts/check-examples.sh): parses each Mermaid file named on the command line
// with the mermaid package, as GitHub and GitLab do before drawing it (under jsdom, for the DOM
// its sanitizer needs), printing the diagram type; exits 1 if any fails to parse. The versions
// are pinned by package.json and package-lock.json beside this file.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const { diagramType } = await mermaid.parse(readFileSync(file, 'utf8'));
    console.log(`ok      ${file} (${diagramType})`);
  } catch (e) {
    console.log(`FAILED  ${file}\n        ${String(e.message ?? e).replaceAll('\n', '\n        ')}`);
    failed = 1;
  }
}
process.exit(failed);
