// Whether this window has focus: polls and re-reads run only while it has. Fed by VS Code's window
// state; a test may hold it at a value, so the workbench's own focus changes cannot race with it.
import * as vscode from 'vscode';

export class WindowFocus implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<boolean>();
  readonly onDidChange = this.emitter.event;
  private real = vscode.window.state.focused;
  private held: boolean | undefined;
  private readonly subscription = vscode.window.onDidChangeWindowState((state) => {
    this.real = state.focused;
    if (this.held === undefined) this.emitter.fire(state.focused);
  });

  get focused(): boolean {
    return this.held ?? this.real;
  }

  /** Holds the state at `focused` until release(); for tests. */
  hold(focused: boolean): void {
    const before = this.focused;
    this.held = focused;
    if (before !== focused) this.emitter.fire(focused);
  }

  release(): void {
    const before = this.focused;
    this.held = undefined;
    if (before !== this.real) this.emitter.fire(this.real);
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
