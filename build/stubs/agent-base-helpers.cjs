// Stands in for agent-base's helpers (toBuffer, json, req) in the bundle: agent-base only re-exports
// them, and neither https-proxy-agent nor MR Gates calls them. Saves ~1 KB.
function unused() {
  throw new Error('MR Gates does not use agent-base helpers');
}
exports.toBuffer = unused;
exports.json = unused;
exports.req = unused;
