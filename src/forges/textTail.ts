// Reads a plain-text answer (a job log) keeping only its last bytes, so a log of any size costs a
// bounded amount of memory. A log is read from its start (GitLab's trace endpoint has no ranges), so
// the stream is also cut off after `streamLimitBytes`: beyond that, the bytes before the cut are kept.

export interface TextTail {
  readonly text: string;
  /** How many bytes the forge sent (up to the cut, when there was one). */
  readonly totalBytes: number;
  /** `head`: only the end was kept. `tooLong`: the stream was stopped before its end. */
  readonly cut?: 'head' | 'tooLong';
}

export async function readTail(body: AsyncIterable<Uint8Array>, keepBytes: number, streamLimitBytes: number): Promise<TextTail> {
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let totalBytes = 0;
  let tooLong = false;
  for await (const chunk of body) {
    chunks.push(chunk);
    kept += chunk.length;
    totalBytes += chunk.length;
    while (chunks.length > 1 && kept - chunks[0].length >= keepBytes) kept -= chunks.shift()!.length;
    if (totalBytes >= streamLimitBytes) {
      tooLong = true;
      break;
    }
  }
  const all = Buffer.concat(chunks);
  const tail = all.length > keepBytes ? all.subarray(all.length - keepBytes) : all;
  const dropped = totalBytes > tail.length;
  let text = new TextDecoder('utf-8', { fatal: false }).decode(tail);
  // The first line of a cut tail is a part of a line (and may start inside a character): drop it.
  if (dropped) text = text.slice(text.indexOf('\n') + 1);
  return { text, totalBytes, cut: tooLong ? 'tooLong' : dropped ? 'head' : undefined };
}
