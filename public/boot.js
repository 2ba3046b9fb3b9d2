// Starts Traffic Designer. Works on its own page (dist/index.html) and on a
// host page that includes it with
//   <script type="module" src="/path/to/dist/boot.js"></script>
// next to one or more <div data-traffic-designer data-preset="canary"> elements.
// Every URL is relative to this file, so dist/ can live under any sub-path.
import init from './traffic-designer.js';

const base = new URL('.', import.meta.url);
globalThis.__trafficDesignerBase = base.href;
await init({ module_or_path: new URL('traffic-designer_bg.wasm', base) });
