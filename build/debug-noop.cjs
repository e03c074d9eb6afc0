// Stands in for the `debug` package in the bundle: https-proxy-agent and agent-base log through it,
// and the extension never turns that logging on. Saves ~9 KB (debug, supports-color, ms).
const noop = () => {};
module.exports = function createDebug() {
  return Object.assign(noop, { enabled: false, extend: createDebug });
};
