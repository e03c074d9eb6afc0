// Stands in for fetch-blob in the bundle: node-fetch imports it for Blob bodies and Response.blob(),
// and MR Gates sends JSON strings and reads text only. Saves ~4 KB.
export default class Blob {
  constructor() {
    throw new Error('MR Gates uses no Blob bodies');
  }
}
