// A check run's report is Markdown from a third party. Before MR Gates shows it in VS Code's Markdown
// preview, raw HTML (and with it scripts, iframes and forms) is turned into visible text, and links
// that would run a VS Code command are broken. Code spans and fenced blocks are left as written:
// the preview shows them literally anyway.
import { neutraliseLinks } from './displayText';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => ESCAPES[c]);
}

/** Splits Markdown into code (fenced blocks, inline spans) and prose, keeping the order. */
function pieces(markdown: string): { code: boolean; text: string }[] {
  const out: { code: boolean; text: string }[] = [];
  const code = /(^|\n)(```|~~~)[^\n]*\n[\s\S]*?(\n\2[^\n]*(?=\n|$)|$)|(`+)[^`\n]*?\4/g;
  let last = 0;
  for (const match of markdown.matchAll(code)) {
    const start = match.index + (match[1]?.length ?? 0);
    if (start > last) out.push({ code: false, text: markdown.slice(last, start) });
    out.push({ code: true, text: markdown.slice(start, match.index + match[0].length) });
    last = match.index + match[0].length;
  }
  if (last < markdown.length) out.push({ code: false, text: markdown.slice(last) });
  return out;
}

export function safeMarkdown(markdown: string): string {
  return pieces(markdown)
    .map((piece) => (piece.code ? piece.text : neutraliseLinks(escapeHtml(piece.text))))
    .join('');
}
