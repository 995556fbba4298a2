// Regenerates the checked-in docs that are derived from code (docs/diagnostics.md). Run after `npm run build`.
import { writeFileSync } from 'node:fs';
import { renderDiagnosticsDoc } from '../dist/checks/catalogue-doc.js';

writeFileSync(new URL('../docs/diagnostics.md', import.meta.url), renderDiagnosticsDoc());
console.log('wrote docs/diagnostics.md');
