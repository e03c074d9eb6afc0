// Tooltips carry third-party text (names, descriptions, URLs): untrusted Markdown, with that text escaped.
import * as vscode from 'vscode';

/** The lines that are defined, as paragraphs of Markdown that can run no command and show no HTML. */
export function untrusted(lines: (string | undefined)[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(lines.filter((l) => l !== undefined).join('\n\n'));
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

/** Backslash-escapes Markdown so a forge's text cannot add links or formatting. */
export function plain(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}
