// Stands in for node-fetch's referrer-policy code in the bundle. MR Gates sets no referrer, so every
// request is 'no-referrer' and sends no Referer header, as with the real module; and it follows no
// redirects through node-fetch (redirect: 'manual'), so no policy is read from a response. Saves ~2 KB.
export const DEFAULT_REFERRER_POLICY = 'no-referrer';
export function validateReferrerPolicy(policy) {
  return policy;
}
export function determineRequestsReferrer() {
  return 'no-referrer';
}
export function parseReferrerPolicyFromHeader() {
  return '';
}
