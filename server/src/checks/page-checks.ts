/**
 * The scan's own checks, run inside the page (serialised by playwright: no imports, no closures).
 * axe-core does not check these: a group of choices without a name, an error that is not tied to
 * its field, and the keyboard walk's focus styles.
 */

export interface PageProblem {
  rule: 'group-unnamed' | 'error-not-associated';
  target: string;
}

/** Groups of radio buttons or checkboxes need a name (legend or aria-label); errors must be tied to their fields. */
export function groupAndErrorProblems(): PageProblem[] {
  const selectorOf = (element: Element): string => (element.id ? `#${element.id}` : element.tagName.toLowerCase());
  const problems: PageProblem[] = [];
  const nameOf = (group: Element): string => {
    const legend = group.querySelector(':scope > legend');
    const labelledBy = (group.getAttribute('aria-labelledby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
    return `${legend?.textContent ?? ''} ${group.getAttribute('aria-label') ?? ''} ${labelledBy}`.replace(/\*|\((?:obligatoriskt|required)\)/g, '').trim();
  };
  const groups = new Set<Element>();
  for (const input of Array.from(document.querySelectorAll('main input[type=radio], main input[type=checkbox]'))) {
    const group = input.closest('fieldset, [role=radiogroup], [role=group]');
    const siblings = group?.querySelectorAll(`input[type=${(input as HTMLInputElement).type}]`).length ?? 0;
    if (group && siblings > 1) groups.add(group);
    else if (!group && document.querySelectorAll(`main input[name="${(input as HTMLInputElement).name}"]`).length > 1) {
      problems.push({ rule: 'group-unnamed', target: selectorOf(input) });
    }
  }
  for (const group of groups) {
    // a group without an id is named by its first choice
    const first = group.querySelector('input[id]');
    if (!nameOf(group)) problems.push({ rule: 'group-unnamed', target: group.id || !first ? selectorOf(group) : `${group.tagName.toLowerCase()}:has(#${first.id})` });
  }

  // after an empty "Next": every error the summary lists must be on its field (aria-invalid) and read with it (aria-describedby)
  for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>('[data-testid=error-summary] a[href^="#"]'))) {
    const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) {
      problems.push({ rule: 'error-not-associated', target: link.hash });
      continue;
    }
    const holders = [field, field.closest('fieldset')].filter((e): e is HTMLElement => e !== null);
    const describedText = holders
      .flatMap((holder) => (holder.getAttribute('aria-describedby') ?? '').split(/\s+/))
      .map((id) => (id ? (document.getElementById(id)?.textContent ?? '') : ''))
      .join(' ')
      .trim();
    const invalid = holders.some((holder) => holder.getAttribute('aria-invalid') === 'true') || field.closest('fieldset')?.querySelector('[aria-invalid=true]') != null;
    if (!invalid || describedText === '') problems.push({ rule: 'error-not-associated', target: selectorOf(field) });
  }
  return problems;
}

/** Marks every control of the form with data-scan-control and returns each one's group and unfocused style. */
export function markControls(): { index: number; group: string; target: string; style: string }[] {
  const visible = (element: HTMLElement) => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden';
  const controls = Array.from(document.querySelectorAll<HTMLElement>('main input, main select, main textarea, main button, main a[href]')).filter(
    (element) => !(element as HTMLInputElement).disabled && (element as HTMLInputElement).type !== 'hidden' && visible(element),
  );
  return controls.map((element, index) => {
    element.setAttribute('data-scan-control', String(index));
    const style = getComputedStyle(element);
    const input = element as HTMLInputElement;
    // a radio group is one tab stop: the arrow keys move within it
    const group = input.type === 'radio' && input.name ? `radio:${input.name}` : String(index);
    return { index, group, target: element.id ? `#${element.id}` : element.tagName.toLowerCase(), style: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}|${style.boxShadow}` };
  });
}

/** The focused control (its data-scan-control) and its focus style; null when focus is outside the form. */
export function focusedControl(): { index: number; style: string; outline: boolean; focusVisible: boolean } | null {
  const element = document.activeElement as HTMLElement | null;
  const index = element?.getAttribute('data-scan-control');
  if (!element || index == null) return null;
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return { index: Number(index), style: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}|${style.boxShadow}`, outline: outline || style.boxShadow !== 'none', focusVisible: element.matches(':focus-visible') };
}

/**
 * Reflow (WCAG 1.4.10): at 320 CSS px the page must not scroll sideways. How far it does, and the
 * innermost elements reaching past the right edge (those inside their own scrolling box do not count).
 */
export function sidewaysScroll(): { overflow: number; targets: string[] } {
  const root = document.documentElement;
  const overflow = root.scrollWidth - root.clientWidth;
  if (overflow <= 0) return { overflow: 0, targets: [] };
  const width = root.clientWidth;
  const scrollsItself = (element: Element) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(element).overflowX);
  const insideScrollBox = (element: Element) => {
    for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) if (scrollsItself(parent)) return true;
    return false;
  };
  // an element reaching past the edge, or one whose text does (a long word overflows its box)
  const sticksOut = (e: Element) => e.getBoundingClientRect().right > width + 0.5 || (e.scrollWidth > e.clientWidth + 0.5 && !scrollsItself(e) && e.clientWidth > 0);
  const sticking = Array.from(document.body.querySelectorAll('*')).filter((e) => sticksOut(e) && !insideScrollBox(e));
  const innermost = sticking.filter((e) => !sticking.some((other) => other !== e && e.contains(other)));
  const selectorOf = (element: Element) => (element.id ? `#${element.id}` : [element.tagName.toLowerCase(), ...Array.from(element.classList)].join('.'));
  return { overflow, targets: [...new Set(innermost.map(selectorOf))].slice(0, 5) };
}
