// See index.js: node-fetch re-exports these; MR Gates never calls them.
import Blob from './index.js';

function unused() {
  throw new Error('MR Gates reads no files into Blobs');
}

export { Blob, Blob as File, unused as fileFrom, unused as fileFromSync, unused as blobFrom, unused as blobFromSync };
