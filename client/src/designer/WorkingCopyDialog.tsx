import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import type { WorkingCopyOffer } from './useWorkingCopy';

interface WorkingCopyDialogProps {
  offer: WorkingCopyOffer;
  onRestore: () => void;
  onDiscard: () => void;
}

/**
 * "Du har osparade ändringar från …": a modal alertdialog when the designer opens with a working
 * copy the server lacks, so it is decided before anything is edited over it. Focus starts on
 * "Återställ"; Escape restores too (undoable, while discarding is not: nothing is lost by it).
 */
export function WorkingCopyDialog({ offer, onRestore, onDiscard }: WorkingCopyDialogProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const restoreRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const textId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    dialog.showModal();
    restoreRef.current?.focus();
    return () => dialog.close();
  }, []);

  // closed before the choice takes effect, so the page is no longer inert when focus moves there
  const choose = (action: () => void) => () => {
    dialogRef.current?.close();
    action();
  };

  return (
    <dialog
      ref={dialogRef}
      className="working-copy-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={textId}
      data-testid="working-copy"
      onCancel={(event) => {
        event.preventDefault();
        choose(onRestore)();
      }}
    >
      <h2 id={titleId}>{t('designer.workingCopy.title')}</h2>
      <div id={textId}>
        <p>{t('designer.workingCopy.found', { time: formatDateTime(offer.copy.savedAt, language) })}</p>
        {offer.movedOn && <p data-testid="working-copy-moved-on">{t('designer.workingCopy.movedOn')}</p>}
      </div>
      <div className="dialog-buttons">
        <button ref={restoreRef} type="button" className="btn btn-primary" data-testid="working-copy-restore" onClick={choose(onRestore)}>
          {t('designer.workingCopy.restore')}
        </button>
        <button type="button" className="btn btn-secondary" data-testid="working-copy-discard" onClick={choose(onDiscard)}>
          {t('designer.workingCopy.discard')}
        </button>
      </div>
    </dialog>
  );
}
