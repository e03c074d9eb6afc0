// Stands in for node-fetch's multipart parser in the bundle: it backs Response.formData(), which MR Gates
// never calls (it reads JSON and text). Saves ~4 KB.
export async function toFormData() {
  throw new Error('MR Gates reads no multipart bodies');
}
