import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

export interface MenuItem {
  id: string;
  label: string;
  disabled?: boolean;
  onSelect: () => void;
}

interface FieldMenuProps {
  /** The button's accessible name ("Åtgärder för Barnets förnamn") */
  label: string;
  /** The button's visible text */
  text: string;
  items: MenuItem[];
  /** The button's place in the Tab order (the canvas keeps one field's menu in it) */
  tabIndex: number;
  buttonId: string;
}

/**
 * A menu button as the WAI-ARIA APG's menu pattern has it: Enter, Space or ↓ opens the menu on
 * its first item, ↑ on its last; ↑/↓ (wrapping), Home and End move, Enter or Space runs an item,
 * Escape closes it and returns focus to the button, Tab or a click elsewhere closes it.
 */
export function FieldMenu({ label, text, items, tabIndex, buttonId }: FieldMenuProps) {
  const menuId = useId();
  const [open, setOpen] = useState<number | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (open === null) return;
    (menu.current?.children[open] as HTMLElement | undefined)?.focus();
  }, [open]);
  useEffect(() => {
    if (open === null) return;
    const outside = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node)) setOpen(null);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const close = () => {
    setOpen(null);
    button.current?.focus();
  };
  const run = (item: MenuItem) => {
    if (item.disabled) return;
    setOpen(null);
    // the action decides where focus goes (it may move or remove this field)
    button.current?.focus();
    item.onSelect();
  };

  function onButtonKey(event: KeyboardEvent): void {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      event.stopPropagation();
      setOpen(event.key === 'ArrowDown' ? 0 : items.length - 1);
    }
  }

  function onMenuKey(event: KeyboardEvent, index: number): void {
    const last = items.length - 1;
    const to = (i: number) => {
      event.preventDefault();
      setOpen(i);
    };
    event.stopPropagation();
    switch (event.key) {
      case 'ArrowDown':
        return to(index === last ? 0 : index + 1);
      case 'ArrowUp':
        return to(index === 0 ? last : index - 1);
      case 'Home':
        return to(0);
      case 'End':
        return to(last);
      case 'Escape':
        event.preventDefault();
        return close();
      case 'Tab':
        return setOpen(null);
      case 'Enter':
      case ' ':
        event.preventDefault();
        return run(items[index]!);
      default: {
        // a printable character moves to the next item that starts with it
        if (event.key.length !== 1) return;
        const key = event.key.toLowerCase();
        const order = [...items.slice(index + 1), ...items.slice(0, index + 1)];
        const match = order.find((item) => item.label.toLowerCase().startsWith(key));
        if (match) to(items.indexOf(match));
      }
    }
  }

  return (
    <span className="designer-menu">
      <button
        ref={button}
        type="button"
        id={buttonId}
        className="btn btn-small designer-menu-button"
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open !== null ? menuId : undefined}
        aria-label={label}
        tabIndex={tabIndex}
        onClick={() => (open === null ? setOpen(0) : setOpen(null))}
        onKeyDown={onButtonKey}
      >
        {text}
      </button>
      {open !== null && (
        <ul ref={menu} id={menuId} role="menu" aria-label={label} className="designer-menu-list">
          {items.map((item, index) => (
            <li
              key={item.id}
              role="menuitem"
              tabIndex={-1}
              aria-disabled={item.disabled || undefined}
              data-testid={`menu-${item.id}`}
              onClick={() => run(item)}
              onKeyDown={(event) => onMenuKey(event, index)}
            >
              {item.label}
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}
