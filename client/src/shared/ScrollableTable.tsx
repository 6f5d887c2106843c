import { useId, type ReactNode } from 'react';

interface ScrollableTableProps {
  /** Names the table's scrolling region for screen readers (unless a caption does) */
  label?: string;
  /** A visible caption; it then names the region */
  caption?: ReactNode;
  /** Column headings, in order */
  columns: readonly ReactNode[];
  className?: string;
  testId?: string;
  /** The rows */
  children: ReactNode;
  /** Rows after them, e.g. the totals */
  footer?: ReactNode;
}

/**
 * A table that scrolls sideways on a narrow screen instead of widening the page (WCAG 1.4.10).
 * The scrolling region is focusable and named, so a keyboard user can scroll it too.
 */
export function ScrollableTable({ label, caption, columns, className, testId, children, footer }: ScrollableTableProps) {
  const captionId = useId();
  const name = caption ? { 'aria-labelledby': captionId } : { 'aria-label': label };
  return (
    <div className="table-scroll" role="region" {...name} tabIndex={0}>
      <table className={className} data-testid={testId}>
        {caption && <caption id={captionId}>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
        {footer && <tfoot>{footer}</tfoot>}
      </table>
    </div>
  );
}
