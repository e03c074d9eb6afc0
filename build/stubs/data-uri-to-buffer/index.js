// Stands in for data-uri-to-buffer in the bundle: node-fetch uses it only to fetch data: URLs, and
// MR Gates requests http(s) URLs only.
export default function dataUriToBuffer() {
  throw new Error('MR Gates fetches no data: URLs');
}
