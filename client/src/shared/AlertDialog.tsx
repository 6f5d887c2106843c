import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface AlertDialogButton {
  label: string;
  onClick: () => void;
  testId?: string;
}

interface AlertDialogProps {
  /** Shown as a modal while true; a dialog mounted only while it is needed passes true */
  open: boolean;
  /**
   * Closes the dialog before a button's or Escape's action runs, so that the action can move focus
   * into the page (inert while the dialog is modal) after focus went back; otherwise the dialog stays
   * open until `open` turns false
   */
  closeBeforeAction?: boolean;
  className: string;
  testId?: string;
  title: ReactNode;
  description: ReactNode;
  /** What Escape does instead of closing: the caller decides which choice is the safe one */
  onEscape: () => void;
  /** Focused when the dialog opens */
  primary: AlertDialogButton;
  secondary: AlertDialogButton;
  /** Shown between the description and the buttons */
  children?: ReactNode;
}

/**
 * A modal alertdialog that asks for one of two choices: the page behind is inert, focus starts on
 * the primary button and goes back where it was when the dialog closes, if that is still in the page.
 */
export function AlertDialog({
  open,
  closeBeforeAction = false,
  className,
  testId,
  title,
  description,
  onEscape,
  primary,
  secondary,
  children,
}: AlertDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const primaryRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<Element | null>(null);
  const titleId = useId();
  const descriptionId = useId();

  const close = () => {
    const dialog = dialogRef.current;
    if (!dialog?.open) return;
    dialog.close();
    if (returnFocus.current instanceof HTMLElement && returnFocus.current.isConnected) returnFocus.current.focus();
  };

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnFocus.current = document.activeElement;
      dialog.showModal();
      primaryRef.current?.focus();
    } else if (!open) close();
  }, [open]);

  const run = (action: () => void) => () => {
    if (closeBeforeAction) close();
    action();
  };

  return (
    <dialog
      ref={dialogRef}
      className={className}
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        run(onEscape)();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div id={descriptionId}>{description}</div>
      {children}
      <div className="dialog-buttons">
        <button ref={primaryRef} type="button" className="btn btn-primary" data-testid={primary.testId} onClick={run(primary.onClick)}>
          {primary.label}
        </button>
        <button type="button" className="btn btn-secondary" data-testid={secondary.testId} onClick={run(secondary.onClick)}>
          {secondary.label}
        </button>
      </div>
    </dialog>
  );
}
