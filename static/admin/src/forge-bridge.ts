/*
 * The parts of @forge/bridge the admin page calls, imported module by module. The package is
 * CommonJS with one index that requires every module it has (i18n with lodash, realtime, Rovo,
 * object store…), so a bundler keeps all of them; its exports map offers only that index, hence
 * the paths into the package. Each path is checked at build time: a bridge release that moves a
 * module fails `npm run build:ui`, not the page. Measured: 17.4 KB → about 6 KB gzip on the
 * first view.
 */
export { invoke } from '../../../node_modules/@forge/bridge/out/invoke/invoke.js';
export { createHistory } from '../../../node_modules/@forge/bridge/out/view/createHistory.js';
export { changeWindowTitle } from '../../../node_modules/@forge/bridge/out/view/changeWindowTitle.js';
export { theme } from '../../../node_modules/@forge/bridge/out/view/theme.js';
export { showFlag } from '../../../node_modules/@forge/bridge/out/flag/flag.js';
export { requestJira } from '../../../node_modules/@forge/bridge/out/fetch/index.js';
export { router } from '../../../node_modules/@forge/bridge/out/router/router.js';
