// Pure rules for text a forge sent, before a user sees it. VS Code renders Markdown links in
// notifications and messages, and a `command:` link there would run a command when clicked.

const ZERO_WIDTH_SPACE = '\u200b';

/** Forge text with every Markdown link broken and every `command:` scheme defanged; readable otherwise. */
export function neutraliseLinks(text: string): string {
  return text.replace(/\]\s*\(/g, `]${ZERO_WIDTH_SPACE}(`).replace(/command:/gi, (m) => `${m.slice(0, -1)}${ZERO_WIDTH_SPACE}:`);
}

/** Only http and https pages are opened in the browser: never `command:`, `file:`, `vscode:` or `javascript:`. */
export function isWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}
