import type { Locator, Page } from 'playwright-core';

/**
 * A test's UI actions, counted: each click, fill, check, choice in a select, key press and drag a
 * person makes is one, whatever the test then waits for or asserts (those are not actions).
 * Counted by part ("step 2"), to see where the actions go.
 */
export class UiActions {
  private readonly counts = new Map<string, number>();
  private part = '';

  constructor(private readonly page: Page) {}

  /** The actions that follow belong to this part of the journey. */
  partOf(name: string): void {
    this.part = name;
  }

  get total(): number {
    return [...this.counts.values()].reduce((sum, n) => sum + n, 0);
  }

  /** "total (part: n, …)", most first */
  summary(): string {
    const parts = [...this.counts].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name}: ${n}`);
    return `${this.total} (${parts.join(', ')})`;
  }

  private counted<T>(action: Promise<T>): Promise<T> {
    this.counts.set(this.part, (this.counts.get(this.part) ?? 0) + 1);
    return action;
  }

  click = (target: Locator) => this.counted(target.click());
  fill = (target: Locator, text: string) => this.counted(target.fill(text));
  check = (target: Locator) => this.counted(target.check());
  select = (target: Locator, option: string | { label: string }) => this.counted(target.selectOption(option));
  press = (key: string) => this.counted(this.page.keyboard.press(key));
  drag = (from: Locator, to: Locator) => this.counted(from.dragTo(to));
}
