import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { GROUP_SLOT_CLASS } from './FieldRendering';

/**
 * A group's fields on the canvas, laid over the room its picture leaves for them (inside its
 * fieldset, in a repeating group's row), so they stand where the citizen sees them. They cannot
 * be inside the picture: it is inert and hidden from assistive technology, and each field is a
 * Tab stop of its own. The room takes the fields' height; the group's select button covers the
 * picture above it (its legend and help), so it does not lie over its fields.
 */
export function GroupFieldsInPlace({ children }: { children: ReactNode }) {
  const own = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const fields = own.current;
    const item = fields?.parentElement;
    const head = item?.querySelector<HTMLElement>(':scope > .designer-field-head');
    if (!fields || !item || !head) return;
    const place = () => {
      // looked up each time: the picture may be drawn anew
      const slot = head.querySelector<HTMLElement>(`.${GROUP_SLOT_CLASS}`);
      const button = head.querySelector<HTMLElement>('.designer-field-select');
      if (!slot || !button?.parentElement) return;
      slot.style.height = `${fields.offsetHeight}px`;
      const at = slot.getBoundingClientRect();
      const within = item.getBoundingClientRect();
      fields.style.top = `${at.top - within.top - item.clientTop}px`;
      fields.style.left = `${at.left - within.left - item.clientLeft}px`;
      fields.style.width = `${at.width}px`;
      button.style.height = `${at.top - button.parentElement.getBoundingClientRect().top}px`;
    };
    place();
    const observer = new ResizeObserver(place);
    observer.observe(fields);
    observer.observe(head);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={own} className="designer-group-fields">
      {children}
    </div>
  );
}
